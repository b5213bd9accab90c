using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.History;

/// <summary>A purchase as history shows it: what was asked, of whom, by whom, and where it stands.</summary>
public sealed record CardHistoryRow(
    Guid Id,
    DateTimeOffset CreatedAt,
    string IssuedBy,
    string IssuedByName,
    long SupplierId,
    string SupplierName,
    long TemplateId,
    string TemplateName,
    long FundingCardId,
    string FundingCardName,
    decimal Amount,
    string Currency,
    CardPurchaseStatus Status,
    long? ClaraPurchaseId,
    string? Last4,
    string? Reference)
{
    /// <summary>The approval the card went through (the latest one when several), or null when none was needed.</summary>
    public ApprovalTrail? Approval { get; init; }
}

/// <summary>Where a card's approval stands and who approved it, in order.</summary>
public sealed record ApprovalTrail(Guid RequestId, ApprovalStatus Status, int ApprovalsGiven, int RequiredApprovals, IReadOnlyList<string> Approvers);

/// <summary>An audit event as history shows it.</summary>
public sealed record EventHistoryRow(
    long Id,
    DateTimeOffset OccurredAt,
    string ActorId,
    string ActorName,
    string Action,
    string EntityType,
    string? EntityId,
    string? BeforeJson,
    string? AfterJson);

/// <summary>A card and everything that happened to it: its request, approvals, issuance, updates, reveals, cancellation.</summary>
public sealed record CardTimeline(CardHistoryRow Card, IReadOnlyList<CardEvent> Events);

/// <summary>Someone or something that appears in history, for the user filters.</summary>
public sealed record HistoryActor(string Id, string Name);

