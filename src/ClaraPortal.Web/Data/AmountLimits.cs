using ClaraPortal.Web.Data.Conversions;

namespace ClaraPortal.Web.Data;

/// <summary>
/// The amounts the portal accepts from a person (forms, approvals, policy, filters), checked before anything is stored or
/// sent: a value past them would otherwise overflow the money columns (<see cref="ScaledDecimalConverter"/>) as an
/// exception instead of a message.
/// </summary>
public static class AmountLimits
{
    /// <summary>
    /// The largest amount anyone may enter: a trillion. Far above any template's maximum at Clara, and well inside what
    /// the money columns hold (SQLite: a long of ten-thousandths, ~9.2e14; PostgreSQL: numeric(18,4)).
    /// </summary>
    public const decimal Max = 1_000_000_000_000m;

    /// <summary>ISO 4217 currencies without minor units (Clara's contract allows two decimals at most for the rest).</summary>
    private static readonly HashSet<string> WholeUnitCurrencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    /// <summary>Decimals an amount in <paramref name="currency"/> may have: none for whole-unit currencies, else two (Clara's limit).</summary>
    public static int DecimalsOf(string? currency) => currency is not null && WholeUnitCurrencies.Contains(currency.Trim()) ? 0 : 2;

    /// <summary>True when <paramref name="amount"/> has more decimals than <paramref name="currency"/> allows.</summary>
    public static bool IsTooPrecise(decimal amount, string? currency) => amount != decimal.Round(amount, DecimalsOf(currency));

    /// <summary>True when <paramref name="amount"/> is beyond what anyone may enter, either way.</summary>
    public static bool IsOutOfRange(decimal amount) => amount > Max || amount < -Max;

    /// <summary>The largest amount the money columns hold (SQLite: long.MaxValue ten-thousandths).</summary>
    public const decimal MaxStorable = long.MaxValue / ScaledDecimalConverter.Scale;

    /// <summary>
    /// A filter's "at least" as the columns can compare it: rounded up to their four decimals and held inside their range,
    /// so 1e20 finds nothing instead of overflowing, and 1.00001 finds what it means (1.0001 and up).
    /// </summary>
    public static decimal AsLowerBound(decimal value) =>
        Math.Clamp(decimal.Round(Math.Clamp(value, -MaxStorable, MaxStorable), 4, MidpointRounding.ToPositiveInfinity), -MaxStorable, MaxStorable);

    /// <summary>A filter's "at most", rounded down to four decimals and held inside the columns' range.</summary>
    public static decimal AsUpperBound(decimal value) =>
        Math.Clamp(decimal.Round(Math.Clamp(value, -MaxStorable, MaxStorable), 4, MidpointRounding.ToNegativeInfinity), -MaxStorable, MaxStorable);

    /// <summary>True when the money columns can hold <paramref name="amount"/> exactly (a filter's bound, a stored figure).</summary>
    public static bool IsStorable(decimal amount) =>
        !IsOutOfRange(amount) && amount == decimal.Round(amount, 4);
}
