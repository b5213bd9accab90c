using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// Issues a card: checks the request against the template's rules, records it (Requested, with its Idempotency-Key and
/// a time for the resolver to look at it) and only then sends it. Card numbers and CVVs pass through in memory only.
/// </summary>
public sealed partial class CardIssuer(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    IssueCardRules rules,
    CardChanges changes,
    ClaraSubmission submission,
    IApprovalGate approvalGate,
    TimeProvider time,
    IOptions<OutcomeResolverOptions> resolverOptions,
    ILogger<CardIssuer> logger)
{
    public const int MaxIdempotencyKeyLength = ClaraClient.MaxIdempotencyKeyLength;

    /// <summary>
    /// Issues the card for the signed-in user. A key already recorded returns
    /// <see cref="IssueCardResult.AlreadySubmitted"/> without calling Clara again. <paramref name="ct"/> only stops the
    /// caller waiting: once recorded, the request is sent and its outcome recorded even if the caller has gone.
    /// </summary>
    public async Task<IssueCardResult> IssueAsync(IssueCardRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, ct);
        return await IssueForAsync(request, user, approved: false, ct);
    }

    /// <summary>
    /// Issues a request an approver has already approved, for the requester who made it (the approvals feature checks
    /// who may approve; this checks the request against the rules again, as they stand now).
    /// </summary>
    public Task<IssueCardResult> IssueApprovedAsync(IssueCardRequest request, CurrentUserInfo requester, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(requester);
        return IssueForAsync(request, requester, approved: true, ct);
    }

    /// <summary>The request against the template's rules and the company's catalog as they stand now; empty when it may be sent.</summary>
    public async Task<IReadOnlyList<IssueFieldError>> ValidateAsync(IssueCardRequest request, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var db = await contexts.CreateDbContextAsync(ct);
        return rules.Validate(request, await CatalogOfAsync(db, request, ct), IssueCardRules.Today(time));
    }

    private static async Task<IssueCardCatalog> CatalogOfAsync(PortalDbContext db, IssueCardRequest request, CancellationToken ct) => new(
        await db.CardTemplates.AsNoTracking().FirstOrDefaultAsync(t => t.ClaraId == request.TemplateId && t.RemovedAt == null, ct),
        await db.FundingCards.AsNoTracking().FirstOrDefaultAsync(f => f.ClaraId == request.FundingCardId && f.RemovedAt == null, ct),
        await db.Suppliers.AsNoTracking().FirstOrDefaultAsync(s => s.ClaraId == request.SupplierId && s.RemovedAt == null, ct));

    private async Task<IssueCardResult> IssueForAsync(IssueCardRequest request, CurrentUserInfo user, bool approved, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ArgumentException($"The idempotency key must be 1 to {MaxIdempotencyKeyLength} characters.", nameof(request));
        }

        IssueCardCatalog catalog;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            if (await FindByKeyAsync(db, request.IdempotencyKey, ct) is { } existing)
            {
                LogAlreadySubmitted(logger, existing.Id, existing.Status);
                return new IssueCardResult.AlreadySubmitted(existing.Id, existing.Status);
            }

            catalog = await CatalogOfAsync(db, request, ct);
            var errors = rules.Validate(request, catalog, IssueCardRules.Today(time));
            if (errors.Count > 0)
            {
                // Nothing was recorded or sent: the form shows the messages and the same key stays usable.
                var fields = string.Join(",", errors.Select(e => e.Field).Distinct());
                LogRejectedByRules(logger, errors.Count, fields);
                return new IssueCardResult.Rejected(null, RejectionCodes.Validation, errors[0].Message, errors);
            }
        }

        // Over the policy, a card is never sent directly, whatever the page did: it goes to approvers first.
        if (!approved && (await approvalGate.AssessIssueAsync(request, user, ct)).NeedsApproval)
        {
            return new IssueCardResult.Rejected(null, RejectionCodes.ApprovalRequired, rules.Message("Issue.Error.ApprovalRequired"), []);
        }

        var purchase = NewPurchase(request, user, catalog);
        var actor = AuditActor.From(user);
        var correlationId = AuditTrail.NewCorrelationId();
        try
        {
            // Once recording starts it finishes: a request is either not recorded at all or recorded and sent.
            await changes.AddAsync(purchase, actor, correlationId, AuditActions.IssueRequested, CancellationToken.None);
        }
        catch (DbUpdateException ex)
        {
            // Two submits with one key raced past the check above and the unique index kept one. Asked of the database
            // rather than read from a provider's error text, so it holds on every provider.
            await using var db = await contexts.CreateDbContextAsync(ct);
            var winner = await FindByKeyAsync(db, request.IdempotencyKey, ct);
            if (winner is null)
            {
                throw new InvalidOperationException("The card request could not be recorded.", ex);
            }

            LogAlreadySubmitted(logger, winner.Id, winner.Status);
            return new IssueCardResult.AlreadySubmitted(winner.Id, winner.Status);
        }

        LogSubmitting(logger, purchase.Id, purchase.TemplateId, purchase.FundingCardId, purchase.SupplierId);
        // Not tied to the caller: the call and its recording run to the end even if the page goes away.
        var outcome = submission.SubmitAsync(purchase, actor, correlationId, replay: false);
        return await outcome.WaitAsync(ct);
    }

    private CardPurchase NewPurchase(IssueCardRequest request, CurrentUserInfo user, IssueCardCatalog catalog)
    {
        var now = time.GetUtcNow();
        // Stored exactly as it will be sent, so a replay rebuilds the same body from the row.
        var customFields = request.CustomFields
            .Where(f => !string.IsNullOrWhiteSpace(f.Value))
            .Select(f => new CustomFieldValue(f.Name.Trim(), f.Value))
            .ToList();
        var purchase = new CardPurchase
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = request.IdempotencyKey,
            Status = CardPurchaseStatus.Requested,
            FundingCardId = request.FundingCardId,
            TemplateId = request.TemplateId,
            SupplierId = request.SupplierId,
            // Validation passed, so all three are in the catalog.
            SupplierName = catalog.Supplier?.Name ?? "",
            TemplateName = catalog.Template?.Name ?? "",
            FundingCardName = catalog.FundingCard?.Alias ?? "",
            Amount = request.Amount,
            Currency = request.Currency.Trim().ToUpperInvariant(),
            ValidFrom = request.ValidFrom,
            ValidTo = request.ValidTo,
            Reference = string.IsNullOrWhiteSpace(request.Reference) ? null : request.Reference.Trim(),
            CustomFieldsJson = ClaraSubmission.SerializeCustomFields(customFields),
            IssuedBy = user.Subject,
            IssuedByName = user.DisplayName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        // If this process dies between recording and hearing back, the resolver finds the row by this time.
        purchase.ScheduleResolve(resolverOptions.Value.FirstReplayAfter, now);
        return purchase;
    }

    private static async Task<CardPurchase?> FindByKeyAsync(PortalDbContext db, string key, CancellationToken ct) =>
        await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == key, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Submitting card purchase {PurchaseId} (template {TemplateId}, RCN {RcnId}, supplier {SupplierId})")]
    private static partial void LogSubmitting(ILogger logger, Guid purchaseId, long templateId, long rcnId, long supplierId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Idempotency key already recorded for card purchase {PurchaseId} ({Status}); not sent again")]
    private static partial void LogAlreadySubmitted(ILogger logger, Guid purchaseId, CardPurchaseStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Issue request refused by the template rules before sending: {Count} problem(s) in {Fields}")]
    private static partial void LogRejectedByRules(ILogger logger, int count, string fields);
}
