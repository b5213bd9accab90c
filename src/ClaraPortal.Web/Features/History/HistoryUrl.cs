using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace ClaraPortal.Web.Features.History;

public enum HistoryTab
{
    Cards,
    Events,
}

/// <summary>One view of history: the tab, its filter and its sort. What a bookmarked or shared address holds.</summary>
public sealed record HistoryView
{
    public HistoryTab Tab { get; init; } = HistoryTab.Cards;

    public CardHistoryFilter Cards { get; init; } = new();

    public CardHistorySort CardSort { get; init; } = CardHistorySort.Created;

    public bool CardsDescending { get; init; } = true;

    public EventHistoryFilter Events { get; init; } = new();

    public EventHistorySort EventSort { get; init; } = EventHistorySort.Time;

    public bool EventsDescending { get; init; } = true;
}

/// <summary>
/// History's address: the view as query parameters (<c>/history?tab=cards&amp;supplier=12&amp;sort=amount&amp;dir=asc</c>)
/// and back. Dates are ISO (yyyy-MM-dd), amounts invariant; a value that does not parse is dropped, never guessed.
/// The export endpoints read the same parameters, so an export is exactly the view on screen.
/// </summary>
public static class HistoryUrl
{
    public const string Path = "/history";

    public static string For(HistoryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return QueryHelpers.AddQueryString(Path, Parameters(view));
    }

    /// <summary>The view's parameters, only those that differ from the default view.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Parameters(HistoryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add(new(key, value));
            }
        }

        if (view.Tab == HistoryTab.Events)
        {
            Add("tab", "events");
            var f = view.Events;
            Add("from", Date(f.From));
            Add("to", Date(f.To));
            Add("user", f.ActorId);
            Add("action", f.Action);
            Add("entity", f.EntityType);
            Add("entityId", f.EntityId);
            Add("sort", view.EventSort == EventHistorySort.Time ? null : Name(view.EventSort));
            Add("dir", view.EventsDescending ? null : "asc");
            return values;
        }

        var c = view.Cards;
        Add("from", Date(c.From));
        Add("to", Date(c.To));
        Add("user", c.IssuedBy);
        Add("supplier", Number(c.SupplierId));
        Add("template", Number(c.TemplateId));
        Add("funding", Number(c.FundingCardId));
        Add("status", c.Status is { } status ? Name(status) : null);
        Add("currency", c.Currency);
        Add("min", Amount(c.MinAmount));
        Add("max", Amount(c.MaxAmount));
        Add("ref", c.Reference);
        Add("sort", view.CardSort == CardHistorySort.Created ? null : Name(view.CardSort));
        Add("dir", view.CardsDescending ? null : "asc");
        return values;
    }

    /// <summary>The view an address asks for (the part after '?', with or without it, or a whole URI).</summary>
    public static HistoryView Parse(string? uriOrQuery)
    {
        var query = uriOrQuery ?? "";
        var mark = query.IndexOf('?', StringComparison.Ordinal);
        return Parse(QueryHelpers.ParseQuery(mark >= 0 ? query[mark..] : query));
    }

    public static HistoryView Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Text(string key) => query.TryGetValue(key, out var value) && !StringValues.IsNullOrEmpty(value) ? value.ToString().Trim() : null;
        var tab = string.Equals(Text("tab"), "events", StringComparison.OrdinalIgnoreCase) ? HistoryTab.Events : HistoryTab.Cards;
        var ascending = string.Equals(Text("dir"), "asc", StringComparison.OrdinalIgnoreCase);
        var from = ParseDate(Text("from"));
        var to = ParseDate(Text("to"));
        if (tab == HistoryTab.Events)
        {
            return new HistoryView
            {
                Tab = tab,
                Events = new EventHistoryFilter
                {
                    From = from,
                    To = to,
                    ActorId = Text("user"),
                    Action = Text("action"),
                    EntityType = Text("entity"),
                    EntityId = Text("entityId"),
                },
                EventSort = ParseEnum<EventHistorySort>(Text("sort")) ?? EventHistorySort.Time,
                EventsDescending = !ascending,
            };
        }

        return new HistoryView
        {
            Tab = tab,
            Cards = new CardHistoryFilter
            {
                From = from,
                To = to,
                IssuedBy = Text("user"),
                SupplierId = ParseNumber(Text("supplier")),
                TemplateId = ParseNumber(Text("template")),
                FundingCardId = ParseNumber(Text("funding")),
                Status = ParseEnum<CardPurchaseStatus>(Text("status")),
                Currency = Text("currency") is { Length: 3 } currency ? currency.ToUpperInvariant() : null,
                MinAmount = ParseAmount(Text("min")),
                MaxAmount = ParseAmount(Text("max")),
                Reference = Text("ref") is { } reference ? reference[..Math.Min(reference.Length, 100)] : null,
            },
            CardSort = ParseEnum<CardHistorySort>(Text("sort")) ?? CardHistorySort.Created,
            CardsDescending = !ascending,
        };
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString().ToLowerInvariant();

    private static string? Date(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Amount(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;

    private static long? ParseNumber(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;

    private static decimal? ParseAmount(string? text) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) ? amount : null;

    // Names only: a number would parse as any value, defined or not.
    private static TEnum? ParseEnum<TEnum>(string? text) where TEnum : struct, Enum =>
        text is not null && !char.IsAsciiDigit(text[0]) && Enum.TryParse<TEnum>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) ? value : null;
}
