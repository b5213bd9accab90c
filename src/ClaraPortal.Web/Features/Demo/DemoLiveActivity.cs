using System.Collections.Concurrent;
using ClaraPortal.Identity;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// Today's activity, played end to end through the portal's own services against the sandbox over mutual TLS, as the demo
/// users would in their browsers: the issue form's policy check, approval requests decided by other people (one or two,
/// per the band), cards issued on approval, limits lowered, merchant charges through the sandbox's charge endpoint, and
/// cancellations in batches. A few requests are left pending so the approvers' queue is not empty.
/// </summary>
internal sealed partial class DemoLiveActivity(DemoCast cast, SandboxCharges charges, PortalDatabase database, TimeProvider time, ILogger<DemoLiveActivity> logger)
{
    /// <summary>Cards in flight at once: enough to overlap the TLS round trips, few enough for SQLite's single writer.</summary>
    public const int Parallelism = 4;

    /// <summary>Cards issued before their planned cancellations are sent (Clara cancels up to 50 per call).</summary>
    private const int WaveSize = 100;

    /// <summary>Requests left waiting for approvers (per company), so the queue shows something to decide.</summary>
    private const int PendingWanted = 6;

    public async Task<int> RunAsync(DemoCompanySeed seed, int count, DemoProgress progress, CancellationToken ct)
    {
        var company = seed.Catalog.Company;
        var budget = new DemoCreditBudget(seed.Catalog);
        var pendingRoom = PendingWanted - await PendingDemoRequestsAsync(seed, ct);
        var created = 0;
        while (created < count)
        {
            var now = time.GetUtcNow();
            var plans = Enumerable.Range(0, Math.Min(WaveSize, count - created)).Select(_ =>
            {
                var (ordinal, key) = seed.Keys.Next();
                return seed.Planner.Plan(ordinal, key, now, now, live: true);
            }).ToList();
            var toCancel = new ConcurrentBag<(DemoCardPlan Plan, Guid CardId)>();
            var madeInWave = 0;
            await Parallel.ForEachAsync(plans, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = ct }, async (plan, token) =>
            {
                if (await PlayAsync(seed, plan, budget, () => Interlocked.Decrement(ref pendingRoom) >= 0, token) is { } cardId)
                {
                    Interlocked.Increment(ref madeInWave);
                    seed.Tally.AddLiveCard();
                    progress.Advance();
                    if (plan.Cancel is not null)
                    {
                        toCancel.Add((plan, cardId));
                    }
                }
            });

            created += madeInWave;
            await CancelAsync(seed, budget, toCancel, ct);
            if (madeInWave == 0)
            {
                break; // the credit budget is spent (or nothing could be issued): history takes the rest
            }
        }

