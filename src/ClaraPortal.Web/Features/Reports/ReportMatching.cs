using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>A report's transactions of one purchase in one currency, summed.</summary>
public sealed class PurchaseTally(long purchaseId, string currency)
{
    public long PurchaseId { get; } = purchaseId;

    public string Currency { get; } = currency;

    public decimal Charged { get; private set; }

    public decimal Reversed { get; private set; }

    public decimal Refunded { get; private set; }

    public int Declines { get; private set; }

    public decimal DeclinedAmount { get; private set; }

    public int Transactions { get; private set; }

    public void Add(string type, decimal amount)
    {
        Transactions++;
        switch (type)
        {
            case TransactionType.Charge: Charged += amount; break;
            case TransactionType.Reversal: Reversed += amount; break;
            case TransactionType.Refund: Refunded += amount; break;
            case TransactionType.Decline:
                Declines++;
                DeclinedAmount += amount;
                break;
        }
    }
}

/// <summary>Clara's transaction types as reports name them.</summary>
public static class TransactionType
{
    public const string Charge = "CHARGE";
    public const string Refund = "REFUND";
    public const string Reversal = "REVERSAL";
    public const string Decline = "DECLINE";

    /// <summary>What a transaction adds to a card's net spend: a charge adds, a refund or reversal gives back, a decline nothing.</summary>
    public static decimal NetSpend(string type, decimal amount) => type switch
    {
        Charge => amount,
        Refund or Reversal => -amount,
        _ => 0m,
    };
}

/// <summary>The card a report's purchase id belongs to, as the portal knows it.</summary>
public sealed record MatchedCard(Guid Id, long ClaraPurchaseId, decimal Amount, string Currency, string? Last4, string SupplierName, string? Reference);

/// <summary>Matches a report's purchases to the portal's cards: the difference between what a card allowed and what was spent.</summary>
public static class ReportMatching
{
    public static ReportLine Line(Guid reportId, PurchaseTally tally, MatchedCard? card)
    {
        ArgumentNullException.ThrowIfNull(tally);
        var spent = tally.Charged - tally.Reversed;
        var net = spent - tally.Refunded;
        // A card's limit is in its own currency; a row in another currency cannot be held against it.
        var limit = card is not null && string.Equals(card.Currency, tally.Currency, StringComparison.OrdinalIgnoreCase) ? card.Amount : (decimal?)null;
        return new ReportLine
        {
            ReportId = reportId,
            PurchaseId = tally.PurchaseId,
            Currency = tally.Currency,
            CardPurchaseId = card?.Id,
            Last4 = card?.Last4,
            SupplierName = card?.SupplierName,
            Reference = card?.Reference,
            Limit = limit,
            Spent = spent,
            Refunded = tally.Refunded,
            Declines = tally.Declines,
            DeclinedAmount = tally.DeclinedAmount,
            Difference = limit - net,
            Matched = card is not null,
            OverLimit = limit is { } l && net > l,
            Transactions = tally.Transactions,
        };
    }

    /// <summary>Clara's contract: amounts with at most 2 decimals, an ISO currency, a known type.</summary>
    public static bool IsWellFormed(CardTransaction transaction) =>
        transaction is not null
        && transaction.Amount >= 0m && transaction.Amount <= MaxAmount && decimal.Round(transaction.Amount, 2) == transaction.Amount
        && transaction.Currency is { Length: 3 }
        && transaction.Type?.Trim().ToUpperInvariant() is TransactionType.Charge or TransactionType.Refund or TransactionType.Reversal or TransactionType.Decline;

    /// <summary>Far above any card, far below what the database stores.</summary>
    public const decimal MaxAmount = 100_000_000_000m;

    public static ReportTransaction Row(Guid reportId, int rowNumber, CardTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return new ReportTransaction
        {
            ReportId = reportId,
            RowNumber = rowNumber,
            PurchaseId = transaction.PurchaseId,
            TransactionId = transaction.TransactionId,
            PostedAt = transaction.PostedAt.ToUniversalTime(),
            Type = transaction.Type.Trim().ToUpperInvariant(),
            Amount = transaction.Amount,
            Currency = transaction.Currency.Trim().ToUpperInvariant(),
            MerchantName = Truncate(transaction.MerchantName, 200),
            Mcc = Truncate(transaction.Mcc, 4),
            RcnId = transaction.RcnId,
        };
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
