using ClaraPortal.Web.Data.Entities;

namespace ClaraPortal.Web.Features.History;

/// <summary>The columns the Cards tab sorts by; each has an index ending in (CreatedAt, Id), the tie-breakers.</summary>
public enum CardHistorySort
{
    Created,
    Issuer,
    Supplier,
    Template,
    FundingCard,
    Amount,
    Status,
    ClaraId,
    Last4,
}

/// <summary>The columns the Events tab sorts by; each has an index ending in (OccurredAt, Id).</summary>
public enum EventHistorySort
{
    Time,
    User,
    Action,
    Entity,
}

/// <summary>
/// What the Cards tab shows: every purchase of the chosen company. Filters left null do not filter. Days are in the
/// portal's time zone (as the grid shows times). <see cref="Reference"/> matches references that start with it, in any case.
/// </summary>
public sealed record CardHistoryFilter
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Subject of the issuer.</summary>
    public string? IssuedBy { get; init; }

    public long? SupplierId { get; init; }

    public long? TemplateId { get; init; }

    public long? FundingCardId { get; init; }

    public CardPurchaseStatus? Status { get; init; }

    /// <summary>ISO 4217; amounts of different currencies are never compared as one.</summary>
    public string? Currency { get; init; }

    public decimal? MinAmount { get; init; }

    public decimal? MaxAmount { get; init; }

    public string? Reference { get; init; }

    public bool IsEmpty => this == new CardHistoryFilter();
}

/// <summary>What the Events tab shows: every audit event of the chosen company. Filters left null do not filter.</summary>
public sealed record EventHistoryFilter
{
    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>Subject of the user (or the name of a system job) who did it.</summary>
    public string? ActorId { get; init; }

    public string? Action { get; init; }

    public string? EntityType { get; init; }

    public string? EntityId { get; init; }

    public bool IsEmpty => this == new EventHistoryFilter();
}

/// <summary>
/// Where a page starts: after or before a row, by the sort's key of that row. Opaque to callers: it comes from a
/// <see cref="HistoryPage{T}"/>'s <see cref="HistoryPage{T}.Next"/> or <see cref="HistoryPage{T}.Previous"/>.
/// </summary>
public sealed record HistoryCursor(IReadOnlyList<object?> Key, bool Backwards);

/// <summary>One page's ask: sort, direction, where it starts (null = the first page) and how many rows.</summary>
public sealed record HistoryPageRequest<TSort>(TSort Sort, bool Descending = true, HistoryCursor? Cursor = null, int Take = 25)
    where TSort : struct, Enum;

/// <summary>
/// A page of rows, with the cursors to the pages either side (null when there is none). Keyset paging: a page deep in a
/// million rows costs what the first does.
/// </summary>
public sealed record HistoryPage<T>(IReadOnlyList<T> Items, HistoryCursor? Previous, HistoryCursor? Next);

/// <summary>How many rows match, counted up to a bound: above it the count is "more than <see cref="Count"/>".</summary>
public sealed record HistoryCount(int Count, bool IsLowerBound);