        return created;
    }

    /// <summary>One card's life today; its id when a card row came of it.</summary>
    private async Task<Guid?> PlayAsync(DemoCompanySeed seed, DemoCardPlan plan, DemoCreditBudget budget, Func<bool> mayLeavePending, CancellationToken ct)
    {
        var company = seed.Catalog.Company;
        if (!budget.TryReserve(plan.Currency, plan.IssuedAmount))
        {
            seed.Tally.AddDeferred();
            return null;
        }

        var request = plan.ToRequest();
        Guid? cardId;
        await using (var scope = cast.Enter(company, plan.Issuer))
        {
            // The issue form asks the policy first: within it the card is issued at once, over it a request is filed.
            var filing = await scope.ServiceProvider.GetRequiredService<ApprovalService>()
                .RequestIssueAsync(request, plan.Approval?.Justification ?? "Within the department's plan", ct);
            switch (filing)
            {
                case ApprovalFiling.NotNeeded:
                    cardId = (await scope.ServiceProvider.GetRequiredService<VcnService>().IssueAsync(request, ct)).CardPurchaseId;
                    break;
                case ApprovalFiling.Filed filed:
                    seed.Tally.AddApprovals(1);
                    cardId = await DecideAsync(seed, plan, filed, mayLeavePending, ct);
                    break;
                default:
                    LogNotFiled(logger, plan.Key, filing.GetType().Name);
                    cardId = null;
                    break;
            }
        }

        if (cardId is null)
        {
            budget.Release(plan.Currency, plan.IssuedAmount);
            return null;
        }

        await using var db = database.For(company);
        var card = await db.CardPurchases.AsNoTracking().Where(p => p.Id == cardId).Select(p => new { p.ClaraPurchaseId, p.Status }).FirstAsync(ct);
        if (card.Status != CardPurchaseStatus.Active || card.ClaraPurchaseId is not { } claraId)
        {
            seed.Tally.AddFailed(card.Status == CardPurchaseStatus.Failed ? 1 : 0);
            budget.Release(plan.Currency, plan.IssuedAmount);
            return cardId;
        }

        if (plan.Update is not null)
        {
            await using var scope = cast.Enter(company, plan.Issuer);
            var updated = await scope.ServiceProvider.GetRequiredService<VcnService>().UpdateAsync(cardId.Value, new CardUpdate(plan.Amount, null, null), ct);
            if (updated is CardUpdateResult.Updated)
            {
                seed.Tally.AddUpdated(1);
                budget.Release(plan.Currency, plan.IssuedAmount - plan.Amount);
            }
        }

        var approved = 0;
        foreach (var charge in plan.Charges)
        {
            approved += await charges.ChargeAsync(company, claraId, charge.Amount, plan.Currency, ct) ? 1 : 0;
        }

        seed.Tally.AddCharges(approved, plan.Charges.Count - approved);
        if (plan.Template.Usage == "SINGLE_USE" && approved > 0)
        {
            // Spent once, closed: the card holds only what it spent.
            budget.Release(plan.Currency, plan.Amount - plan.Charges[0].Amount);
        }

        return cardId;
    }

    /// <summary>Other people decide: never the requester, never one person twice (the service enforces it too).</summary>
    private async Task<Guid?> DecideAsync(DemoCompanySeed seed, DemoCardPlan plan, ApprovalFiling.Filed filed, Func<bool> mayLeavePending, CancellationToken ct)
    {
        var company = seed.Catalog.Company;
        var outcome = plan.Approval?.Outcome ?? DemoApprovalOutcome.Approved;
        if (outcome == DemoApprovalOutcome.Pending && mayLeavePending())
        {
            seed.Tally.AddPending();
            return null;
        }

        var approvers = ApproversFor(plan);
        if (outcome == DemoApprovalOutcome.Rejected)
        {
            await using var scope = cast.Enter(company, approvers[0]);
            await scope.ServiceProvider.GetRequiredService<ApprovalService>()
                .RejectAsync(filed.RequestId, plan.Approval?.Comment ?? "Over the quarter's budget, ask again in the next one", ct);
            seed.Tally.AddRejected(1);
            return null;
        }

        for (var i = 0; i < filed.Assessment.RequiredApprovals && i < approvers.Count; i++)
        {
            await using var scope = cast.Enter(company, approvers[i]);
            var result = await scope.ServiceProvider.GetRequiredService<ApprovalService>().ApproveAsync(filed.RequestId, new ApprovalChanges(i == 0 ? "Approved" : "OK"), ct);
            if (result is ApprovalActionResult.Refused refused)
            {
                LogRefused(logger, plan.Key, refused.Code);
                return null;
            }
        }

        await using var db = database.For(company);
        return await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == filed.RequestId).Select(r => r.IssuedCardPurchaseId).FirstAsync(ct);
    }

    /// <summary>The planned cancellations of a wave, per person, in Clara's batches of 50 (through the Cancel dialog's service).</summary>
    private async Task CancelAsync(DemoCompanySeed seed, DemoCreditBudget budget, IEnumerable<(DemoCardPlan Plan, Guid CardId)> cards, CancellationToken ct)
    {
        foreach (var byIssuer in cards.GroupBy(c => c.Plan.Issuer))
        {
            foreach (var batch in byIssuer.Chunk(50))
            {
                await using var scope = cast.Enter(seed.Catalog.Company, byIssuer.Key);
                var results = await scope.ServiceProvider.GetRequiredService<VcnService>()
                    .CancelAsync([.. batch.Select(c => c.CardId)], batch[0].Plan.Cancel!.Reason, ct);
                var cancelled = results.Where(r => r.Status == CardCancelStatus.Cancelled).Select(r => r.CardPurchaseId).ToHashSet();
                seed.Tally.AddCancelled(cancelled.Count);
                foreach (var (plan, _) in batch.Where(c => cancelled.Contains(c.CardId)))
                {
                    budget.Release(plan.Currency, plan.Amount - plan.Charges.Sum(c => c.Amount));
                }
            }
        }
    }

    private static List<DemoUser> ApproversFor(DemoCardPlan plan)
    {
        List<DemoUser> pool = [DemoCast.Approver, DemoCast.Approver2, DemoCast.Admin];
        pool.RemoveAll(u => u.Subject == plan.Issuer.Subject);
        // Take turns by ordinal, so both approvers get work.
        return plan.Ordinal % 2 == 0 ? pool : [pool[1], pool[0], .. pool.Skip(2)];
    }

    private async Task<int> PendingDemoRequestsAsync(DemoCompanySeed seed, CancellationToken ct)
    {
        await using var db = database.For(seed.Catalog.Company);
        var prefix = seed.Keys.Prefix;
        return await db.ApprovalRequests.CountAsync(r => r.Status == ApprovalStatus.Pending && r.RequestKey != null && r.RequestKey.StartsWith(prefix), ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo request {Key} was not filed: {Outcome}")]
    private static partial void LogNotFiled(ILogger logger, string key, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo request {Key}: approval refused ({Code})")]
    private static partial void LogRefused(ILogger logger, string key, string code);
}
