using System.Globalization;

namespace ClaraPortal.Web.Localization;

/// <summary>Amounts and dates as the current culture writes them (12,500.01 MXN / 12,500.01 MXN; 11/24/2026 / 24/11/2026).</summary>
public static class PortalFormat
{
    public static string Money(decimal amount, string? currency, CultureInfo? culture = null)
    {
        var text = amount.ToString("N2", culture ?? CultureInfo.CurrentCulture);
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
}
