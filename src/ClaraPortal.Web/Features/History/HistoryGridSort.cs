using MudBlazor;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// The data grids' sortable columns (named by the row property they show) and the history sorts they stand for, both
/// ways: a header click becomes a sort in the address, and a sort from the address lights its header.
/// </summary>
public static class HistoryGridSort
{
    private static readonly Dictionary<CardHistorySort, string> CardColumns = new()
    {
        [CardHistorySort.Created] = nameof(CardHistoryRow.CreatedAt),
        [CardHistorySort.Issuer] = nameof(CardHistoryRow.IssuedByName),
        [CardHistorySort.Supplier] = nameof(CardHistoryRow.SupplierName),
        [CardHistorySort.Template] = nameof(CardHistoryRow.TemplateName),
        [CardHistorySort.FundingCard] = nameof(CardHistoryRow.FundingCardName),
        [CardHistorySort.Amount] = nameof(CardHistoryRow.Amount),
        [CardHistorySort.Status] = nameof(CardHistoryRow.Status),
        [CardHistorySort.ClaraId] = nameof(CardHistoryRow.ClaraPurchaseId),
        [CardHistorySort.Last4] = nameof(CardHistoryRow.Last4),
    };

    private static readonly Dictionary<EventHistorySort, string> EventColumns = new()
    {
        [EventHistorySort.Time] = nameof(EventHistoryRow.OccurredAt),
        [EventHistorySort.User] = nameof(EventHistoryRow.ActorName),
        [EventHistorySort.Action] = nameof(EventHistoryRow.Action),
        [EventHistorySort.Entity] = nameof(EventHistoryRow.EntityType),
    };

    public static string ColumnOf(CardHistorySort sort) => CardColumns[sort];

    public static string ColumnOf(EventHistorySort sort) => EventColumns[sort];

    /// <summary>The direction a column's header starts in: the view's for its sort column, none for the others.</summary>
    public static SortDirection InitialDirection(bool isSortColumn, bool descending) =>
        !isSortColumn ? SortDirection.None : descending ? SortDirection.Descending : SortDirection.Ascending;

    /// <summary>The grid's sort as a history sort; null when the grid has none (not yet set up), so the view's stands.</summary>
    public static (CardHistorySort Sort, bool Descending)? CardSortOf(IEnumerable<SortDefinition<CardHistoryRow>>? definitions) =>
        Find(definitions?.Select(d => (d.SortBy, d.Descending)), CardColumns);

    public static (EventHistorySort Sort, bool Descending)? EventSortOf(IEnumerable<SortDefinition<EventHistoryRow>>? definitions) =>
        Find(definitions?.Select(d => (d.SortBy, d.Descending)), EventColumns);

    private static (TSort Sort, bool Descending)? Find<TSort>(IEnumerable<(string SortBy, bool Descending)>? definitions, Dictionary<TSort, string> columns)
        where TSort : struct, Enum
    {
        foreach (var (sortBy, descending) in definitions ?? [])
        {
            foreach (var (sort, column) in columns)
            {
                if (string.Equals(column, sortBy, StringComparison.Ordinal))
                {
                    return (sort, descending);
                }
            }
        }

        return null;
    }
}
