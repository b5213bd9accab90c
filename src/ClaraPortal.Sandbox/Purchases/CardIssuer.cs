using System.Security.Cryptography;
using System.Text;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>
/// Makes card numbers the way an issuer would, from test BIN ranges no real card uses:
/// MXN cards are Visa-like 400000xxxxxxxxxx, other currencies Mastercard-like 555534xxxxxxxxxx.
/// 16 digits, Luhn-valid, unique within the sandbox. Numbers are never logged.
/// </summary>
internal static class CardIssuer
{
    public const string VisaTestBin = "400000";
    public const string MastercardTestBin = "555534";

    public static string NewCardNumber(string currency, ISet<string> issued)
    {
        var bin = string.Equals(currency, "MXN", StringComparison.OrdinalIgnoreCase) ? VisaTestBin : MastercardTestBin;
        while (true)
        {
            var number = new StringBuilder(bin, 16);
            for (var i = number.Length; i < 15; i++)
            {
                number.Append((char)('0' + RandomNumberGenerator.GetInt32(10)));
            }

            number.Append(LuhnCheckDigit(number.ToString()));
            var candidate = number.ToString();
            if (issued.Add(candidate))
            {
                return candidate;
            }
        }
    }

    public static string NewCvv() => RandomNumberGenerator.GetInt32(0, 1000).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The digit that makes <paramref name="payload"/> + digit pass the Luhn check.</summary>
    public static char LuhnCheckDigit(string payload)
    {
        var sum = 0;
        var doubleIt = true; // the rightmost payload digit sits next to the check digit, so it is doubled
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var digit = payload[i] - '0';
            if (doubleIt)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubleIt = !doubleIt;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
