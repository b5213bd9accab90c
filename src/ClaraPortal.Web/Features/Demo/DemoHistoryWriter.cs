using System.Text.Json;
using ClaraPortal.Identity;
using ClaraPortal.Sandbox;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// Writes months of past cards fast and consistently. Per batch: the sandbox imports the cards Clara issued (its ids,
/// numbers, charges, cancellations), then one transaction inserts the portal's rows (cards with their catalog names,
/// approval requests and decisions) and appends the audit events in time order through the portal's own
/// <see cref="AuditTrail"/>, its clock pinned to each event's moment. The change tracker is cleared every few hundred
/// events, so memory stays flat however many cards are asked for.
/// </summary>
internal sealed class DemoHistoryWriter(
    PortalDatabase database,
    AuditTrail auditTrail,
    DemoClock clock,
    ClaraPortal.Web.Extensions.ClaraIntegration.EmbeddedSandbox sandbox,
    IStringLocalizer<SharedResource> localizer,
    IOptions<ApprovalExpiryOptions> approvalOptions)
{
    /// <summary>Cards per transaction: one sandbox import and one commit.</summary>
    public const int BatchSize = 2_000;

    /// <summary>Events added before a save and a clear of the change tracker (the audit trail scans pending events).</summary>
    private const int EventsPerSave = 400;

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
    private static readonly AuditActor SystemActor = new("system", "System");

    public async Task WriteAsync(DemoCompanySeed seed, int count, int months, Random random, DemoProgress progress, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var chunk in DemoTimeline.Sample(count, now, months, random).Chunk(BatchSize))
        {
            ct.ThrowIfCancellationRequested();
            var cards = new List<DemoCardPlan>(chunk.Length);
            var turnedDown = new List<DemoTurnedDown>();
            foreach (var at in chunk)
            {
                var (ordinal, key) = seed.Keys.Next();
                var plan = seed.Planner.Plan(ordinal, key, at, now, live: false);
                cards.Add(plan);
                if (seed.Planner.TurnedDownBefore(plan, seed.Keys.Next) is { } before)
                {
                    turnedDown.Add(before);
                }
            }

            var issued = cards.Where(c => c.Failure is null).ToList();
            var imported = sandbox.Server.ImportHistory([.. issued.Select(c => ToSandbox(seed.Catalog.Company, c))]);
            var claraIds = issued.Zip(imported).ToDictionary(p => p.First.Key, p => p.Second);
            var batch = new Batch();
            foreach (var card in cards)
            {
                AddCard(batch, card, claraIds.GetValueOrDefault(card.Key), now);
            }

            foreach (var request in turnedDown)
            {
                AddTurnedDown(batch, request);
            }

            await SaveAsync(seed.Catalog.Company, batch, ct);
            seed.Tally.AddHistoryCards(cards.Count);
            seed.Tally.AddFailed(cards.Count - issued.Count);
            seed.Tally.AddApprovals(batch.Requests.Count);
            seed.Tally.AddRejected(turnedDown.Count(t => t.Approval.Outcome == DemoApprovalOutcome.Rejected));
            seed.Tally.AddCharges(issued.Sum(c => c.Charges.Count), 0);
            seed.Tally.AddCancelled(issued.Count(c => c.Cancel is not null));
            seed.Tally.AddUpdated(issued.Count(c => c.Update is not null));
            progress.Advance(chunk.Length);
        }
    }

    private static SandboxHistoricalPurchase ToSandbox(PortalCompany company, DemoCardPlan card) => new(
        company.TaxIdentifier ?? throw new InvalidOperationException($"{company.Label} has no RFC: the sandbox cannot place its cards."),
        card.FundingCard.ClaraId, card.Template.Row.ClaraId, card.Supplier.ClaraId, card.Amount, card.Currency, card.ValidFrom, card.ValidTo, card.Reference,
        [.. card.CustomFields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))],
        card.CreatedAt + IssueDelay,
        [.. card.Charges.Select(c => new SandboxHistoricalCharge(c.At, c.Amount))],
        card.Cancel?.At, card.Cancel?.Reason, card.Update?.At);

    /// <summary>From "requested" to Clara's answer.</summary>
    private static readonly TimeSpan IssueDelay = TimeSpan.FromMilliseconds(1_400);

    private void AddCard(Batch batch, DemoCardPlan plan, SandboxImportedPurchase? clara, DateTimeOffset now)
    {
        var issuer = Actor(plan.Issuer);
        var spent = plan.Template.Usage == "RECURRING"
            ? plan.Charges.Where(c => c.At.Year == now.Year && c.At.Month == now.Month).Sum(c => c.Amount)
            : plan.Charges.Sum(c => c.Amount);
        var status = plan.Failure is not null ? CardPurchaseStatus.Failed
            : plan.Cancel is not null ? CardPurchaseStatus.Cancelled
            : clara?.Status == "EXHAUSTED" ? CardPurchaseStatus.Exhausted
            : plan.ValidTo < DateOnly.FromDateTime(now.UtcDateTime) ? CardPurchaseStatus.Expired
            : CardPurchaseStatus.Active;
        var issuedAt = plan.CreatedAt + IssueDelay;
        var card = new CardPurchase
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = plan.Key,
            ClaraPurchaseId = clara?.PurchaseId,
            Status = status,
            FundingCardId = plan.FundingCard.ClaraId,
            TemplateId = plan.Template.Row.ClaraId,
            SupplierId = plan.Supplier.ClaraId,
            SupplierName = plan.Supplier.Name,
            TemplateName = plan.Template.Row.Name,
            FundingCardName = plan.FundingCard.Alias,
            Amount = plan.Amount,
            Currency = plan.Currency,
            Spent = clara is null ? null : spent,
            Available = clara is null ? null : status == CardPurchaseStatus.Active ? Math.Max(0m, plan.Amount - spent) : 0m,
            ValidFrom = plan.ValidFrom,
            ValidTo = plan.ValidTo,
            Reference = plan.Reference,
            CustomFieldsJson = ClaraSubmission.SerializeCustomFields(plan.CustomFields),
            Last4 = clara?.Last4,
            Brand = clara?.Brand,
            IssuedBy = plan.Issuer.Subject,
            IssuedByName = plan.Issuer.DisplayName,
            FailureCode = plan.Failure?.Code,
            FailureMessage = plan.Failure?.Message,
            CancelReason = plan.Cancel?.Reason,
            CreatedAt = plan.CreatedAt,
            IssuedAt = clara is null ? null : issuedAt,
            CancelledAt = plan.Cancel is null ? null : plan.Cancel.At + TimeSpan.FromSeconds(1),
            UpdatedAt = new[] { issuedAt, plan.Update?.At ?? default, plan.Cancel?.At.AddSeconds(1) ?? default }.Max(),
        };
        batch.Cards.Add(card);

        var id = card.Id.ToString();
        var final = CardSnapshot.Of(card);
        var requested = final with
        {
            Status = nameof(CardPurchaseStatus.Requested), ClaraPurchaseId = null, Amount = plan.IssuedAmount, Spent = null, Available = null,
            Last4 = null, Brand = null, FailureCode = null, CancelReason = null,
        };
        var active = requested with
        {
            Status = nameof(CardPurchaseStatus.Active), ClaraPurchaseId = card.ClaraPurchaseId, Last4 = card.Last4, Brand = card.Brand, Spent = 0m,
            Available = plan.IssuedAmount,
        };

        ApprovalRequest? request = null;
        if (plan.Approval is { } approval)
        {
            request = AddRequest(batch, plan, approval, plan.Failure is null ? ApprovalStatus.Approved : ApprovalStatus.Failed, card.Id);
        }

        var correlation = NewCorrelation();
        batch.Events.Add(new(plan.CreatedAt, issuer, new AuditEntry(AuditActions.IssueRequested, CardChanges.EntityType, id, After: requested), correlation));
        if (plan.Failure is { } failure)
        {
            batch.Events.Add(new(issuedAt, issuer, new AuditEntry(AuditActions.IssueFailed, CardChanges.EntityType, id, requested,
                new { Snapshot = final, Details = new[] { new { Field = "amount", Issue = failure.Message } } }), correlation));
        }
        else
        {
            batch.Events.Add(new(issuedAt, issuer, new AuditEntry(AuditActions.Issued, CardChanges.EntityType, id, requested,
                new { Snapshot = active, Details = new { Replay = false } }), correlation));
        }

        if (request is not null)
        {
            var before = Snapshot(request) with { Status = ApprovalStatus.Approved, IssuedCardPurchaseId = null };
            batch.Events.Add(new(issuedAt + TimeSpan.FromMilliseconds(300), SystemActor, new AuditEntry(
                plan.Failure is null ? ApprovalAuditActions.CarriedOut : ApprovalAuditActions.Failed, ApprovalService.EntityType, request.Id.ToString(), before, Snapshot(request)), NewCorrelation()));
            if (request.RevealedAt is { } revealedAt)
            {
                batch.Events.Add(new(revealedAt, issuer, new AuditEntry(AuditActions.Revealed, CardChanges.EntityType, id, active,
                    new { Snapshot = active, Details = new { Reason = localizer["Approval.RevealReason"].Value } }), NewCorrelation()));
            }
        }

        if (plan.Update is { } update && plan.Failure is null)
        {
            var key = Guid.NewGuid().ToString("N");
            var pending = active with { PendingWrite = nameof(CardWriteKind.Update) };
            var updated = active with { Amount = update.NewAmount, Available = update.NewAmount };
            var updateCorrelation = NewCorrelation();
            batch.Events.Add(new(update.At, issuer, new AuditEntry(AuditActions.UpdateSent, CardChanges.EntityType, id, active,
                new { Snapshot = pending, Details = new { IdempotencyKey = key, Update = new CardUpdate(update.NewAmount, null, null) } }), updateCorrelation));
            batch.Events.Add(new(update.At + TimeSpan.FromSeconds(1), issuer, new AuditEntry(AuditActions.Updated, CardChanges.EntityType, id, pending,
                new { Snapshot = updated, Details = new { Replay = false } }), updateCorrelation));
            active = updated;
        }

        if (plan.Cancel is { } cancel && plan.Failure is null)
        {
            // Mostly the issuer; now and then an Admin tidying up.
            var by = plan.Ordinal % 5 == 0 && plan.Issuer.Subject != DemoCast.Admin.Subject ? Actor(DemoCast.Admin) : issuer;
            var key = Guid.NewGuid().ToString("N");
            var spentThen = plan.Charges.Where(c => c.At < cancel.At).Sum(c => c.Amount);
            var before = active with { Spent = spentThen, Available = Math.Max(0m, plan.Amount - spentThen) };
            var pending = before with { PendingWrite = nameof(CardWriteKind.Cancel) };
            var cancelCorrelation = NewCorrelation();
            batch.Events.Add(new(cancel.At, by, new AuditEntry(AuditActions.CancelSent, CardChanges.EntityType, id, before,
                new { Snapshot = pending, Details = new { IdempotencyKey = key, cancel.Reason } }), cancelCorrelation));
            batch.Events.Add(new(cancel.At + TimeSpan.FromSeconds(1), by, new AuditEntry(AuditActions.Cancelled, CardChanges.EntityType, id, pending,
                new { Snapshot = final, Details = new { AlreadyCancelledAtClara = false, Replay = false } }), cancelCorrelation));
        }
    }

    private void AddTurnedDown(Batch batch, DemoTurnedDown turnedDown)
    {
        var status = turnedDown.Approval.Outcome switch
        {
            DemoApprovalOutcome.Rejected => ApprovalStatus.Rejected,
            DemoApprovalOutcome.Withdrawn => ApprovalStatus.Withdrawn,
            _ => ApprovalStatus.Expired,
        };
        AddRequest(batch, turnedDown.Asked with { Key = turnedDown.Key }, turnedDown.Approval, status, null);
    }

    /// <summary>The request row, its decisions and its events (filed, each decision, and how it ended unless a card followed).</summary>
    private ApprovalRequest AddRequest(Batch batch, DemoCardPlan plan, DemoApproval approval, ApprovalStatus status, Guid? cardId)
    {
        var requester = Actor(plan.Issuer);
        var expiresAt = approval.RequestedAt + approvalOptions.Value.PendingFor;
        var last = approval.Decisions.Count > 0 ? approval.Decisions[^1] : null;
        var endedAt = status switch
        {
            ApprovalStatus.Expired => expiresAt,
            ApprovalStatus.Withdrawn => approval.RequestedAt + (expiresAt - approval.RequestedAt) / 3,
            _ => last?.At,
        };
        var request = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.IssueCard,
            RequestKey = plan.Key,
            Summary = Text.Truncate(localizer["Approval.IssueSummary", plan.Supplier.Name, plan.Template.Row.Name].Value, 500),
            PayloadJson = JsonSerializer.Serialize(plan.ToRequest(), PayloadJson),
            Amount = plan.IssuedAmount,
            Currency = plan.Currency,
            Status = status,
            RequestedBy = plan.Issuer.Subject,
            RequestedByName = plan.Issuer.DisplayName,
            RequestedAt = approval.RequestedAt,
            DecidedBy = status is ApprovalStatus.Approved or ApprovalStatus.Failed or ApprovalStatus.Rejected ? last?.Approver.Subject : null,
            DecidedByName = status is ApprovalStatus.Approved or ApprovalStatus.Failed or ApprovalStatus.Rejected ? last?.Approver.DisplayName : null,
            DecidedAt = endedAt,
            Reason = approval.Comment,
            Justification = approval.Justification,
            RequiredApprovals = approval.Assessment.RequiredApprovals,
            ApprovalsGiven = approval.Decisions.Count(d => approval.Outcome == DemoApprovalOutcome.Approved),
            RuleKey = approval.Assessment.RuleKey,
            PolicyJson = JsonSerializer.Serialize(approval.Assessment, PayloadJson),
            TemplateId = plan.Template.Row.ClaraId,
            SupplierId = plan.Supplier.ClaraId,
            ValidTo = plan.ValidTo,
            ExpiresAt = expiresAt,
            IssuedCardPurchaseId = status == ApprovalStatus.Approved ? cardId : null,
            FailureMessage = status == ApprovalStatus.Failed ? plan.Failure?.Message : null,
            // The requester saw the number once, minutes after it was issued.
            RevealedAt = status == ApprovalStatus.Approved ? plan.CreatedAt + TimeSpan.FromMinutes(3 + plan.Ordinal % 50) : null,
        };
        batch.Requests.Add(request);

        var state = Snapshot(request) with { Status = ApprovalStatus.Pending, ApprovalsGiven = 0, IssuedCardPurchaseId = null };
        batch.Events.Add(new(approval.RequestedAt, requester, new AuditEntry(ApprovalAuditActions.Filed, ApprovalService.EntityType, request.Id.ToString(), After: state), NewCorrelation()));
        foreach (var decision in approval.Decisions)
        {
            var approved = approval.Outcome == DemoApprovalOutcome.Approved;
            batch.Decisions.Add(new ApprovalDecision
            {
                ApprovalRequestId = request.Id,
                ApproverSubject = decision.Approver.Subject,
                ApproverName = decision.Approver.DisplayName,
                Verdict = approved ? ApprovalVerdict.Approved : ApprovalVerdict.Rejected,
                Comment = decision.Comment,
                DecidedAt = decision.At,
            });
            var next = approved
                ? state with { ApprovalsGiven = state.ApprovalsGiven + 1, Status = state.ApprovalsGiven + 1 >= request.RequiredApprovals ? ApprovalStatus.Approved : ApprovalStatus.Pending }
                : state with { Status = ApprovalStatus.Rejected };
            batch.Events.Add(new(decision.At, Actor(decision.Approver), new AuditEntry(approved ? ApprovalAuditActions.Approved : ApprovalAuditActions.Rejected,
                ApprovalService.EntityType, request.Id.ToString(), state, next), NewCorrelation()));
            state = next;
        }

        if (status is ApprovalStatus.Expired or ApprovalStatus.Withdrawn)
        {
            var ended = state with { Status = status };
            batch.Events.Add(new(endedAt!.Value, status == ApprovalStatus.Expired ? SystemActor : requester, new AuditEntry(
                status == ApprovalStatus.Expired ? ApprovalAuditActions.Expired : ApprovalAuditActions.Withdrawn, ApprovalService.EntityType, request.Id.ToString(), state, ended), NewCorrelation()));
        }

        return request;
    }

    private async Task SaveAsync(PortalCompany company, Batch batch, CancellationToken ct)
    {
        await using var db = database.For(company);
        // The audit trail looks for pending events among everything tracked: keep that set small and skip change detection.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.CardPurchases.AddRange(batch.Cards);
        db.ApprovalRequests.AddRange(batch.Requests);
        db.ApprovalDecisions.AddRange(batch.Decisions);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        foreach (var events in batch.Events.OrderBy(e => e.At).Chunk(EventsPerSave))
        {
            foreach (var e in events)
            {
                using (clock.Pin(e.At))
                {
                    await auditTrail.AppendAsync(db, e.Actor, e.Entry, e.CorrelationId, ct);
                }
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
    }

    private static ApprovalSnapshot Snapshot(ApprovalRequest row) => new(
        row.Kind, row.Status, row.Amount, row.Currency, row.ValidTo, row.ApprovalsGiven, row.RequiredApprovals, row.RuleKey, row.IssuedCardPurchaseId);

    private static AuditActor Actor(DemoUser user) => new(user.Subject, user.DisplayName);

    private static string NewCorrelation() => Guid.NewGuid().ToString("N");

    /// <summary>A request as the approvals service snapshots it in the audit trail (same fields, same JSON).</summary>
    private sealed record ApprovalSnapshot(
        string Kind, ApprovalStatus Status, decimal Amount, string Currency, DateOnly? ValidTo, int ApprovalsGiven, int RequiredApprovals, string? RuleKey,
        Guid? IssuedCardPurchaseId);

    private sealed record DemoEvent(DateTimeOffset At, AuditActor Actor, AuditEntry Entry, string CorrelationId);

    private sealed class Batch
    {
        public List<CardPurchase> Cards { get; } = [];

        public List<ApprovalRequest> Requests { get; } = [];

        public List<ApprovalDecision> Decisions { get; } = [];

        public List<DemoEvent> Events { get; } = [];
    }
}
