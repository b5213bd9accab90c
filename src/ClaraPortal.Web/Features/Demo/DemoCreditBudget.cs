namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// How much of each funding card's available credit live activity may hold, per currency: three quarters of what Clara
/// said at the start, so the people who use the demo afterwards can still issue cards. A card that would go over it is
/// left to history instead (which holds no credit).
/// </summary>
internal sealed class DemoCreditBudget
{
    public const decimal Share = 0.75m;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, decimal> _remaining;

    public DemoCreditBudget(DemoCatalog catalog) =>
        _remaining = catalog.FundingCards.ToDictionary(f => f.Key, f => (f.Value.AvailableCredit ?? 0m) * Share, StringComparer.Ordinal);

    public bool TryReserve(string currency, decimal amount)
    {
        lock (_gate)
        {
            if (!_remaining.TryGetValue(currency, out var left) || left < amount)
            {
                return false;
            }

            _remaining[currency] = left - amount;
            return true;
        }
    }

    /// <summary>Credit the card gave back (never issued, cancelled, or a single-use card spent below its limit).</summary>
    public void Release(string currency, decimal amount)
    {
        lock (_gate)
        {
            if (amount > 0 && _remaining.TryGetValue(currency, out var left))
            {
                _remaining[currency] = left + amount;
            }
        }
    }
}
