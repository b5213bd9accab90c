using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>The company's policy in force: its bands, the issuer's authority and what they issued this calendar month.</summary>
public sealed class PolicyApprovalGate(IDbContextFactory<PortalDbContext> contexts, TimeProvider time) : IApprovalGate
{
    /// <summary>Statuses of cards that count against a monthly budget: everything that was or may be issued.</summary>
    private static readonly CardPurchaseStatus[] Spending =
    [
        CardPurchaseStatus.Requested, CardPurchaseStatus.OutcomeUnknown, CardPurchaseStatus.Active,
        CardPurchaseStatus.Cancelled, CardPurchaseStatus.Expired, CardPurchaseStatus.Exhausted,
    ];

    /// <summary>
    /// What <paramref name="subject"/> issued in <paramref name="currency"/> this calendar month (UTC): what a monthly budget
    /// is measured against, and what approvers are shown.
    /// </summary>
    internal static async Task<decimal> IssuedThisMonthAsync(
        PortalDbContext db, string subject, string currency, DateTimeOffset now, Guid? excludeCard, CancellationToken ct)
    {
        var monthStart = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        // Summed here, not in SQL: SQLite stores money as scaled integers; the rows of one issuer's month are few.
        var amounts = await db.CardPurchases.AsNoTracking()
            .Where(p => p.IssuedBy == subject && p.Currency == currency && p.CreatedAt >= monthStart && Spending.Contains(p.Status) && p.Id != excludeCard)
            .Select(p => p.Amount).ToListAsync(ct);
        return amounts.Sum();
    }

    public Task<ApprovalAssessment> AssessIssueAsync(IssueCardRequest request, Security.CurrentUserInfo requester, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requester);
        return AssessAsync(request.TemplateId, request.Currency.Trim().ToUpperInvariant(), request.Amount, requester.Subject, cancellationToken);
    }

    public Task<ApprovalAssessment> AssessUpdateAsync(ApprovalCheck check, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        // Only a higher limit can need an approver; the same bands apply to the new amount.
        return check.Update.Amount is { } amount && amount > check.Card.Amount
            ? AssessAsync(check.Card.TemplateId, check.Card.Currency, amount, check.RequestedBy.Subject, cancellationToken, excludeCard: check.Card.Id)
            : Task.FromResult(ApprovalAssessment.None(check.Card.Currency));
    }

    private async Task<ApprovalAssessment> AssessAsync(long templateId, string currency, decimal amount, string subject, CancellationToken ct, Guid? excludeCard = null)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var bands = await db.ApprovalBands.AsNoTracking().Where(b => b.TemplateId == templateId || b.TemplateId == null).ToListAsync(ct);
        var authority = await db.IssuerAuthorities.AsNoTracking().FirstOrDefaultAsync(a => a.Subject == subject && a.Currency == currency, ct);
        var monthToDate = authority?.MonthlyBudget is null ? 0m : await IssuedThisMonthAsync(db, subject, currency, time.GetUtcNow(), excludeCard, ct);
        return ApprovalRules.Assess(amount, currency, ApprovalRules.BandFor(bands, templateId, currency), authority, monthToDate);
    }
}
