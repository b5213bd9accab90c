using System.Globalization;

namespace ClaraPortal.Web.Localization;

/// <summary>
/// Amounts and dates as the current culture writes them (12,500.01 MXN / 12,500.01 MXN / 12.500,01 MXN;
/// 11/24/2026 / 24/11/2026 / 24/11/2026), and reais as a Brazilian reads them (R$ 12.500,01).
/// </summary>
public static class PortalFormat
{
    public static string Money(decimal amount, string? currency, CultureInfo? culture = null)
    {
        culture ??= CultureInfo.CurrentCulture;
        if (WritesOwnSymbol(culture, currency))
        {
            return amount.ToString("C2", culture);
        }

        var text = amount.ToString("N2", culture);
        return string.IsNullOrEmpty(currency) ? text : $"{text} {currency}";
    }

    public static string Money(decimal? amount, string? currency, CultureInfo? culture = null) =>
        amount is { } value ? Money(value, currency, culture) : "—";

    /// <summary>A whole number with the culture's group separators ("1,234").</summary>
    public static string Count(int value, CultureInfo? culture = null) => value.ToString("N0", culture ?? CultureInfo.CurrentCulture);

    public static string Date(DateOnly date, CultureInfo? culture = null) =>
        date.ToString("d", culture ?? CultureInfo.CurrentCulture);

    /// <summary>A timestamp in the given time zone (the server's by default), short date and time.</summary>
    public static string Timestamp(DateTimeOffset value, TimeZoneInfo? zone = null, CultureInfo? culture = null) =>
        TimeZoneInfo.ConvertTime(value, zone ?? TimeZoneInfo.Local).ToString("g", culture ?? CultureInfo.CurrentCulture);

    // Only the real's "R$" is written as a symbol, and only for a Brazilian reader: it names one currency, where the
    // peso's and the dollar's "$" would name several, so every other amount keeps its ISO code beside the number.
    private static bool WritesOwnSymbol(CultureInfo culture, string? currency) =>
        string.Equals(currency, "BRL", StringComparison.OrdinalIgnoreCase)
        && string.Equals(culture.Name, PortalCultures.PortugueseBrazil, StringComparison.OrdinalIgnoreCase);
}
