using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Purchases;

/// <summary>
/// Sandbox-only merchant activity on a VCN. A CHARGE is approved or declined by the card's rules,
/// in this order: status (cancelled, exhausted, expired), not yet valid, currency, MCC, velocity,
/// available amount. Either way the answer is 200 with "approved" and the transaction row, and the
/// row shows in details and reports (a declined one as DECLINE, with its declineReason). An approved
/// charge on a SINGLE_USE card closes it (EXHAUSTED); so does spending a MULTI_USE card to 0.
/// A REFUND gives back up to what was spent.
/// </summary>
internal sealed class ChargeService(SandboxState state, SandboxClock clock, PurchaseService purchases)
{
    public const string DeclineCancelled = "CARD_CANCELLED";
    public const string DeclineExhausted = "CARD_EXHAUSTED";
    public const string DeclineExpired = "CARD_EXPIRED";
    public const string DeclineNotYetValid = "CARD_NOT_YET_VALID";
    public const string DeclineCurrency = "CURRENCY_MISMATCH";
    public const string DeclineMcc = "MCC_NOT_ALLOWED";
    public const string DeclineVelocity = "VELOCITY_LIMIT";
    public const string DeclineFunds = "INSUFFICIENT_FUNDS";
    public const string DeclineRefundAboveSpent = "REFUND_EXCEEDS_SPENT";

    public ApiResponse Charge(Company company, long purchaseId, ChargeRequest request)
    {
        var now = clock.Now;
        var type = string.IsNullOrWhiteSpace(request.Type) ? TransactionCharge : request.Type.Trim().ToUpperInvariant();
        if (request.Amount is not { } amount || amount <= 0 || amount != Math.Round(amount, 2))
        {
            return ApiResponse.Validation(now, new FieldIssue("amount", "> 0 with at most 2 decimals"));
        }

        if (type is not (TransactionCharge or TransactionRefund))
        {
            return ApiResponse.Validation(now, new FieldIssue("type", "CHARGE or REFUND"));
        }

        lock (state.Gate)
        {
            if (purchases.Find(company, purchaseId) is not { } purchase)
            {
                return ApiResponse.NotFound(now, "Unknown purchase", "purchaseId");
            }

            var supplier = company.SuppliersById.GetValueOrDefault(purchase.SupplierId);
            var template = company.TemplatesById[purchase.TemplateId];
            var currency = string.IsNullOrWhiteSpace(request.Currency) ? purchase.Currency : request.Currency.Trim().ToUpperInvariant();
            var mcc = string.IsNullOrWhiteSpace(request.Mcc) ? supplier?.Mcc : request.Mcc.Trim();
            var declineReason = type == TransactionRefund
                ? (amount > purchase.Spent(now) ? DeclineRefundAboveSpent : null)
                : DeclineReason(purchase, template, amount, currency, mcc, now);

            var transaction = new TransactionRecord
            {
                Id = state.NextTransactionId(),
                PostedAt = now,
                Type = declineReason is null ? type : TransactionDecline,
                Amount = amount,
                Currency = currency,
                MerchantName = string.IsNullOrWhiteSpace(request.MerchantName) ? supplier?.Name : request.MerchantName.Trim(),
                Mcc = mcc,
                DeclineReason = declineReason,
            };
            purchase.Transactions.Add(transaction);
            if (declineReason is null && type == TransactionCharge
                && (purchase.Usage == UsageSingle || (purchase.Usage == UsageMulti && purchase.Available(now) == 0m)))
            {
                purchase.Status = StatusExhausted;
            }

            state.Save(purchase);
            return ApiResponse.Ok(new ChargeResponse(declineReason is null, declineReason, transaction.ToDto(purchase),
                purchase.ToDto(now, reveal: false, details: false)));
        }
    }

    private static string? DeclineReason(PurchaseRecord purchase, TemplateDto template, decimal amount, string currency, string? mcc,
        DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        switch (purchase.EffectiveStatus(today))
        {
            case StatusCancelled: return DeclineCancelled;
            case StatusExhausted: return DeclineExhausted;
            case StatusExpired: return DeclineExpired;
        }

        if (today < purchase.ValidFrom)
        {
            return DeclineNotYetValid;
        }

        if (!string.Equals(currency, purchase.Currency, StringComparison.Ordinal))
        {
            return DeclineCurrency;
        }

        if (template.PurchaseTypes.Count > 0 && !template.PurchaseTypes.Any(p => p.Mcc == mcc))
        {
            return DeclineMcc;
        }

        var velocity = template.Rules.SelectMany(r => r.Controls).FirstOrDefault(c => c.Code == "VL" && c.MaxTransactions is not null);
        if (velocity is not null && purchase.ApprovedChargesInPeriod(velocity.Period ?? "MONTH", now) >= velocity.MaxTransactions)
        {
            return DeclineVelocity;
        }

        return amount > purchase.Available(now) ? DeclineFunds : null;
    }
}
