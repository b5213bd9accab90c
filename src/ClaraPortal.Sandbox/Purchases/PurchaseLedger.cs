using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.State;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>
/// The money arithmetic of a VCN and its RCN, derived from the card's transactions so it can never
/// drift: spent, available, status, and how much RCN credit the card holds.
/// </summary>
internal static class PurchaseLedger
{
    /// <summary>ACTIVE, CANCELLED, EXHAUSTED as stored, or EXPIRED once today is past validTo.</summary>
    public static string EffectiveStatus(this PurchaseRecord purchase, DateOnly today) =>
        purchase.Status == StatusActive && today > purchase.ValidTo ? StatusExpired : purchase.Status;

    /// <summary>Net of charges minus refunds and reversals; a RECURRING card counts only the current calendar month.</summary>
    public static decimal Spent(this PurchaseRecord purchase, DateTimeOffset now) =>
        purchase.Transactions
            .Where(t => purchase.Usage != UsageRecurring || SameMonth(t.PostedAt, now))
            .Sum(t => t.Type switch
            {
                TransactionCharge => t.Amount,
                TransactionRefund or TransactionReversal => -t.Amount,
                _ => 0m,
            });

    public static decimal Available(this PurchaseRecord purchase, DateTimeOffset now) =>
        purchase.EffectiveStatus(DateOnly.FromDateTime(now.UtcDateTime)) == StatusActive
            ? Math.Max(0m, purchase.Amount - purchase.Spent(now))
            : 0m;

    /// <summary>
    /// What the card holds of its RCN's credit, in the card's currency: a usable card reserves its
    /// whole amount; a cancelled, expired or exhausted one only what it spent (the rest comes back).
    /// </summary>
    public static decimal Reserved(this PurchaseRecord purchase, DateTimeOffset now) =>
        purchase.EffectiveStatus(DateOnly.FromDateTime(now.UtcDateTime)) == StatusActive
            ? Math.Max(purchase.Amount, purchase.Spent(now))
            : Math.Max(0m, purchase.Spent(now));

    public static decimal AvailableCredit(FundingCard rcn, IEnumerable<PurchaseRecord> purchases, DateTimeOffset now) =>
        rcn.CreditLimit - purchases
            .Where(p => p.RcnId == rcn.Id && !p.CreditSettled)
            .Sum(p => CurrencyRates.Convert(p.Reserved(now), p.Currency, rcn.Currency));

    public static int ApprovedChargesInPeriod(this PurchaseRecord purchase, string period, DateTimeOffset now) =>
        purchase.Transactions.Count(t => t.Type == TransactionCharge && period.ToUpperInvariant() switch
        {
            "DAY" => t.PostedAt.UtcDateTime.Date == now.UtcDateTime.Date,
            "WEEK" => t.PostedAt > now.AddDays(-7),
            "YEAR" => t.PostedAt.UtcDateTime.Year == now.UtcDateTime.Year,
            _ => SameMonth(t.PostedAt, now),
        });

    public static TransactionDto ToDto(this TransactionRecord transaction, PurchaseRecord purchase) => new(
        purchase.Id, transaction.Id, transaction.PostedAt, transaction.Type, transaction.Amount, transaction.Currency,
        transaction.MerchantName, transaction.Mcc, purchase.RcnId, transaction.DeclineReason);

    /// <summary>The purchase as the API shows it; card number and CVV only when <paramref name="reveal"/>.</summary>
    public static PurchaseDto ToDto(this PurchaseRecord purchase, DateTimeOffset now, bool reveal, bool details) => new()
    {
        PurchaseId = purchase.Id,
        Status = purchase.EffectiveStatus(DateOnly.FromDateTime(now.UtcDateTime)),
        RcnId = purchase.RcnId,
        TemplateId = purchase.TemplateId,
        SupplierId = purchase.SupplierId,
        Amount = purchase.Amount,
        Currency = purchase.Currency,
        Spent = purchase.Spent(now),
        Available = purchase.Available(now),
        ValidFrom = purchase.ValidFrom,
        ValidTo = purchase.ValidTo,
        Reference = purchase.Reference,
        CardNumber = reveal ? purchase.CardNumber : null,
        Cvv = reveal ? purchase.Cvv : null,
        ExpirationDate = purchase.ExpirationDate,
        Last4 = purchase.Last4,
        CreatedAt = purchase.CreatedAt,
        UpdatedAt = purchase.UpdatedAt,
        CustomFields = purchase.CustomFields,
        CancelledAt = details ? purchase.CancelledAt : null,
        CancelReason = details ? purchase.CancelReason : null,
        Transactions = details ? [.. purchase.Transactions.Select(t => t.ToDto(purchase))] : null,
    };

    private static bool SameMonth(DateTimeOffset a, DateTimeOffset b) =>
        a.UtcDateTime.Year == b.UtcDateTime.Year && a.UtcDateTime.Month == b.UtcDateTime.Month;
}
