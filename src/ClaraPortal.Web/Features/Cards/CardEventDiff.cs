using System.Text.Json;

namespace ClaraPortal.Web.Features.Cards;

/// <summary>
/// What an audit event changed: the top-level fields whose value differs between its before and
/// after JSON. Audit JSON never holds card numbers or CVVs, so everything here may be shown.
/// </summary>
public static class CardEventDiff
{
    public static IReadOnlyList<CardEventChange> Changes(string? beforeJson, string? afterJson)
    {
        var before = ReadObject(beforeJson);
        var after = ReadObject(afterJson);
        if (before is null || after is null)
        {
            // A creation or a one-sided event: nothing to compare, the action says what happened.
            return [];
        }

        var changes = new List<CardEventChange>();
        foreach (var (field, afterValue) in after)
        {
            before.TryGetValue(field, out var beforeValue);
            if (!string.Equals(beforeValue, afterValue, StringComparison.Ordinal) && !IsBookkeeping(field))
            {
                changes.Add(new CardEventChange(field, beforeValue, afterValue));
            }
        }

        return changes;
    }

    // Timestamps and stamps change on every write and say nothing to a reader.
    private static bool IsBookkeeping(string field) =>
        field.Equals("updatedAt", StringComparison.OrdinalIgnoreCase) || field.Equals("concurrencyStamp", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, string?>? ReadObject(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.Null or JsonValueKind.Undefined => null,
                    JsonValueKind.String => property.Value.GetString(),
                    _ => property.Value.GetRawText(),
                };
            }

            return values;
        }
        catch (JsonException)
        {
            // An event written by an older version in another shape: show it without a diff.
            return null;
        }
    }
}
