using System.Text.RegularExpressions;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Security;

/// <summary>
/// The one check every piece of free text the portal accepts goes through (references, custom field values, reasons,
/// comments, justifications): text holding what looks like a card number is refused, not stored. What people type is
/// stored, audited, exported and sent to Clara, and the number they just copied is one paste away.
/// </summary>
public static partial class CardNumberText
{
    /// <summary>The message every field shows for it, in the reader's language.</summary>
    public const string MessageKey = "Text.HasCardNumber";

    /// <summary>
    /// True when the text holds 13 to 19 digits (single spaces or dashes between them allowed) that start as a payment
    /// card does and pass the Luhn check. Dates, amounts, last fours and ids of other lengths do not, nor do order
    /// numbers that start with a year or another industry's digit (one in ten of any digits passes Luhn alone).
    /// </summary>
    public static bool Contains(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (Match run in DigitRun().Matches(text))
        {
            // \d is any Unicode digit (full-width ones too): each counts by its value.
            var digits = run.Value.Where(char.IsDigit).Select(c => (int)char.GetNumericValue(c)).ToArray();
            // A whole run, as a card is written; longer runs are ids and order numbers, not cards.
            if (digits.Length <= 19 && StartsAsPaymentCard(digits) && PassesLuhn(digits))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The localized refusal for <paramref name="text"/>, or null when it holds no card number.</summary>
    public static string? Problem(string? text, IStringLocalizer<SharedResource> localizer)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return Contains(text) ? localizer[MessageKey].Value : null;
    }

    // ISO/IEC 7812: cards of the networks start with 3 (Amex, Diners, JCB), 4 (Visa, Elo), 5 (Mastercard, Elo) or
    // 6 (Discover, Elo, Hipercard); of the 2s only Mastercard's 2221-2720. 1, 7, 8, 9 and 0 are other industries.
    private static bool StartsAsPaymentCard(ReadOnlySpan<int> digits) => digits[0] switch
    {
        3 or 4 or 5 or 6 => true,
        2 => (digits[0] * 1000) + (digits[1] * 100) + (digits[2] * 10) + digits[3] is >= 2221 and <= 2720,
        _ => false,
    };

    private static bool PassesLuhn(ReadOnlySpan<int> digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i];
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? (digit * 2) - 9 : digit * 2;
            }

            sum += digit;
        }

        return sum % 10 == 0;
    }

    [GeneratedRegex(@"\d(?:[ -]?\d){12,}")]
    private static partial Regex DigitRun();
}

/// <summary>A service refused free text holding a card number (the forms say so first; this is the last line).</summary>
public sealed class CardNumberInTextException(string paramName)
    : ArgumentException("The text must not contain a card number.", paramName), Localization.ILocalizedRefusal
{
    public string MessageKey => CardNumberText.MessageKey;

    public IReadOnlyList<object> MessageArguments => [];
}
