using System.Text.Json;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Cards;

public enum CardSort
{
    CreatedAt,
    Amount,
    Status,
    Supplier,
    ValidTo,
}

/// <summary>
/// One page of the cards list. Filters left null do not filter. <see cref="MineOnly"/> is honoured
/// only for an Admin: an Issuer always sees their own cards and nobody else's.
/// </summary>
public sealed record CardListQuery
{
    public CardPurchaseStatus? Status { get; init; }

    public long? SupplierId { get; init; }

    public long? TemplateId { get; init; }

    /// <summary>Subject of the issuer (Admin only; an Issuer is always filtered to themselves).</summary>
    public string? IssuedBy { get; init; }

    /// <summary>Created on or after this day, in <see cref="CardQueries"/>' time zone.</summary>
    public DateOnly? CreatedFrom { get; init; }

    /// <summary>Created on or before this day (the whole day), in <see cref="CardQueries"/>' time zone.</summary>
    public DateOnly? CreatedTo { get; init; }

    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    /// <summary>ISO 4217.</summary>
    public string? Currency { get; init; }

    /// <summary>Active cards valid until today or one of the next N days, in <see cref="CardQueries"/>' time zone.</summary>
    public int? ExpiringWithinDays { get; init; }

    public bool MineOnly { get; init; } = true;

    public int Skip { get; init; }

    public int Take { get; init; } = 25;

    public CardSort SortBy { get; init; } = CardSort.CreatedAt;

    public bool Descending { get; init; } = true;
}

/// <summary>A row of the cards list: the card as the portal last knew it, with catalog names resolved.</summary>
public sealed record CardListItem(
    Guid Id,
    string? Last4,
    string? Brand,
    CardPurchaseStatus Status,
    long SupplierId,
    string? SupplierName,
    long TemplateId,
    string? TemplateName,
    decimal Amount,
    string Currency,
    decimal? Spent,
    decimal? Available,
    DateOnly ValidTo,
    string IssuedBy,
    string IssuedByName,
    DateTimeOffset CreatedAt,
    bool NeedsAttention = false)
{
    /// <summary>Only an active card can be cancelled (an unknown outcome is resolved first).</summary>
    public bool CanCancel => Status == CardPurchaseStatus.Active;
}

public sealed record CardListPage(IReadOnlyList<CardListItem> Items, int TotalCount);

/// <summary>Someone who has issued cards, for the issuer filter.</summary>
public sealed record IssuerOption(string Subject, string Name);

/// <summary>One of the card's audit events, with what changed between before and after.</summary>
public sealed record CardEvent(long Id, DateTimeOffset OccurredAt, string Action, string ActorName, IReadOnlyList<CardEventChange> Changes);

public sealed record CardEventChange(string Field, string? Before, string? After);

public sealed record CardCustomFieldValue(string Name, string Value);

/// <summary>Everything the detail page shows from SQLite.</summary>
public sealed record CardDetail(
    CardPurchase Card,
    string? SupplierName,
    string? TemplateName,
    string? FundingCardAlias,
    string? FundingCardLast4,
    IReadOnlyList<CardCustomFieldValue> CustomFields,
    IReadOnlyList<CardEvent> Events,
    bool IsOwnCard);

/// <summary>The outcome of looking a card up for the current user.</summary>
public abstract record CardLookup
{
    public sealed record Found(CardDetail Detail) : CardLookup;

    /// <summary>No such card, or (for an Issuer) someone else's: the page says the same in both cases.</summary>
    public sealed record NotFound : CardLookup;
}

/// <summary>Clara's live view of the card (transactions, spent), or why it could not be read.</summary>
public abstract record ClaraCardRead
{
    public sealed record Loaded(PurchaseDetails Purchase) : ClaraCardRead;

    /// <summary>The card has no Clara id yet (requested, unknown outcome, failed): nothing to ask Clara.</summary>
    public sealed record NotIssued : ClaraCardRead;

    /// <summary>Clara answered that it has no such purchase (e.g. a sandbox that was reset).</summary>
    public sealed record MissingAtClara : ClaraCardRead;

    /// <summary>
    /// Clara does not show the card yet: its details lag a write by a few seconds (the card network asks clients to
    /// wait five), so a 404 right after issuing or changing it is no answer yet, not "no card".
    /// </summary>
    public sealed record NotVisibleYet : ClaraCardRead;

    public sealed record Unreachable(string Reason) : ClaraCardRead;
}

