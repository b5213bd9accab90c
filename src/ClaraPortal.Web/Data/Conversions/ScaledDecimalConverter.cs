using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ClaraPortal.Web.Data.Conversions;

/// <summary>
/// Stores <c>decimal</c> as a SQLite INTEGER count of ten-thousandths (12500.01 -> 125000100).
/// SQLite has no decimal type: EF Core would store TEXT, which compares as strings ("100.00" sorts
/// before "20.00"), so EF refuses to translate comparisons, sums and ORDER BY on decimals. An exact
/// scaled integer keeps money exact (no double anywhere) and lets SQL filter, sort and sum it. Four
/// places cover Clara's two and leave room; a value with more fails loudly instead of rounding.
/// </summary>
public sealed class ScaledDecimalConverter() : ValueConverter<decimal, long>(v => ToScaled(v), v => FromScaled(v))
{
    public const decimal Scale = 10_000m;

    // Dividing by 1.000...m strips trailing zeros, so 0.10m comes back as 0.1 (equal as a decimal).
    private const decimal Normalizer = 1.0000000000000000000000000000m;

    public static long ToScaled(decimal value)
    {
        var scaled = value * Scale;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Amounts are stored with at most 4 decimal places.");
        }

        return decimal.ToInt64(scaled);
    }

    public static decimal FromScaled(long value) => value / Scale / Normalizer;
}
