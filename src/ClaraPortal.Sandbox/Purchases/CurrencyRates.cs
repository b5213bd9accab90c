namespace ClaraPortal.Sandbox.Purchases;

/// <summary>
/// Fixed sandbox exchange rates, used only to reserve a VCN's amount on an RCN in another currency
/// (a USD card funded by an MXN RCN). Fixed so tests can predict the available credit.
/// </summary>
internal static class CurrencyRates
{
    private static readonly Dictionary<string, decimal> MxnPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MXN"] = 1m,
        ["USD"] = 18.00m,
        ["EUR"] = 19.50m,
    };

    public static decimal Convert(decimal amount, string from, string to) =>
        string.Equals(from, to, StringComparison.OrdinalIgnoreCase)
            ? amount
            : Math.Round(amount * Rate(from) / Rate(to), 2, MidpointRounding.AwayFromZero);

    private static decimal Rate(string currency) => MxnPerUnit.TryGetValue(currency, out var rate)
        ? rate
        : throw new InvalidOperationException($"The sandbox has no rate for {currency}.");
}
