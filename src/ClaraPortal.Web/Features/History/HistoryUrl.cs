using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Extensions;
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
    public static HistoryView Parse(string? uriOrQuery) => Parse(AddressQuery.Of(uriOrQuery));

    public static HistoryView Parse(IReadOnlyDictionary<string, StringValues> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Parse(new AddressQuery(query));
    }

    private static HistoryView Parse(AddressQuery query)
    {
        var tab = string.Equals(query.Text("tab"), "events", StringComparison.OrdinalIgnoreCase) ? HistoryTab.Events : HistoryTab.Cards;
        var ascending = string.Equals(query.Text("dir"), "asc", StringComparison.OrdinalIgnoreCase);
        var from = query.Day("from");
        var to = query.Day("to");
        if (tab == HistoryTab.Events)
        {
            return new HistoryView
            {
                Tab = tab,
                Events = new EventHistoryFilter
                {
                    From = from,
                    To = to,
                    ActorId = query.Text("user"),
                    Action = query.Text("action"),
                    EntityType = query.Text("entity"),
                    EntityId = query.Text("entityId"),
                },
                EventSort = query.Enum<EventHistorySort>("sort") ?? EventHistorySort.Time,
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
                IssuedBy = query.Text("user"),
                SupplierId = query.Number("supplier"),
                TemplateId = query.Number("template"),
                FundingCardId = query.Number("funding"),
                Status = query.Enum<CardPurchaseStatus>("status"),
                Currency = query.Currency("currency"),
                MinAmount = query.Amount("min"),
                MaxAmount = query.Amount("max"),
                Reference = query.Text("ref") is { } reference ? reference[..Math.Min(reference.Length, 100)] : null,
            },
            CardSort = query.Enum<CardHistorySort>("sort") ?? CardHistorySort.Created,
            CardsDescending = !ascending,
        };
    }

    private static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => AddressQuery.Write(value);

    private static string? Date(DateOnly? day) => day is { } value ? AddressQuery.Write(value) : null;

    private static string? Number(long? value) => value is { } number ? AddressQuery.Write(number) : null;

    private static string? Amount(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);
}
