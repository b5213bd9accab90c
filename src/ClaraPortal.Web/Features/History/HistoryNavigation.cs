namespace ClaraPortal.Web.Features.History;

/// <summary>Addresses around history: the canonical form of a view, a card's timeline and the way back to the view it was opened from.</summary>
public static class HistoryNavigation
{
    public const string CardPath = "/history/cards/";

    /// <summary>
    /// The view as its address reads back (values trimmed, cut or dropped as <see cref="HistoryUrl.Parse(string?)"/> does,
    /// the other tab's filter gone). The page compares canonical views, so its own address change is never taken for a new view.
    /// </summary>
    public static HistoryView Canonical(HistoryView view) => HistoryUrl.Parse(HistoryUrl.For(view));

    /// <summary>The card's timeline, remembering the history view it was opened from.</summary>
    public static string CardTimeline(Guid cardId, HistoryView? from = null)
    {
        var path = CardPath + cardId.ToString();
        return from is null ? path : $"{path}?back={Uri.EscapeDataString(HistoryUrl.For(from))}";
    }

    /// <summary>
    /// Where "Back to history" goes: the view named by <paramref name="back"/>, rebuilt from its parameters so the link
    /// can only ever lead to history (never to another site or page), or history's first view.
    /// </summary>
    public static string Back(string? back) =>
        back is not null && back.StartsWith(HistoryUrl.Path, StringComparison.Ordinal) && (back.Length == HistoryUrl.Path.Length || back[HistoryUrl.Path.Length] == '?')
            ? HistoryUrl.For(HistoryUrl.Parse(back))
            : HistoryUrl.Path;
}
