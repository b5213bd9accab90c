using System.Globalization;
using System.Text.Json;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>
/// Requests that wait for approvers: filing, withdrawing, approving, rejecting, expiring, and carrying out the approved
/// ones through the same write path as everything else (<see cref="CardIssuer.IssueApprovedAsync"/>,
/// <see cref="CardUpdater.UpdateApprovedAsync"/>). Separation of duties is enforced here, not only in pages.
/// </summary>
public sealed partial class ApprovalService(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    CurrentCompany currentCompany,
    PortalCompanies companies,
    IApprovalGate gate,
    CardIssuer issuer,
    CardUpdater updater,
    CardRevealer revealer,
    RevealSignIn revealSignIn,
    AuditTrail auditTrail,
    IApprovalNotifications notifications,
    IStringLocalizer<SharedResource> localizer,
    IOptions<ApprovalExpiryOptions> options,
    TimeProvider time,
    ILogger<ApprovalService> logger)
{
    public const string EntityType = "ApprovalRequest";

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);

    /// <summary>Files a request to issue a card that the policy sends to approvers. Nothing reaches Clara.</summary>
    public async Task<ApprovalFiling> RequestIssueAsync(IssueCardRequest request, string? justification, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        var errors = await issuer.ValidateAsync(request, ct);
        if (errors.Count > 0)
        {
            return new ApprovalFiling.Rejected(errors[0].Message, errors);
        }

        var assessment = await gate.AssessIssueAsync(request, user, ct);
        if (!assessment.NeedsApproval)
        {
            return new ApprovalFiling.NotNeeded();
        }

        if (string.IsNullOrWhiteSpace(justification))
        {
            var message = localizer["Approval.Error.JustificationRequired"].Value;
            return new ApprovalFiling.Rejected(message, [new IssueFieldError(ApprovalFields.Justification, message)]);
        }

        if (TextProblem(justification) is { } textProblem)
        {
            var message = textProblem.Message(localizer);
            return new ApprovalFiling.Rejected(message, [new IssueFieldError(ApprovalFields.Justification, message)]);
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        if (await db.ApprovalRequests.AsNoTracking().Where(r => r.RequestKey == request.IdempotencyKey).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } existing)
        {
            return new ApprovalFiling.AlreadyFiled(existing);
        }

        var now = time.GetUtcNow();
        var template = await db.CardTemplates.AsNoTracking().Where(t => t.ClaraId == request.TemplateId).Select(t => t.Name).FirstOrDefaultAsync(ct);
        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.ClaraId == request.SupplierId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var row = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.IssueCard,
            RequestKey = request.IdempotencyKey,
            Summary = Text.Truncate(localizer["Approval.IssueSummary", supplier ?? "—", template ?? "—"].Value, 500),
            PayloadJson = JsonSerializer.Serialize(request, PayloadJson),
            Amount = request.Amount,
            Currency = request.Currency.Trim().ToUpperInvariant(),
            Status = ApprovalStatus.Pending,
            RequestedBy = user.Subject,
            RequestedByName = user.DisplayName,
            RequestedAt = now,
            Justification = justification.Trim(),
            RequiredApprovals = assessment.RequiredApprovals,
            RuleKey = assessment.RuleKey,
            PolicyJson = JsonSerializer.Serialize(assessment, PayloadJson),
            TemplateId = request.TemplateId,
            SupplierId = request.SupplierId,
            ValidTo = request.ValidTo,
            ExpiresAt = now + options.Value.PendingFor,
        };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.ApprovalRequests.Add(row);
            await auditTrail.AppendAsync(db, AuditActor.From(user),
                new AuditEntry(ApprovalAuditActions.Filed, EntityType, row.Id.ToString(), After: Snapshot(row)), AuditTrail.NewCorrelationId(), ct);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // The same form filed twice at once: the unique key kept one.
                return new ApprovalFiling.AlreadyFiled(await FindByKeyAsync(request.IdempotencyKey, ct) ?? throw new InvalidOperationException("The request could not be filed."));
            }

            await transaction.CommitAsync(ct);
        }

        Publish(row, ApprovalNotificationKind.Filed);
        return new ApprovalFiling.Filed(row.Id, assessment);
    }

    /// <summary>The requester takes back a pending request.</summary>
    public async Task<ApprovalActionResult> WithdrawAsync(Guid requestId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        return await DecideAsync(requestId, user, (row, now) =>
        {
            if (row.RequestedBy != user.Subject)
            {
                return Refuse(ApprovalRefusals.NotYours, "Approval.Error.NotYours");
            }

            row.Status = ApprovalStatus.Withdrawn;
            row.DecidedAt = now;
            return new Step(ApprovalAuditActions.Withdrawn, null, null);
        }, ct);
    }

    /// <summary>
    /// An approver approves, optionally lowering the amount or shortening the validity. The last approval a band needs
    /// carries the request out; a race with another approver or the requester ends in one state, and the loser is told.
    /// </summary>
    public async Task<ApprovalActionResult> ApproveAsync(Guid requestId, ApprovalChanges changes, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var approver = await currentUser.DemandAsync(PortalPolicies.CanApprove, ct);
        var result = await DecideAsync(requestId, approver, (row, now) =>
        {
            if (changes.Amount is { } lower && lower > row.Amount)
            {
                return Refuse(ApprovalRefusals.CannotRaise, "Approval.Error.CannotRaise");
            }

            if (changes.Amount is <= 0m)
            {
                return Refuse(ApprovalRefusals.CannotRaise, "Approval.Error.AmountPositive");
            }

            if (changes.Amount is { } precise && AmountLimits.IsTooPrecise(precise, row.Currency))
            {
                // Refused, not rounded: the approver signs the figure they typed.
                return Refuse(ApprovalRefusals.InvalidAmount, "Approval.Error.AmountDecimals");
            }

            if (changes.ValidTo is { } shorter && row.ValidTo is { } validTo && shorter > validTo)
            {
                return Refuse(ApprovalRefusals.CannotExtend, "Approval.Error.CannotExtend");
            }

            if (changes.ValidTo is { } end && end < IssueCardRules.Today(time))
            {
                // Shorter, yet not over before it starts: Clara would refuse the card after the approval was given.
                return Refuse(ApprovalRefusals.InvalidDate, "Cards.Update.ValidToTooEarly");
            }

            if (TextProblem(changes.Comment) is { } textProblem)
            {
                return Refuse(textProblem);
            }

            row.Amount = changes.Amount is { } amount ? Money.TwoDecimals(amount) : row.Amount;
            row.ValidTo = changes.ValidTo ?? row.ValidTo;
            row.ApprovalsGiven++;
            var decision = new ApprovalDecision
            {
                ApprovalRequestId = row.Id,
                ApproverSubject = approver.Subject,
                ApproverName = approver.DisplayName,
                Verdict = ApprovalVerdict.Approved,
                Comment = Clean(changes.Comment),
                Amount = changes.Amount,
                ValidTo = changes.ValidTo,
                DecidedAt = now,
            };
            if (row.ApprovalsGiven >= row.RequiredApprovals)
            {
                row.Status = ApprovalStatus.Approved;
                row.DecidedBy = approver.Subject;
                row.DecidedByName = approver.DisplayName;
                row.DecidedAt = now;
            }

            return new Step(ApprovalAuditActions.Approved, decision, null);
        }, ct);

        if (result is ApprovalActionResult.Done { Status: ApprovalStatus.Approved })
        {
            return await CarryOutAsync(requestId, ct);
        }

        return result;
    }

    /// <summary>An approver turns the request down; a comment is required.</summary>
    public async Task<ApprovalActionResult> RejectAsync(Guid requestId, string comment, CancellationToken ct = default)
    {
        var approver = await currentUser.DemandAsync(PortalPolicies.CanApprove, ct);
        if (string.IsNullOrWhiteSpace(comment))
        {
            return Refuse(ApprovalRefusals.CommentRequired, "Approval.Error.CommentRequired").Refusal!;
        }

        return await DecideAsync(requestId, approver, (row, now) =>
        {
            if (TextProblem(comment) is { } textProblem)
            {
                return Refuse(textProblem);
            }

            row.Status = ApprovalStatus.Rejected;
            row.DecidedBy = approver.Subject;
            row.DecidedByName = approver.DisplayName;
            row.DecidedAt = now;
            row.Reason = Clean(comment);
            return new Step(ApprovalAuditActions.Rejected, new ApprovalDecision
            {
                ApprovalRequestId = row.Id,
                ApproverSubject = approver.Subject,
                ApproverName = approver.DisplayName,
                Verdict = ApprovalVerdict.Rejected,
                Comment = Clean(comment),
                DecidedAt = now,
            }, null);
        }, ct);
    }

    /// <summary>Expires the scope's company's pending requests past their time (the background job; audited and told).</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct = default)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow();
        var due = await db.ApprovalRequests.AsNoTracking()
            .Where(r => r.Status == ApprovalStatus.Pending && r.ExpiresAt != null && r.ExpiresAt <= now)
            .OrderBy(r => r.ExpiresAt).Select(r => r.Id).Take(100).ToListAsync(ct);
        var expired = 0;
        foreach (var id in due)
        {
            var result = await DecideAsync(id, SystemActor, (row, at) =>
            {
                row.Status = ApprovalStatus.Expired;
                row.DecidedAt = at;
                return new Step(ApprovalAuditActions.Expired, null, null);
            }, ct);
            expired += result is ApprovalActionResult.Done ? 1 : 0;
        }

        return expired;
    }

    /// <summary>The requester's one look at the number of a card issued on approval (audited like every reveal).</summary>
    public async Task<RevealedCard> RevealIssuedCardAsync(Guid requestId, CancellationToken ct = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        // Before the one look is taken: a user who must sign in again first keeps it.
        revealSignIn.Demand(user);
        Guid cardId;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            var row = await db.ApprovalRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.RequestedBy == user.Subject, ct)
                ?? throw new KeyNotFoundException($"Approval request {requestId} does not exist.");
            if (row.IssuedCardPurchaseId is not { } issued || row.RevealedAt is not null)
            {
                throw new InvalidOperationException(localizer["Approval.Error.AlreadyRevealed"].Value);
            }

            cardId = issued;
            row.RevealedAt = time.GetUtcNow();
            // Two tabs revealing at once: the second save loses on the stamp and shows nothing.
            await db.SaveChangesAsync(ct);
        }

        try
        {
            return await revealer.RevealAsync(cardId, localizer["Approval.RevealReason"].Value, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Clara did not show it: the one look is not used up.
            await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
            var row = await db.ApprovalRequests.FirstAsync(r => r.Id == requestId, CancellationToken.None);
            row.RevealedAt = null;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private static readonly CurrentUserInfo SystemActor = new("system", "System", "system", null, []);

    /// <summary>Load, check separation of duties and state, change, audit, save, commit, tell: every decision goes through here.</summary>
    private async Task<ApprovalActionResult> DecideAsync(
        Guid requestId, CurrentUserInfo actor, Func<ApprovalRequest, DateTimeOffset, Step> change, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var row = await db.ApprovalRequests.FirstOrDefaultAsync(r => r.Id == requestId, ct);
        if (row is null)
        {
            return Refuse(ApprovalRefusals.NotFound, "Approval.Error.NotFound").Refusal!;
        }

        if (row.Status != ApprovalStatus.Pending)
        {
            return Refuse(ApprovalRefusals.NotPending, "Approval.Error.NotPending").Refusal!;
        }

        var before = Snapshot(row);
        var (action, decision, refusal) = change(row, time.GetUtcNow());
        if (refusal is not null)
        {
            return refusal;
        }

        if (decision is not null)
        {
            // Nobody decides their own request (Admin included), and one person gives one approval.
            if (row.RequestedBy == actor.Subject)
            {
                return Refuse(ApprovalRefusals.OwnRequest, "Approval.Error.OwnRequest").Refusal!;
            }

            if (await db.ApprovalDecisions.AnyAsync(d => d.ApprovalRequestId == row.Id && d.ApproverSubject == actor.Subject, ct))
            {
                return Refuse(ApprovalRefusals.AlreadyApprovedByYou, "Approval.Error.AlreadyApprovedByYou").Refusal!;
            }

            db.ApprovalDecisions.Add(decision);
        }

        await auditTrail.AppendAsync(db, new AuditActor(actor.Subject, actor.DisplayName),
            new AuditEntry(action!, EntityType, row.Id.ToString(), before, Snapshot(row)), AuditTrail.NewCorrelationId(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another approver or the requester got there first (the stamp or the one-decision-per-approver index).
            return Refuse(ApprovalRefusals.ChangedMeanwhile, "Approval.Error.ChangedMeanwhile").Refusal!;
        }

        Publish(row, row.Status switch
        {
            ApprovalStatus.Approved => ApprovalNotificationKind.Approved,
            ApprovalStatus.Rejected => ApprovalNotificationKind.Rejected,
            ApprovalStatus.Withdrawn => ApprovalNotificationKind.Withdrawn,
            ApprovalStatus.Expired => ApprovalNotificationKind.Expired,
            _ => ApprovalNotificationKind.ApprovalGiven,
        });
        return new ApprovalActionResult.Done(row.Status, row.ApprovalsGiven, row.RequiredApprovals);
    }

    /// <summary>The last approval given: the request is carried out for its requester, through the ordinary write path.</summary>
    private async Task<ApprovalActionResult> CarryOutAsync(Guid requestId, CancellationToken ct)
    {
        ApprovalRequest row;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            row = await db.ApprovalRequests.AsNoTracking().FirstAsync(r => r.Id == requestId, ct);
        }

        var requester = await RequesterAsync(row, ct);
        string? failure = null;
        Guid? issuedCard = null;
        if (requester is null)
        {
            failure = "Approval.Failure.RequesterNotIssuer";
        }
        else if (row.Kind == ApprovalKinds.IssueCard)
        {
            var request = JsonSerializer.Deserialize<IssueCardRequest>(row.PayloadJson, PayloadJson)!
                with { Amount = row.Amount, ValidTo = row.ValidTo ?? default };
            // The requester's own key: a repeat of this (a crash, a race that got past the stamp) can never make a second card.
            var result = await issuer.IssueApprovedAsync(request with { IdempotencyKey = row.RequestKey ?? request.IdempotencyKey }, requester, CancellationToken.None);
            (issuedCard, failure) = result switch
            {
                IssueCardResult.Issued issued => (issued.CardPurchaseId, null),
                IssueCardResult.OutcomeUnknown unknown => (unknown.CardPurchaseId, null),
                IssueCardResult.AlreadySubmitted already => (already.CardPurchaseId, null),
                IssueCardResult.Rejected rejected => (rejected.CardPurchaseId, rejected.Message),
                _ => (null, null),
            };
        }
        else if (row.CardPurchaseId is { } cardId)
        {
            var update = JsonSerializer.Deserialize<CardUpdate>(row.PayloadJson, PayloadJson)! with { Amount = row.Amount, ValidTo = row.ValidTo };
            var result = await updater.UpdateApprovedAsync(cardId, update, requester, CancellationToken.None);
            failure = result is CardUpdateResult.Rejected rejected ? rejected.Message : null;
        }

        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var tracked = await db.ApprovalRequests.FirstAsync(r => r.Id == requestId, ct);
            var before = Snapshot(tracked);
            tracked.IssuedCardPurchaseId = issuedCard;
            if (failure is not null)
            {
                tracked.Status = ApprovalStatus.Failed;
                tracked.FailureMessage = Text.Truncate(failure, 2000);
            }

            await auditTrail.AppendAsync(db, new AuditActor(SystemActor.Subject, SystemActor.DisplayName),
                new AuditEntry(failure is null ? ApprovalAuditActions.CarriedOut : ApprovalAuditActions.Failed, EntityType, requestId.ToString(), before, Snapshot(tracked)),
                AuditTrail.NewCorrelationId(), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            row = tracked;
        }

        if (failure is not null)
        {
            LogCarryOutFailed(logger, requestId);
        }

        Publish(row, failure is null ? ApprovalNotificationKind.Issued : ApprovalNotificationKind.Failed);
        return new ApprovalActionResult.Done(row.Status, row.ApprovalsGiven, row.RequiredApprovals);
    }

    /// <summary>The requester as they stand now in this company, or null when they may no longer issue there.</summary>
    private async Task<CurrentUserInfo?> RequesterAsync(ApprovalRequest row, CancellationToken ct)
    {
        var company = await currentCompany.GetAsync(ct);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Subject == row.RequestedBy, ct);
        var grants = await db.CompanyGrants.AsNoTracking().Where(g => g.Subject == row.RequestedBy)
            .Select(g => new CompanyRoleGrant(g.Company, g.Role)).ToListAsync(ct);
        var providerRoles = (user?.Roles ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var roles = CompanyAccessRules.Resolve(companies, providerRoles, grants, []).FirstOrDefault(a => a.Company.Key == company.Key)?.Roles ?? [];
        return roles.Any(r => PortalPolicies.Roles[PortalPolicies.CanIssue].Contains(r))
            ? new CurrentUserInfo(row.RequestedBy, row.RequestedByName, user?.Username ?? row.RequestedBy, user?.Email, roles)
            : null;
    }

    private async Task<Guid?> FindByKeyAsync(string key, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.ApprovalRequests.AsNoTracking().Where(r => r.RequestKey == key).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct);
    }

    private void Publish(ApprovalRequest row, ApprovalNotificationKind kind) =>
        notifications.Publish(new ApprovalNotification(row.Company, row.Id, kind, row.RequestedBy));

    private Step Refuse(string code, string key, params object[] arguments) =>
        new(null, null, new ApprovalActionResult.Refused(code, localizer[key, arguments].Value));

    /// <summary>What a decision does: the audit action and the approver's decision row, or why it is refused.</summary>
    private sealed record Step(string? Action, ApprovalDecision? Decision, ApprovalActionResult.Refused? Refusal);

    /// <summary>The longest justification or comment kept: refused beyond it, never cut (a decision is signed as written).</summary>
    public const int FreeTextMaxLength = 1000;

    /// <summary>Why a justification or comment cannot be stored as it would be (trimmed), or null.</summary>
    private static FreeTextProblem? TextProblem(string? text) => FreeText.Problem(text?.Trim(), FreeTextMaxLength, multiline: true);

    // A card number in a comment keeps the code it always had: the comment is what must change.
    private Step Refuse(FreeTextProblem problem) =>
        Refuse(problem.Rule == FreeTextRule.CardNumber ? ApprovalRefusals.CommentRequired : ApprovalRefusals.InvalidText, problem.MessageKey, problem.MessageArguments);

    // Longer text is refused before this (TextProblem); the cap only guards the column.
    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : Text.Truncate(text.Trim(), FreeTextMaxLength);

    private static object Snapshot(ApprovalRequest row) => new
    {
        row.Kind,
        row.Status,
        row.Amount,
        row.Currency,
        row.ValidTo,
        row.ApprovalsGiven,
        row.RequiredApprovals,
        row.RuleKey,
        row.IssuedCardPurchaseId,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Approved request {RequestId} could not be carried out; the requester is told")]
    private static partial void LogCarryOutFailed(ILogger logger, Guid requestId);
}

public static class ApprovalAuditActions
{
    public const string Filed = "approval.filed";
    public const string Approved = "approval.approved";
    public const string Rejected = "approval.rejected";
    public const string Withdrawn = "approval.withdrawn";
    public const string Expired = "approval.expired";
    public const string CarriedOut = "approval.carried-out";
    public const string Failed = "approval.failed";
    public const string PolicyChanged = "policy.changed";
}

/// <summary>Form fields of a request beyond the issue form's.</summary>
public static class ApprovalFields
{
    public const string Justification = nameof(Justification);
}
