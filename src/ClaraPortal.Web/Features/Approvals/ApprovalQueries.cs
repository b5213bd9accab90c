using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>What the approvals pages read: the queue, one request in full, the requester's own list, the badge counts.</summary>
public sealed class ApprovalQueries(IDbContextFactory<PortalDbContext> contexts, ICurrentUser currentUser, TimeProvider time)
{
    private static readonly System.Text.Json.JsonSerializerOptions PayloadJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    public async Task<ApprovalQueuePage> QueueAsync(ApprovalQueueQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await currentUser.DemandAsync(PortalPolicies.CanApprove, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = db.ApprovalRequests.AsNoTracking().Where(r => r.Status == query.Status);
        if (query.TemplateId is { } template)
        {
            rows = rows.Where(r => r.TemplateId == template);
        }

        if (!string.IsNullOrEmpty(query.RequestedBy))
        {
            rows = rows.Where(r => r.RequestedBy == query.RequestedBy);
        }

        if (query.MinAmount is { } min)
        {
            var atLeast = AmountLimits.AsLowerBound(min);
            rows = rows.Where(r => r.Amount >= atLeast);
        }

        var total = await rows.CountAsync(ct);
        rows = query.Sort switch
        {
            ApprovalQueueSort.Newest => rows.OrderByDescending(r => r.RequestedAt).ThenBy(r => r.Id),
            ApprovalQueueSort.AmountHighest => rows.OrderByDescending(r => r.Amount).ThenBy(r => r.RequestedAt),
            ApprovalQueueSort.AmountLowest => rows.OrderBy(r => r.Amount).ThenBy(r => r.RequestedAt),
            // The id breaks ties, so a page boundary never shows a request twice or skips one.
            _ => rows.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id),
        };
        var page = await rows.Skip(Math.Max(0, query.Page) * query.PageSize).Take(Math.Clamp(query.PageSize, 1, 100))
            .Select(r => new
            {
                Row = r,
                Supplier = db.Suppliers.Where(s => s.ClaraId == r.SupplierId).Select(s => s.Name).FirstOrDefault(),
                Template = db.CardTemplates.Where(t => t.ClaraId == r.TemplateId).Select(t => t.Name).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new ApprovalQueuePage([.. page.Select(p => Item(p.Row, p.Supplier, p.Template))], total);
    }

    /// <summary>Who has filed requests in this company (the queue's requester filter), by name.</summary>
    public async Task<IReadOnlyList<ApprovalRequester>> RequestersAsync(CancellationToken ct = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanApprove, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.ApprovalRequests.AsNoTracking().Select(r => new { r.RequestedBy, r.RequestedByName }).Distinct().ToListAsync(ct);
        return [.. rows.GroupBy(r => r.RequestedBy).Select(g => new ApprovalRequester(g.Key, g.First().RequestedByName)).OrderBy(r => r.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>One request in full, for an approver (or its requester); null when it is not this company's.</summary>
    public async Task<ApprovalDetail?> DetailAsync(Guid requestId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanViewCatalog, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.ApprovalRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (row is null || (row.RequestedBy != user.Subject && !user.Roles.Any(PortalPolicies.Roles[PortalPolicies.CanApprove].Contains)))
        {
            return null;
        }

        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.ClaraId == row.SupplierId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var template = await db.CardTemplates.AsNoTracking().Where(t => t.ClaraId == row.TemplateId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        var decisions = await DecisionsAsync(db, [row.Id], ct);
        var recent = await db.CardPurchases.AsNoTracking().Where(p => p.IssuedBy == row.RequestedBy)
            .OrderByDescending(p => p.CreatedAt).Take(10)
            .Select(p => new RequesterCard(p.Id, p.Last4, p.Amount, p.Currency, p.Status, p.CreatedAt)).ToListAsync(ct);
        var month = await PolicyApprovalGate.IssuedThisMonthAsync(db, row.RequestedBy, row.Currency, time.GetUtcNow(), excludeCard: null, ct);
        var policy = System.Text.Json.JsonSerializer.Deserialize<ApprovalAssessment>(row.PolicyJson, PayloadJson);
        var mine = decisions.GetValueOrDefault(row.Id, []);
        return new ApprovalDetail(Item(row, supplier, template), row.Summary, row.Justification, row.ValidTo, row.ExpiresAt,
            policy is { Currency: not null } ? policy : null, mine, recent, month, row.RequestedBy == user.Subject,
            await db.ApprovalDecisions.AnyAsync(d => d.ApprovalRequestId == row.Id && d.ApproverSubject == user.Subject, ct));
    }

    /// <summary>The signed-in user's own requests (those in <paramref name="status"/>, or all), newest first.</summary>
    public async Task<IReadOnlyList<MyRequestView>> MineAsync(int take = 100, ApprovalStatus? status = null, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var mine = db.ApprovalRequests.AsNoTracking().Where(r => r.RequestedBy == user.Subject);
        if (status is { } only)
        {
            mine = mine.Where(r => r.Status == only);
        }

        var rows = await mine
            .OrderByDescending(r => r.RequestedAt).Take(take).ToListAsync(ct);
        var decisions = await DecisionsAsync(db, rows.Select(r => r.Id).ToList(), ct);
        return [.. rows.Select(r => new MyRequestView(r.Id, r.Kind, r.Summary, r.Amount, r.Currency, r.Status, r.ApprovalsGiven, r.RequiredApprovals,
            r.RuleKey, r.RequestedAt, decisions.GetValueOrDefault(r.Id, []), r.IssuedCardPurchaseId,
            r.Kind == ApprovalKinds.IssueCard && r.IssuedCardPurchaseId is not null && r.RevealedAt is null && r.Status == ApprovalStatus.Approved,
            r.FailureMessage, RuleAmountOf(r.PolicyJson)))];
    }

    /// <summary>Pending requests this approver can act on (not their own, not already approved by them): the nav badge.</summary>
    public async Task<int> ActionableCountAsync(CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanApprove, ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApprovalRequests.AsNoTracking()
            .CountAsync(r => r.Status == ApprovalStatus.Pending && r.RequestedBy != user.Subject
                && !db.ApprovalDecisions.Any(d => d.ApprovalRequestId == r.Id && d.ApproverSubject == user.Subject), ct);
    }

    private static async Task<Dictionary<Guid, IReadOnlyList<DecisionView>>> DecisionsAsync(PortalDbContext db, IReadOnlyList<Guid> ids, CancellationToken ct)
    {
        var decisions = await db.ApprovalDecisions.AsNoTracking().Where(d => ids.Contains(d.ApprovalRequestId)).ToListAsync(ct);
        return decisions.GroupBy(d => d.ApprovalRequestId).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<DecisionView>)[.. g.OrderBy(d => d.DecidedAt).Select(d => new DecisionView(d.ApproverName, d.Verdict, d.Comment, d.Amount, d.ValidTo, d.DecidedAt))]);
    }

    // The rule's threshold as the policy stood when the request was filed: the rule line must name that one, not today's.
    private static decimal? RuleAmountOf(string policyJson)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<ApprovalAssessment>(policyJson, PayloadJson)?.RuleAmount;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static ApprovalQueueItem Item(ApprovalRequest r, string? supplier, string? template) =>
        new(r.Id, r.Kind, r.Amount, r.Currency, supplier, template, r.RequestedByName, r.RequestedBy, r.RequestedAt, r.ApprovalsGiven, r.RequiredApprovals, r.RuleKey, r.Status);
}