/// <summary>
/// The read side of cards: the list and the detail from SQLite, and Clara's live view of one card.
/// Reads may call the Clara client directly; every write goes through VcnService.
/// Visibility: an Issuer sees only the cards they issued; an Admin sees everyone's.
/// </summary>
public sealed class CardQueries(
    IDbContextFactory<PortalDbContext> contextFactory,
    ICurrentUser currentUser,
    IClaraClient clara,
    ILogger<CardQueries> logger,
    TimeProvider time,
    TimeZoneInfo? timeZone = null)
{
    /// <summary>How long after a write a 404 from Clara is taken for its read-after-write lag rather than a missing card.</summary>
    public static readonly TimeSpan ReadAfterWriteLag = TimeSpan.FromSeconds(30);

    public const int MaxPageSize = 200;


    // The day boundaries of the date filter, as PortalFormat.Timestamp shows times (server zone).
    private readonly TimeZoneInfo _zone = timeZone ?? TimeZoneInfo.Local;

    public async Task<CardListPage> ListAsync(CardListQuery query, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        var cards = db.CardPurchases.AsNoTracking();
        if (!user.IsInRole(PortalRoles.Admin) || query.MineOnly)
        {
            cards = cards.Where(c => c.IssuedBy == user.Subject);
        }
        else if (!string.IsNullOrEmpty(query.IssuedBy))
        {
            cards = cards.Where(c => c.IssuedBy == query.IssuedBy);
        }

        if (query.Status is { } status)
        {
            cards = cards.Where(c => c.Status == status);
        }

        if (query.SupplierId is { } supplierId)
        {
            cards = cards.Where(c => c.SupplierId == supplierId);
        }

        if (query.TemplateId is { } templateId)
        {
            cards = cards.Where(c => c.TemplateId == templateId);
        }

        if (query.CreatedFrom is { } from)
        {
            var start = StartOfDay(from);
            cards = cards.Where(c => c.CreatedAt >= start);
        }

        if (query.CreatedTo is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            cards = cards.Where(c => c.CreatedAt < end);
        }

        if (query.MinAmount is { } min)
        {
            var atLeast = AmountLimits.AsLowerBound(min);
            cards = cards.Where(c => c.Amount >= atLeast);
        }

        if (query.MaxAmount is { } max)
        {
            var atMost = AmountLimits.AsUpperBound(max);
            cards = cards.Where(c => c.Amount <= atMost);
        }

        if (!string.IsNullOrEmpty(query.Currency))
        {
            cards = cards.Where(c => c.Currency == query.Currency);
        }

        if (query.ExpiringWithinDays is { } days)
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), _zone).DateTime);
            var until = today.AddDays(days);
            cards = cards.Where(c => c.Status == CardPurchaseStatus.Active && c.ValidTo >= today && c.ValidTo <= until);
        }

        var total = await cards.CountAsync(cancellationToken);
        var items = await Sort(db, cards, query.SortBy, query.Descending)
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .Select(ToListItem(db))
            .ToListAsync(cancellationToken);
        return new CardListPage(items, total);
    }

    /// <summary>
    /// Cards whose outcome the portal cannot settle by itself (oldest first): the issuer's own, or everyone's for an
    /// Admin. What the dashboard lists under "Needs attention".
    /// </summary>
    public async Task<IReadOnlyList<CardListItem>> NeedsAttentionAsync(int take = 5, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var cards = db.CardPurchases.AsNoTracking().Where(c => c.NeedsAttentionAt != null);
        if (!user.IsInRole(PortalRoles.Admin))
        {
            cards = cards.Where(c => c.IssuedBy == user.Subject);
        }

        return await cards.OrderBy(c => c.NeedsAttentionAt).Take(Math.Clamp(take, 1, MaxPageSize))
            .Select(ToListItem(db))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A list row with its catalog names, as one SQL projection (the names are subqueries, not extra round trips).</summary>
    private static System.Linq.Expressions.Expression<Func<CardPurchase, CardListItem>> ToListItem(PortalDbContext db) => c => new CardListItem(
        c.Id,
        c.Last4,
        c.Brand,
        c.Status,
        c.SupplierId,
        db.Suppliers.Where(s => s.ClaraId == c.SupplierId).Select(s => s.Name).FirstOrDefault(),
        c.TemplateId,
        db.CardTemplates.Where(t => t.ClaraId == c.TemplateId).Select(t => t.Name).FirstOrDefault(),
        c.Amount,
        c.Currency,
        c.Spent,
        c.Available,
        c.ValidTo,
        c.IssuedBy,
        c.IssuedByName,
        c.CreatedAt,
        c.NeedsAttentionAt != null);

    /// <summary>Everyone who has issued a card (Admin's issuer filter); an Issuer gets only themselves.</summary>
    public async Task<IReadOnlyList<IssuerOption>> GetIssuersAsync(CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        if (!user.IsInRole(PortalRoles.Admin))
        {
            return [new IssuerOption(user.Subject, user.DisplayName)];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var issuers = await db.CardPurchases.AsNoTracking()
            .GroupBy(c => c.IssuedBy)
            .Select(g => new IssuerOption(g.Key, g.Max(c => c.IssuedByName)!))
            .ToListAsync(cancellationToken);
        return [.. issuers.OrderBy(i => i.Name, StringComparer.CurrentCulture)];
    }

    public async Task<CardLookup> GetAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var card = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        var isOwn = card is not null && card.IssuedBy == user.Subject;
        if (card is null || (!isOwn && !user.IsInRole(PortalRoles.Admin)))
        {
            return new CardLookup.NotFound();
        }

        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.ClaraId == card.SupplierId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
        var template = await db.CardTemplates.AsNoTracking().Where(t => t.ClaraId == card.TemplateId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken);
        var funding = await db.FundingCards.AsNoTracking().Where(f => f.ClaraId == card.FundingCardId)
            .Select(f => new { f.Alias, f.Last4 }).FirstOrDefaultAsync(cancellationToken);
        var entityId = id.ToString();
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => e.EntityType == CardChanges.EntityType && e.EntityId == entityId)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);

        return new CardLookup.Found(new CardDetail(
            card,
            supplier,
            template,
            funding?.Alias,
            funding?.Last4,
            ReadCustomFields(card.CustomFieldsJson),
            [.. events.Select(e => new CardEvent(e.Id, e.OccurredAt, e.Action, e.ActorName, CardEventDiff.Changes(e.BeforeJson, e.AfterJson)))],
            isOwn));
    }

    /// <summary>
    /// Clara's current view of the card (transactions, spent, available). A failure to reach Clara is an
    /// answer, not an exception: the page shows the rest from SQLite with a banner.
    /// </summary>
    public async Task<ClaraCardRead> ReadFromClaraAsync(CardPurchase card, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(card);
        var user = await currentUser.DemandAsync(PortalPolicies.CanIssue, cancellationToken);
        // Same reach as GetAsync: a card's transactions are its issuer's and Admin's business only, even
        // when a caller hands over a card it did not get from GetAsync.
        if (card.IssuedBy != user.Subject && !user.IsInRole(PortalRoles.Admin))
        {
            throw new AccessDeniedException(Issuance.CardAccess.CardOwnerPolicy, user.Subject);
        }

        if (card.ClaraPurchaseId is not { } purchaseId)
        {
            return new ClaraCardRead.NotIssued();
        }

        try
        {
            var details = await clara.GetPurchaseAsync(purchaseId, reveal: false, cancellationToken);
            // An id handed out again names someone else's card: show nothing of it.
            return CardIdentity.Matches(card, details) ? new ClaraCardRead.Loaded(details) : new ClaraCardRead.MissingAtClara();
        }
        catch (ClaraApiException exception) when (exception.StatusCode == 404)
        {
            CardsLog.ClaraUnreachable(logger, exception, purchaseId);
            var lastWrite = card.UpdatedAt > (card.IssuedAt ?? DateTimeOffset.MinValue) ? card.UpdatedAt : card.IssuedAt ?? card.UpdatedAt;
            return time.GetUtcNow() - lastWrite < ReadAfterWriteLag ? new ClaraCardRead.NotVisibleYet() : new ClaraCardRead.MissingAtClara();
        }
        catch (Exception exception) when (exception is HttpRequestException or TimeoutException or ClaraApiException)
        {
            CardsLog.ClaraUnreachable(logger, exception, purchaseId);
            return new ClaraCardRead.Unreachable(exception is ClaraApiException api ? api.ClaraMessage ?? api.Code ?? "" : exception.GetType().Name);
        }
    }

    private DateTimeOffset StartOfDay(DateOnly day) => Localization.PortalDays.Start(day, _zone);

    private static IReadOnlyList<CardCustomFieldValue> ReadCustomFields(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var values = JsonSerializer.Deserialize<List<CardCustomFieldValue>>(json, JsonSerializerOptions.Web);
        return values is null ? [] : [.. values.Where(v => !string.IsNullOrEmpty(v.Name))];
    }

    // Id breaks ties so paging is stable when the sort key repeats. Supplier sorts by the cached name.
    private static IQueryable<CardPurchase> Sort(PortalDbContext db, IQueryable<CardPurchase> cards, CardSort sortBy, bool descending) => (sortBy, descending) switch
    {
        (CardSort.Amount, false) => cards.OrderBy(c => c.Amount).ThenBy(c => c.Currency).ThenBy(c => c.Id),
        (CardSort.Amount, true) => cards.OrderByDescending(c => c.Amount).ThenBy(c => c.Currency).ThenBy(c => c.Id),
        (CardSort.Status, false) => cards.OrderBy(c => c.Status).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (CardSort.Status, true) => cards.OrderByDescending(c => c.Status).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (CardSort.Supplier, false) => cards.OrderBy(c => db.Suppliers.Where(s => s.ClaraId == c.SupplierId).Select(s => s.Name).FirstOrDefault())
            .ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (CardSort.Supplier, true) => cards.OrderByDescending(c => db.Suppliers.Where(s => s.ClaraId == c.SupplierId).Select(s => s.Name).FirstOrDefault())
            .ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (CardSort.ValidTo, false) => cards.OrderBy(c => c.ValidTo).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (CardSort.ValidTo, true) => cards.OrderByDescending(c => c.ValidTo).ThenByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
        (_, false) => cards.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
        (_, true) => cards.OrderByDescending(c => c.CreatedAt).ThenBy(c => c.Id),
    };
}
