namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// A virtual card the portal asked Clara for, from request to end of life. The card number and CVV
/// are never stored here (nor anywhere): only the last four digits.
/// </summary>
public sealed class CardPurchase : IConcurrencyStamped, ICompanyOwned
{
    /// <summary>The company it belongs to (see <see cref="ICompanyOwned"/>).</summary>
    public string Company { get; set; } = null!;

    /// <summary>Local id, known before Clara answers.</summary>
    public Guid Id { get; set; }

    /// <summary>Clara's purchaseId once Clara has answered; null while requested or unknown.</summary>
    public long? ClaraPurchaseId { get; set; }

    /// <summary>Sent as Idempotency-Key; retrying with it can never create a second card.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>
    /// Where the card is in its life. The portal moves it only through the transitions below, which refuse an illegal
    /// move; the setter is internal for EF and for tests that seed rows.
    /// </summary>
    public CardPurchaseStatus Status { get; internal set; }

    public long FundingCardId { get; set; }

    public long TemplateId { get; set; }

    public long SupplierId { get; set; }

    /// <summary>
    /// The supplier, template and funding card as the catalog named them when the card was issued (or its supplier
    /// changed): what history shows and sorts by, kept on the row so a million-row sort runs on an index.
    /// </summary>
    public string SupplierName { get; set; } = "";

    public string TemplateName { get; set; } = "";

    public string FundingCardName { get; set; } = "";

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    /// <summary>Spent and available as Clara last reported them.</summary>
    public decimal? Spent { get; set; }

    public decimal? Available { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }

    public string? Reference
    {
        get => _reference;
        init
        {
            _reference = value;
            ReferenceKey = SearchKey(value);
        }
    }

    private readonly string? _reference;

    /// <summary>The reference upper-cased (invariant), so "starts with" search is case-insensitive on an ordinary index on every provider.</summary>
    public string? ReferenceKey { get; private set; }

    /// <summary>Custom field values as a JSON array of {name, value}.</summary>
    public string CustomFieldsJson { get; set; } = "[]";

    public string? Last4 { get; set; }

    /// <summary>
    /// Card brand ("Visa", "Mastercard", ...) from the number's first digit when Clara issued it; null for
    /// rows recorded before the portal kept it, or when the brand could not be told. Never the number itself.
    /// </summary>
    public string? Brand { get; set; }

    /// <summary>Subject of the issuer.</summary>
    public required string IssuedBy { get; set; }

    public required string IssuedByName { get; set; }

    public Guid? ApprovalRequestId { get; set; }

    /// <summary>Clara's error code and message when the request failed.</summary>
    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public string? CancelReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? IssuedAt { get; set; }

