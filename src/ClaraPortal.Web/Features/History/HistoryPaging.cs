namespace ClaraPortal.Web.Features.History;

/// <summary>
/// Where a grid stands in a keyset walk: the cursor its current page was asked with, the cursors either side of the page it
/// got, and a page number for people. No offsets: page 400 costs what page 1 does, and there is no "go to page 400".
/// </summary>
public sealed class HistoryPaging
{
    public const int DefaultTake = 25;

    public static IReadOnlyList<int> PageSizes { get; } = [25, 50, 100];

    /// <summary>The cursor the current page is read from (null: the first page).</summary>
    public HistoryCursor? Cursor { get; private set; }

    public int Take { get; private set; } = DefaultTake;

    /// <summary>1 for the first page; counted as the user steps, not computed from an offset.</summary>
    public int PageNumber { get; private set; } = 1;

    public HistoryCursor? Previous { get; private set; }

    public HistoryCursor? Next { get; private set; }

    public bool HasPrevious => Previous is not null;

    public bool HasNext => Next is not null;

    /// <summary>Back to the first page (a filter or the sort changed: old cursors point into another order).</summary>
    public void Reset()
    {
        Cursor = null;
        PageNumber = 1;
        Previous = null;
        Next = null;
    }

    /// <summary>Takes the page's cursors; a page read backwards that has nothing before it is the first.</summary>
    public void Loaded<T>(HistoryPage<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Previous = page.Previous;
        Next = page.Next;
        if (Previous is null)
        {
            PageNumber = 1;
        }
    }

    public bool GoNext()
    {
        if (Next is null)
        {
            return false;
        }

        Cursor = Next;
        PageNumber++;
        return true;
    }

    public bool GoPrevious()
    {
        if (Previous is null)
        {
            return false;
        }

        Cursor = Previous;
        PageNumber = Math.Max(1, PageNumber - 1);
        return true;
    }

    /// <summary>Rows per page (one of <see cref="PageSizes"/>); starts over from the first page.</summary>
    public void SetTake(int take)
    {
        Take = PageSizes.Contains(take) ? take : DefaultTake;
        Reset();
    }
}