/// <summary>
/// History's reads over a million purchases and millions of events of the chosen company: filters and sorts that each run
/// on an index, keyset pages, bounded counts, and the same queries streamed in batches for exports. Read-only.
/// </summary>
public sealed class HistoryQueries(
    IDbContextFactory<PortalDbContext> contexts,
    ICurrentUser currentUser,
    TimeZoneInfo? timeZone = null)
{
    /// <summary>Counts stop here: beyond it the grid says "more than 10,000" instead of walking every row.</summary>
    public const int CountBound = 10_000;

    public const int MaxPageSize = 200;

    /// <summary>Rows per query when streaming an export (a short read each, so no export holds a read open for minutes).</summary>
    public const int ExportBatchSize = 2_000;

    private static readonly Dictionary<CardHistorySort, KeysetColumn<CardPurchase>[]> CardSorts = new Dictionary<CardHistorySort, KeysetColumn<CardPurchase>[]>
    {
        [CardHistorySort.Created] = [Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Issuer] = [Column(c => c.IssuedByName), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Supplier] = [Column(c => c.SupplierName), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Template] = [Column(c => c.TemplateName), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.FundingCard] = [Column(c => c.FundingCardName), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Amount] = [Column(c => c.Amount), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Status] = [Column(c => c.Status), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.ClaraId] = [Column(c => c.ClaraPurchaseId), Column(c => c.CreatedAt), Column(c => c.Id)],
        [CardHistorySort.Last4] = [Column(c => c.Last4), Column(c => c.CreatedAt), Column(c => c.Id)],
    };

    private static readonly Dictionary<EventHistorySort, KeysetColumn<AuditEvent>[]> EventSorts = new Dictionary<EventHistorySort, KeysetColumn<AuditEvent>[]>
    {
        [EventHistorySort.Time] = [Column<AuditEvent, DateTimeOffset>(e => e.OccurredAt), Column<AuditEvent, long>(e => e.Id)],
        [EventHistorySort.User] = [Column<AuditEvent, string>(e => e.ActorName), Column<AuditEvent, DateTimeOffset>(e => e.OccurredAt), Column<AuditEvent, long>(e => e.Id)],
        [EventHistorySort.Action] = [Column<AuditEvent, string>(e => e.Action), Column<AuditEvent, DateTimeOffset>(e => e.OccurredAt), Column<AuditEvent, long>(e => e.Id)],
        [EventHistorySort.Entity] = [Column<AuditEvent, string>(e => e.EntityType), Column<AuditEvent, DateTimeOffset>(e => e.OccurredAt), Column<AuditEvent, long>(e => e.Id)],
    };

    private static readonly Expression<Func<CardPurchase, CardHistoryRow>> ToCardRow = c => new CardHistoryRow(
        c.Id, c.CreatedAt, c.IssuedBy, c.IssuedByName, c.SupplierId, c.SupplierName, c.TemplateId, c.TemplateName,
        c.FundingCardId, c.FundingCardName, c.Amount, c.Currency, c.Status, c.ClaraPurchaseId, c.Last4, c.Reference);

    private static readonly Expression<Func<AuditEvent, EventHistoryRow>> ToEventRow = e => new EventHistoryRow(
        e.Id, e.OccurredAt, e.ActorId, e.ActorName, e.Action, e.EntityType, e.EntityId, e.BeforeJson, e.AfterJson);

    // Day boundaries of the date filters, as PortalFormat.Timestamp shows times (server zone).
    private readonly TimeZoneInfo _zone = timeZone ?? TimeZoneInfo.Local;

    public async Task<HistoryPage<CardHistoryRow>> CardsAsync(CardHistoryFilter filter, HistoryPageRequest<CardHistorySort> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(request);
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One connection for the page and its approval trails.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var page = await PageAsync(db, Filter(db.CardPurchases.AsNoTracking(), filter), CardSorts[request.Sort], request, ToCardRow, row => CardKey(request.Sort, row), cancellationToken);
        return page with { Items = await WithApprovalTrailsAsync(db, page.Items, null, cancellationToken) };
    }

    public async Task<HistoryCount> CountCardsAsync(CardHistoryFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await BoundedCountAsync(Filter(db.CardPurchases.AsNoTracking(), filter), cancellationToken);
    }

    /// <summary>Every card the filter matches, in the grid's order, read in batches: what an export writes.</summary>
    public IAsyncEnumerable<CardHistoryRow> StreamCardsAsync(CardHistoryFilter filter, CardHistorySort sort, bool descending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return StreamAsync(async (db, cursor) =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var page = await PageAsync(db, Filter(db.CardPurchases.AsNoTracking(), filter), CardSorts[sort],
                new HistoryPageRequest<CardHistorySort>(sort, descending, cursor, ExportBatchSize), ToCardRow, row => CardKey(sort, row), cancellationToken);
            return page with { Items = await WithApprovalTrailsAsync(db, page.Items, null, cancellationToken) };
        }, cancellationToken);
    }

    public async Task<HistoryPage<EventHistoryRow>> EventsAsync(EventHistoryFilter filter, HistoryPageRequest<EventHistorySort> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(request);
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PageAsync(db, Filter(db.AuditEvents.AsNoTracking(), filter), EventSorts[request.Sort], request, ToEventRow, row => EventKey(request.Sort, row), cancellationToken);
    }

    public async Task<HistoryCount> CountEventsAsync(EventHistoryFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await BoundedCountAsync(Filter(db.AuditEvents.AsNoTracking(), filter), cancellationToken);
    }

    /// <summary>Every event the filter matches, in the grid's order, read in batches: what an export writes.</summary>
    public IAsyncEnumerable<EventHistoryRow> StreamEventsAsync(EventHistoryFilter filter, EventHistorySort sort, bool descending, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return StreamAsync((db, cursor) => PageAsync(db, Filter(db.AuditEvents.AsNoTracking(), filter), EventSorts[sort],
            new HistoryPageRequest<EventHistorySort>(sort, descending, cursor, ExportBatchSize), ToEventRow, row => EventKey(sort, row), cancellationToken), cancellationToken);
    }

    /// <summary>The card and every event of it and of the approval requests that led to it or changed it, oldest first; null when the company has no such card.</summary>
    public async Task<CardTimeline?> TimelineAsync(Guid cardId, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var card = await db.CardPurchases.AsNoTracking().Where(c => c.Id == cardId).Select(ToCardRow).FirstOrDefaultAsync(cancellationToken);
        if (card is null)
        {
            return null;
        }

        var requests = await ApprovalRequestsOfAsync(db, [cardId], cancellationToken);
        card = (await WithApprovalTrailsAsync(db, [card], requests, cancellationToken))[0];
        // Audit events name an entity by Guid.ToString() (lower case): made here, not by the database, which writes Guids its own way.
        var requestIds = requests.ConvertAll(r => r.Id.ToString());
        var cardEntityId = cardId.ToString();
        var events = await db.AuditEvents.AsNoTracking()
            .Where(e => (e.EntityType == CardChanges.EntityType && e.EntityId == cardEntityId)
                || (e.EntityType == ApprovalService.EntityType && requestIds.Contains(e.EntityId!)))
            .OrderBy(e => e.Id)
            .Select(ToEventRow)
            .ToListAsync(cancellationToken);
        return new CardTimeline(card, [.. events.Select(e => new CardEvent(e.Id, e.OccurredAt, e.Action, e.ActorName, CardEventDiff.Changes(e.BeforeJson, e.AfterJson)))]);
    }

    /// <summary>Everyone who has issued a card in this company, by name.</summary>
    public async Task<IReadOnlyList<HistoryActor>> IssuersAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var subjects = await DistinctAsync(db.CardPurchases.AsNoTracking(), c => c.IssuedBy, cancellationToken);
        var actors = new List<HistoryActor>(subjects.Count);
        foreach (var subject in subjects)
        {
            var name = await db.CardPurchases.AsNoTracking().Where(c => c.IssuedBy == subject)
                .OrderByDescending(c => c.CreatedAt).Select(c => c.IssuedByName).FirstAsync(cancellationToken);
            actors.Add(new HistoryActor(subject, name));
        }

        return [.. actors.OrderBy(a => a.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Everyone (and every job) that appears in this company's events, by name.</summary>
    public async Task<IReadOnlyList<HistoryActor>> ActorsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = await DistinctAsync(db.AuditEvents.AsNoTracking(), e => e.ActorId, cancellationToken);
        var actors = new List<HistoryActor>(ids.Count);
        foreach (var id in ids)
        {
            var name = await db.AuditEvents.AsNoTracking().Where(e => e.ActorId == id)
                .OrderByDescending(e => e.OccurredAt).Select(e => e.ActorName).FirstAsync(cancellationToken);
            actors.Add(new HistoryActor(id, name));
        }

        return [.. actors.OrderBy(a => a.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>Every action recorded in this company's events.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await DistinctAsync(db.AuditEvents.AsNoTracking(), e => e.Action, cancellationToken);
    }

    internal IQueryable<CardPurchase> Filter(IQueryable<CardPurchase> cards, CardHistoryFilter filter)
    {
        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            cards = cards.Where(c => c.CreatedAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            cards = cards.Where(c => c.CreatedAt < end);
        }

        if (!string.IsNullOrEmpty(filter.IssuedBy))
        {
            cards = cards.Where(c => c.IssuedBy == filter.IssuedBy);
        }

        if (filter.SupplierId is { } supplierId)
        {
            cards = cards.Where(c => c.SupplierId == supplierId);
        }

        if (filter.TemplateId is { } templateId)
        {
            cards = cards.Where(c => c.TemplateId == templateId);
        }

        if (filter.FundingCardId is { } fundingCardId)
        {
            cards = cards.Where(c => c.FundingCardId == fundingCardId);
        }

        if (filter.Status is { } status)
        {
            cards = cards.Where(c => c.Status == status);
        }

        if (!string.IsNullOrWhiteSpace(filter.Currency))
        {
            var currency = filter.Currency.Trim().ToUpperInvariant();
            cards = cards.Where(c => c.Currency == currency);
        }

        if (filter.MinAmount is { } min)
        {
            var atLeast = AmountLimits.AsLowerBound(min);
            cards = cards.Where(c => c.Amount >= atLeast);
        }

        if (filter.MaxAmount is { } max)
        {
            var atMost = AmountLimits.AsUpperBound(max);
            cards = cards.Where(c => c.Amount <= atMost);
        }

        if (CardPurchase.SearchKey(filter.Reference) is { } prefix)
        {
            // "Starts with" as a range, so it runs on the (Company, ReferenceKey, ...) index on every provider.
            var upTo = prefix + char.MaxValue;
            cards = cards.Where(c => c.ReferenceKey != null && string.Compare(c.ReferenceKey, prefix) >= 0 && string.Compare(c.ReferenceKey, upTo) < 0);
        }

        return cards;
    }

    internal IQueryable<AuditEvent> Filter(IQueryable<AuditEvent> events, EventHistoryFilter filter)
    {
        if (filter.From is { } from)
        {
            var start = StartOfDay(from);
            events = events.Where(e => e.OccurredAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = StartOfDay(to.AddDays(1));
            events = events.Where(e => e.OccurredAt < end);
        }

        if (!string.IsNullOrEmpty(filter.ActorId))
        {
            events = events.Where(e => e.ActorId == filter.ActorId);
        }

        if (!string.IsNullOrEmpty(filter.Action))
        {
            events = events.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrEmpty(filter.EntityType))
        {
            events = events.Where(e => e.EntityType == filter.EntityType);
        }

        if (!string.IsNullOrEmpty(filter.EntityId))
        {
            events = events.Where(e => e.EntityId == filter.EntityId);
        }

        return events;
    }

    /// <summary>
    /// Batch after batch from <paramref name="readBatch"/>, each on a context of its own (a short read, so no export holds
    /// one open for minutes), until a batch has no next page.
    /// </summary>
    private async IAsyncEnumerable<TRow> StreamAsync<TRow>(
        Func<PortalDbContext, HistoryCursor?, Task<HistoryPage<TRow>>> readBatch, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewHistory, cancellationToken);
        HistoryCursor? cursor = null;
        do
        {
            HistoryPage<TRow> page;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                page = await readBatch(db, cursor);
            }

            foreach (var row in page.Items)
            {
                yield return row;
            }

            cursor = page.Next;
        }
        while (cursor is not null);
    }

    private static async Task<HistoryPage<TRow>> PageAsync<TEntity, TSort, TRow>(
        PortalDbContext db,
        IQueryable<TEntity> filtered,
        IReadOnlyList<KeysetColumn<TEntity>> columns,
        HistoryPageRequest<TSort> request,
        Expression<Func<TEntity, TRow>> project,
        Func<TRow, object?[]> keyOf,
        CancellationToken cancellationToken)
        where TSort : struct, Enum
    {
        var take = Math.Clamp(request.Take, 1, Math.Max(MaxPageSize, ExportBatchSize));
        var cursor = request.Cursor;
        // A page before the cursor is read backwards (the order reversed) and turned round.
        var backwards = cursor?.Backwards == true;
        var descending = request.Descending != backwards;
        var nullsSortLow = !db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal);
        var query = cursor is null ? filtered : Keyset.After(filtered, columns, cursor.Key, descending, nullsSortLow);
        var rows = await Keyset.OrderBy(query, columns, descending).Take(take + 1).Select(project).ToListAsync(cancellationToken);
        var more = rows.Count > take;
        if (more)
        {
            rows.RemoveAt(take);
        }

        if (backwards)
        {
            rows.Reverse();
        }

        if (rows.Count == 0)
        {
            return new HistoryPage<TRow>(rows, null, null);
        }

        // Moving forward, there is a page before whenever we started from a cursor; moving back, there is one after.
        var hasPrevious = backwards ? more : cursor is not null;
        var hasNext = backwards || more;
        return new HistoryPage<TRow>(
            rows,
            hasPrevious ? new HistoryCursor(keyOf(rows[0]), Backwards: true) : null,
            hasNext ? new HistoryCursor(keyOf(rows[^1]), Backwards: false) : null);
    }

    private static async Task<HistoryCount> BoundedCountAsync<T>(IQueryable<T> filtered, CancellationToken cancellationToken)
    {
        var count = await filtered.Take(CountBound + 1).CountAsync(cancellationToken);
        return count > CountBound ? new HistoryCount(CountBound, IsLowerBound: true) : new HistoryCount(count, IsLowerBound: false);
    }

    /// <summary>
    /// The distinct values of an indexed column, one index seek each ("the smallest value after the last one"), instead
    /// of a DISTINCT that reads every row; for columns with a few hundred values at most.
    /// </summary>
    private static async Task<IReadOnlyList<string>> DistinctAsync<T>(IQueryable<T> rows, Expression<Func<T, string>> column, CancellationToken cancellationToken)
    {
        const int Limit = 500;
        var values = new List<string>();
        var row = column.Parameters[0];
        string? last = null;
        while (values.Count < Limit)
        {
            var holder = new LastValue { Value = last };
            var query = rows;
            if (last is not null)
            {
                var after = Expression.GreaterThan(
                    Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, column.Body,
                        Expression.Property(Expression.Constant(holder), nameof(LastValue.Value))),
                    Expression.Constant(0));
                query = query.Where(Expression.Lambda<Func<T, bool>>(after, row));
            }

            var next = await query.OrderBy(column).Select(column).FirstOrDefaultAsync(cancellationToken);
            if (next is null)
            {
                break;
            }

            values.Add(next);
            last = next;
        }

        return values;
    }

    /// <summary>
    /// The approval requests that issued or changed these cards. Two lookups rather than one OR: each runs on its own index,
    /// where an OR of two columns makes the database read every approval request of the company.
    /// </summary>
    private static async Task<List<ApprovalRow>> ApprovalRequestsOfAsync(PortalDbContext db, IReadOnlyCollection<Guid> cardIds, CancellationToken cancellationToken)
    {
        var ids = cardIds.Select(id => (Guid?)id).ToList();
        var requests = await db.ApprovalRequests.AsNoTracking().Where(r => ids.Contains(r.IssuedCardPurchaseId)).Select(ToApprovalRow).ToListAsync(cancellationToken);
        requests.AddRange(await db.ApprovalRequests.AsNoTracking().Where(r => ids.Contains(r.CardPurchaseId)).Select(ToApprovalRow).ToListAsync(cancellationToken));
        return [.. requests.DistinctBy(r => r.Id)];
    }

    /// <summary>The rows with their latest approval's trail; <paramref name="requests"/> when the caller has read them already.</summary>
    private static async Task<IReadOnlyList<CardHistoryRow>> WithApprovalTrailsAsync(
        PortalDbContext db, IReadOnlyList<CardHistoryRow> rows, List<ApprovalRow>? requests, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return rows;
        }

        requests ??= await ApprovalRequestsOfAsync(db, [.. rows.Select(r => r.Id)], cancellationToken);
        if (requests.Count == 0)
        {
            return rows;
        }

        var requestIds = requests.Select(r => r.Id).ToList();
        var approvers = (await db.ApprovalDecisions.AsNoTracking()
                .Where(d => requestIds.Contains(d.ApprovalRequestId) && d.Verdict == ApprovalVerdict.Approved)
                .Select(d => new { d.ApprovalRequestId, d.ApproverName, d.Id })
                .ToListAsync(cancellationToken))
            .OrderBy(d => d.Id)
            .ToLookup(d => d.ApprovalRequestId, d => d.ApproverName);
        var latest = requests
            .GroupBy(r => r.IssuedCardPurchaseId ?? r.CardPurchaseId!.Value)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.RequestedAt)!);
        return [.. rows.Select(row => latest.TryGetValue(row.Id, out var request)
            ? row with { Approval = new ApprovalTrail(request.Id, request.Status, request.ApprovalsGiven, request.RequiredApprovals, [.. approvers[request.Id]]) }
            : row)];
    }

    private static object?[] CardKey(CardHistorySort sort, CardHistoryRow row) => sort switch
    {
        CardHistorySort.Issuer => [row.IssuedByName, row.CreatedAt, row.Id],
        CardHistorySort.Supplier => [row.SupplierName, row.CreatedAt, row.Id],
        CardHistorySort.Template => [row.TemplateName, row.CreatedAt, row.Id],
        CardHistorySort.FundingCard => [row.FundingCardName, row.CreatedAt, row.Id],
        CardHistorySort.Amount => [row.Amount, row.CreatedAt, row.Id],
        CardHistorySort.Status => [row.Status, row.CreatedAt, row.Id],
        CardHistorySort.ClaraId => [row.ClaraPurchaseId, row.CreatedAt, row.Id],
        CardHistorySort.Last4 => [row.Last4, row.CreatedAt, row.Id],
        _ => [row.CreatedAt, row.Id],
    };

    private static object?[] EventKey(EventHistorySort sort, EventHistoryRow row) => sort switch
    {
        EventHistorySort.User => [row.ActorName, row.OccurredAt, row.Id],
        EventHistorySort.Action => [row.Action, row.OccurredAt, row.Id],
        EventHistorySort.Entity => [row.EntityType, row.OccurredAt, row.Id],
        _ => [row.OccurredAt, row.Id],
    };

    private static KeysetColumn<CardPurchase> Column<TKey>(Expression<Func<CardPurchase, TKey>> selector) => new(selector);

    private static KeysetColumn<TEntity> Column<TEntity, TKey>(Expression<Func<TEntity, TKey>> selector) => new(selector);

    private DateTimeOffset StartOfDay(DateOnly day) => Localization.PortalDays.Start(day, _zone);

    private static readonly Expression<Func<ApprovalRequest, ApprovalRow>> ToApprovalRow = r =>
        new ApprovalRow(r.Id, r.IssuedCardPurchaseId, r.CardPurchaseId, r.Status, r.ApprovalsGiven, r.RequiredApprovals, r.RequestedAt);

    private sealed record ApprovalRow(Guid Id, Guid? IssuedCardPurchaseId, Guid? CardPurchaseId, ApprovalStatus Status, int ApprovalsGiven, int RequiredApprovals, DateTimeOffset RequestedAt);

    private sealed class LastValue
    {
        public string? Value { get; init; }
    }
}
