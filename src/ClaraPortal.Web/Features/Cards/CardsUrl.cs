using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// The filters a link into the cards list can carry (the dashboard's figures open the cards behind them). Dates are
/// creation days in the portal's time zone; <see cref="ExpiringWithinDays"/> keeps cards valid until today or one of
/// the next N days.
/// </summary>
public sealed record CardsLink
{
    public CardPurchaseStatus? Status { get; init; }

    public long? SupplierId { get; init; }

    public long? TemplateId { get; init; }

    public DateOnly? From { get; init; }

    public DateOnly? To { get; init; }

    /// <summary>ISO 4217.</summary>
    public string? Currency { get; init; }

    public int? ExpiringWithinDays { get; init; }
}

/// <summary>
/// The cards list's address: <c>/cards?status=active&amp;expiring=14</c>, <c>/cards?supplier=12&amp;from=2026-01-01</c>.
/// As in history's address, a value that does not parse is dropped, never guessed.
/// </summary>
public static class CardsUrl
{
    public const string Path = "/cards";

    /// <summary>The longest "expiring within" a link may ask for: a year, as a card's validity.</summary>
    public const int MaxExpiringDays = 366;

    public static string For(CardsLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var values = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                values.Add(new(key, value));
            }
        }

        Add("status", link.Status is { } status ? AddressQuery.Write(status) : null);
        Add("supplier", link.SupplierId is { } supplier ? AddressQuery.Write(supplier) : null);
        Add("template", link.TemplateId is { } template ? AddressQuery.Write(template) : null);
        Add("from", link.From is { } from ? AddressQuery.Write(from) : null);
        Add("to", link.To is { } to ? AddressQuery.Write(to) : null);
        Add("currency", link.Currency);
        Add("expiring", link.ExpiringWithinDays is { } days ? AddressQuery.Write(days) : null);
        return QueryHelpers.AddQueryString(Path, values);
    }

    /// <summary>The filters an address asks for (a whole URI, or its query with or without '?').</summary>
    public static CardsLink Parse(string? uriOrQuery)
    {
        var query = AddressQuery.Of(uriOrQuery);
        return new CardsLink
        {
            Status = query.Enum<CardPurchaseStatus>("status"),
            SupplierId = query.Number("supplier"),
            TemplateId = query.Number("template"),
            From = query.Day("from"),
            To = query.Day("to"),
            Currency = query.Currency("currency"),
            ExpiringWithinDays = query.Number("expiring") is { } days and <= MaxExpiringDays ? (int)days : null,
        };
    }
}
