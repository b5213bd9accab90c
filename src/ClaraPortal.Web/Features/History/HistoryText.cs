using ClaraPortal.Web.Features.Cards;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.History;

/// <summary>History's words for what it shows: actions, entities, approval trails, counts and changes, in the reader's language.</summary>
public static class HistoryText
{
    /// <summary>How many changes an event's row lists before "+N more".</summary>
    public const int ChangesShown = 3;

    private const int ValueLength = 40;

    /// <summary>An audit action in words ("Issued"); one the portal has no words for yet shows as recorded.</summary>
    public static string Action(IStringLocalizer L, string action)
    {
        ArgumentNullException.ThrowIfNull(L);
        return L[$"Cards.Event.{action}"] is { ResourceNotFound: false } text ? text.Value : action;
    }

    public static string Entity(IStringLocalizer L, string entityType)
    {
        ArgumentNullException.ThrowIfNull(L);
        return L[$"History.Entity.{entityType}"] is { ResourceNotFound: false } text ? text.Value : entityType;
    }

    /// <summary>"Approved 2 of 2 · Arturo Approver, Ana Approver"; "—" for a card that needed no approval.</summary>
    public static string Approval(IStringLocalizer L, ApprovalTrail? trail)
    {
        ArgumentNullException.ThrowIfNull(L);
        if (trail is null)
        {
            return "—";
        }

        var status = L[$"Approval.Status.{trail.Status}"] is { ResourceNotFound: false } word ? word.Value : trail.Status.ToString();
        var given = L["History.Approval.Given", status, trail.ApprovalsGiven, trail.RequiredApprovals].Value;
        return trail.Approvers.Count == 0 ? given : $"{given} · {string.Join(", ", trail.Approvers)}";
    }

    /// <summary>"1,234 matching", or "More than 10,000 matching" when the count stopped at its bound.</summary>
    public static string Count(IStringLocalizer L, HistoryCount count)
    {
        ArgumentNullException.ThrowIfNull(L);
        ArgumentNullException.ThrowIfNull(count);
        return count.IsLowerBound ? L["History.CountMore", count.Count.ToString("N0")] : L["History.Count", count.Count.ToString("N0")];
    }

    /// <summary>What an event changed, compact: "Limit: 500 → 800; Status: Active → Cancelled +2".</summary>
    public static string Changes(IStringLocalizer L, string? beforeJson, string? afterJson)
    {
        ArgumentNullException.ThrowIfNull(L);
        var changes = CardEventDiff.Changes(beforeJson, afterJson);
        if (changes.Count == 0)
        {
            return "";
        }

        var shown = string.Join("; ", changes.Take(ChangesShown).Select(c =>
            c.Before is null ? $"{Field(L, c.Field)}: {Value(L, c.Field, c.After)}" : $"{Field(L, c.Field)}: {Value(L, c.Field, c.Before)} → {Value(L, c.Field, c.After)}"));
        return changes.Count > ChangesShown ? $"{shown} {L["History.MoreChanges", changes.Count - ChangesShown]}" : shown;
    }

    private static string Field(IStringLocalizer L, string field) =>
        L[$"Cards.Field.{field}"] is { ResourceNotFound: false } text ? text.Value : field;

    private static string Value(IStringLocalizer L, string field, string? value)
    {
        if (value is null)
        {
            return "—";
        }

        if (field.Equals("status", StringComparison.OrdinalIgnoreCase) && L[$"Cards.Status.{value}"] is { ResourceNotFound: false } status)
        {
            return status.Value;
        }

        return value.Length > ValueLength ? value[..(ValueLength - 1)] + "…" : value;
    }
}
