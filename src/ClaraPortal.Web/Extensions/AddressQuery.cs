using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ClaraPortal.Web.Extensions;

/// <summary>
/// The values of a page's address (<c>?supplier=12&amp;from=2026-01-01</c>) as the pages read them: ISO dates, invariant
/// numbers, enum names. A value that does not parse is null, never guessed, so a mistyped link shows more, not other.
/// </summary>
public sealed class AddressQuery(IReadOnlyDictionary<string, StringValues> values)
{
    /// <summary>The query of a whole URI, or a query with or without its '?'.</summary>
    public static AddressQuery Of(string? uriOrQuery)
    {
        var text = uriOrQuery ?? "";
        var mark = text.IndexOf('?', StringComparison.Ordinal);
        return new AddressQuery(QueryHelpers.ParseQuery(mark >= 0 ? text[mark..] : text));
    }

    /// <summary>The value, trimmed; null when missing or blank (a blank value is no value: "sort=%20" must not crash a parser).</summary>
    public string? Text(string key) =>
        values.TryGetValue(key, out var value) && value.ToString().Trim() is { Length: > 0 } text ? text : null;

    public DateOnly? Day(string key) =>
        DateOnly.TryParseExact(Text(key), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    public long? Number(string key) =>
        long.TryParse(Text(key), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>An amount the money columns can compare with; a huge or over-precise one is ignored like an unreadable one.</summary>
    public decimal? Amount(string key) =>
        decimal.TryParse(Text(key), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && Data.AmountLimits.IsStorable(amount)
            ? amount
            : null;

    /// <summary>An ISO 4217 code, upper-cased.</summary>
    public string? Currency(string key) =>
        Text(key) is { Length: 3 } currency && currency.All(char.IsAsciiLetter) ? currency.ToUpperInvariant() : null;

    // Names only: a number would parse as any value, defined or not.
    public TEnum? Enum<TEnum>(string key) where TEnum : struct, Enum =>
        Text(key) is { } text && !char.IsAsciiDigit(text[0]) && System.Enum.TryParse<TEnum>(text, ignoreCase: true, out var value)
            && System.Enum.IsDefined(value) ? value : null;

    /// <summary>How values are written back: ISO dates, invariant numbers, lower-case enum names.</summary>
    public static string Write(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Write(long number) => number.ToString(CultureInfo.InvariantCulture);

    public static string Write<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}
