using System.Globalization;
using System.Text.Json;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// What an audit event changed: the top-level fields whose value differs between its before and
/// after JSON. Audit JSON never holds card numbers or CVVs, so everything here may be shown.
/// VcnService writes card snapshots; a cancel wraps the snapshot as <c>{snapshot, ...}</c>, an update
/// sent for approval carries the asked change as <c>{approvalRequestId, update}</c>, and a change recorded with details
/// (a reveal, a cancel) as <c>{snapshot, details}</c> whose <c>details.reason</c> is shown: each is read as what it says.
/// </summary>
public static class CardEventDiff
{
    public static IReadOnlyList<CardEventChange> Changes(string? beforeJson, string? afterJson)
    {
        var before = ReadObject(beforeJson);
        var after = ReadObject(afterJson);
        if (after is null)
        {
            return [];
        }

        var detailsReason = DetailsReason(afterJson);
        if (before is null)
        {
            // A creation or a one-sided event: only its reason says more than the action.
            var reason = after.GetValueOrDefault("reason") ?? detailsReason;
            return reason is not null ? [new CardEventChange("reason", null, reason)] : [];
        }

        var changes = new List<CardEventChange>();
        if (detailsReason is not null)
        {
            // A change recorded with its details ({snapshot, details: {reason}}), e.g. a reveal: the reason comes first.
            changes.Add(new CardEventChange("reason", null, detailsReason));
        }

        foreach (var (field, afterValue) in after)
        {
            before.TryGetValue(field, out var beforeValue);
            if (!SameValue(beforeValue, afterValue) && !IsBookkeeping(field))
            {
                changes.Add(new CardEventChange(field, beforeValue, afterValue));
            }
        }

        return changes;
    }

    /// <summary>Money written as 0 once and 0.00 later is the same amount.</summary>
    public static bool SameValue(string? before, string? after) =>
        string.Equals(before, after, StringComparison.Ordinal)
        || (TryNumber(before, out var x) && TryNumber(after, out var y) && x == y);

    public static bool TryNumber(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    // Timestamps and stamps change on every write and say nothing to a reader.
    private static bool IsBookkeeping(string field) =>
        field.Equals("updatedAt", StringComparison.OrdinalIgnoreCase) || field.Equals("concurrencyStamp", StringComparison.OrdinalIgnoreCase);

    private static string? DetailsReason(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && TryGetObject(document.RootElement, "details", out var details)
                && details.TryGetProperty("reason", out var reason) && reason.ValueKind == JsonValueKind.String
                ? reason.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Dictionary<string, string?>? ReadObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (TryGetObject(root, "snapshot", out var snapshot))
            {
                return Flatten(snapshot, skipNulls: false);
            }

            if (TryGetObject(root, "update", out var update))
            {
                // Only the parts the change asks for (null = unchanged).
                return Flatten(update, skipNulls: true);
            }

            return Flatten(root, skipNulls: false);
        }
        catch (JsonException)
        {
            // An event written in another shape: show it without a diff rather than fail the page.
            return null;
        }
    }

    private static bool TryGetObject(JsonElement root, string name, out JsonElement value)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase) && property.Value.ValueKind == JsonValueKind.Object)
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static Dictionary<string, string?> Flatten(JsonElement element, bool skipNulls)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (skipNulls && property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            values[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                JsonValueKind.String => property.Value.GetString(),
                _ => property.Value.GetRawText(),
            };
        }

        return values;
    }
}