    public DateTimeOffset? CancelledAt { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>An update or cancel sent to Clara (or about to be) whose answer is not recorded yet.</summary>
    public CardWriteKind? PendingWrite { get; private set; }

    /// <summary>The Idempotency-Key of <see cref="PendingWrite"/>, recorded before the call so a replay can never act twice.</summary>
    public string? PendingWriteKey { get; private set; }

    /// <summary>The body of <see cref="PendingWrite"/> as sent (JSON), so a replay sends the same bytes.</summary>
    public string? PendingWriteJson { get; private set; }

    public DateTimeOffset? PendingWriteAt { get; private set; }

    /// <summary>How often the resolver has replayed an unknown outcome of this row, and when it may try next.</summary>
    public int ResolveAttempts { get; private set; }

    public DateTimeOffset? NextResolveAt { get; private set; }

    /// <summary>Set when the portal cannot settle the outcome itself (Clara's key window passed): a person must check in Clara.</summary>
    public DateTimeOffset? NeedsAttentionAt { get; private set; }

    public string? NeedsAttentionReason { get; private set; }

    /// <summary>Waiting for Clara's answer to the submit: Requested (maybe never sent) or OutcomeUnknown (sent, no answer).</summary>
    /// <summary>How a reference is normalized for "starts with" search; a search term goes through the same.</summary>
    public static string? SearchKey(string? reference) => string.IsNullOrWhiteSpace(reference) ? null : reference.Trim().ToUpperInvariant();

    public bool IsAwaitingOutcome => Status is CardPurchaseStatus.Requested or CardPurchaseStatus.OutcomeUnknown;

    /// <summary>
    /// Something about this row is not settled: the submit or a later update/cancel. Every transition out of it settles
    /// the row, which also clears <see cref="NextResolveAt"/>: a scheduled row is always an unsettled one.
    /// </summary>
    public bool IsUnsettled => IsAwaitingOutcome || PendingWrite is not null;

    /// <summary>Clara issued the card (first answer or a replay of the same key).</summary>
    public void MarkIssued(long claraPurchaseId, string last4, string? brand, decimal? spent, decimal? available, DateTimeOffset now)
    {
        Require(IsAwaitingOutcome, CardPurchaseStatus.Active);
        Status = CardPurchaseStatus.Active;
        ClaraPurchaseId = claraPurchaseId;
        Last4 = last4;
        Brand = brand;
        Spent = spent;
        Available = available;
        IssuedAt = now;
        FailureCode = null;
        FailureMessage = null;
        Settle(now);
    }

    /// <summary>Clara answered the submit definitively with a refusal: nothing was issued.</summary>
    public void MarkFailed(string code, string message, DateTimeOffset now)
    {
        Require(IsAwaitingOutcome, CardPurchaseStatus.Failed);
        Status = CardPurchaseStatus.Failed;
        FailureCode = code;
        FailureMessage = message;
        Settle(now);
    }

    /// <summary>The submit may have reached Clara and no definitive answer came: never "failed", resolved by a replay.</summary>
    public void MarkOutcomeUnknown(string reason, DateTimeOffset now)
    {
        Require(IsAwaitingOutcome, CardPurchaseStatus.OutcomeUnknown);
        Status = CardPurchaseStatus.OutcomeUnknown;
        FailureCode = "OUTCOME_UNKNOWN";
        FailureMessage = reason;
        UpdatedAt = now;
    }

    /// <summary>Claims the card for an update or cancel; its key is recorded before anything is sent.</summary>
    public void BeginWrite(CardWriteKind kind, string idempotencyKey, string json, DateTimeOffset now)
    {
        if (Status == CardPurchaseStatus.Cancelled || ClaraPurchaseId is null)
        {
            throw new InvalidCardTransitionException(Id, Status, $"begin {kind}");
        }

        if (kind == CardWriteKind.Update && (Status != CardPurchaseStatus.Active || PendingWrite is not null))
        {
            // One change at a time: a second update while one is unconfirmed could be overwritten by the first's replay.
            throw new InvalidCardTransitionException(Id, Status, "begin update while another change is unconfirmed");
        }

        PendingWrite = kind;
        PendingWriteKey = idempotencyKey;
        PendingWriteJson = json;
        PendingWriteAt = now;
        ResolveAttempts = 0;
        UpdatedAt = now;
    }

    /// <summary>Clara applied the pending update.</summary>
    public void ApplyUpdate(decimal amount, long supplierId, string supplierName, DateOnly validTo, decimal? spent, decimal? available, DateTimeOffset now)
    {
        if (Status != CardPurchaseStatus.Active || PendingWrite != CardWriteKind.Update)
        {
            throw new InvalidCardTransitionException(Id, Status, "apply an update");
        }

        Amount = amount;
        SupplierId = supplierId;
        SupplierName = supplierName;
        ValidTo = validTo;
        Spent = spent;
        Available = available;
        ClearPendingWrite();
        Settle(now);
    }

    /// <summary>Clara refused the pending update or cancel (or did not act): the card is as it was.</summary>
    public void AbandonWrite(DateTimeOffset now)
    {
        ClearPendingWrite();
        Settle(now);
    }

    /// <summary>Clara cancelled the card. False when it was already recorded as cancelled.</summary>
    public bool Cancel(string reason, DateTimeOffset now)
    {
        if (Status == CardPurchaseStatus.Cancelled)
        {
            ClearPendingWrite();
            Settle(now);
            return false;
        }

        if (ClaraPurchaseId is null || IsAwaitingOutcome)
        {
            throw new InvalidCardTransitionException(Id, Status, "cancel");
        }

        Status = CardPurchaseStatus.Cancelled;
        // Clara no longer honours the rest of the limit (its cancel answer carries no balance).
        Available = 0m;
        CancelReason = reason;
        CancelledAt = now;
        ClearPendingWrite();
        Settle(now);
        return true;
    }

    /// <summary>
    /// When the resolver looks at this unsettled row next. Every unsettled row has one (the resolver's whole query);
    /// <paramref name="afterReplay"/> counts a replay that did not settle it.
    /// </summary>
    public void ScheduleResolve(TimeSpan delay, DateTimeOffset now, bool afterReplay = false)
    {
        if (afterReplay)
        {
            ResolveAttempts++;
        }

        NextResolveAt = now + delay;
        UpdatedAt = now;
    }

    /// <summary>The portal cannot settle this row by itself any more; a person checks in Clara.</summary>
    public void FlagNeedsAttention(string reason, DateTimeOffset now)
    {
        NeedsAttentionAt ??= now;
        NeedsAttentionReason = reason.Length <= 500 ? reason : reason[..500];
        NextResolveAt = null;
        UpdatedAt = now;
    }

    private void ClearPendingWrite()
    {
        PendingWrite = null;
        PendingWriteKey = null;
        PendingWriteJson = null;
        PendingWriteAt = null;
    }

    private void Settle(DateTimeOffset now)
    {
        ResolveAttempts = 0;
        NextResolveAt = null;
        NeedsAttentionAt = null;
        NeedsAttentionReason = null;
        UpdatedAt = now;
    }

    private void Require(bool allowed, CardPurchaseStatus to)
    {
        if (!allowed)
        {
            throw new InvalidCardTransitionException(Id, Status, to.ToString());
        }
    }
}

/// <summary>A write to an issued card that goes to Clara with its own Idempotency-Key.</summary>
public enum CardWriteKind
{
    Update,
    Cancel,
}

/// <summary>A status change the card's life does not allow (e.g. Failed after Active): a bug or a lost race, never silently applied.</summary>
public sealed class InvalidCardTransitionException(Guid cardPurchaseId, CardPurchaseStatus from, string to)
    : InvalidOperationException($"Card purchase {cardPurchaseId} cannot {to} from {from}.")
{
    public Guid CardPurchaseId { get; } = cardPurchaseId;

    public CardPurchaseStatus From { get; } = from;
}

public enum CardPurchaseStatus
{
    /// <summary>Written locally, about to be sent to Clara.</summary>
    Requested,

    /// <summary>Waiting for an approver before it is sent.</summary>
    PendingApproval,

    /// <summary>Clara issued the card.</summary>
    Active,

    /// <summary>Sent, but no answer came back (timeout, dropped connection): to be resolved, never "failed".</summary>
    OutcomeUnknown,

    /// <summary>Clara refused it (validation, business rule).</summary>
    Failed,

    /// <summary>An approver turned it down; never sent.</summary>
    Rejected,

    Cancelled,
    Expired,
    Exhausted,
}
