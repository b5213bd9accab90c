using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ClaraPortal.Clara;

/// <summary>
/// The one place that knows Clara's wire format: camelCase names, numbers for amounts (decimal, never double),
/// YYYY-MM-DD dates, ISO 8601 timestamps, and the vcnId alias of purchaseId.
/// </summary>
public static class ClaraJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Ids may arrive as strings (up to 22 digits in Clara's words); accept both forms.
            NumberHandling = JsonNumberHandling.AllowReadingFromString,
        };
        options.Converters.Add(new PurchaseIdAliasConverterFactory());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    internal static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Clara answered JSON null where a {typeof(T).Name} was expected.");

    internal static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}

/// <summary>Wire shapes that callers never see.</summary>
internal sealed record CancelPurchasesBody(IReadOnlyList<long> PurchaseIds, string Reason);

internal sealed record ClaraErrorBody(string? Code, string? Message, DateTimeOffset? Timestamp, IReadOnlyList<ClaraFieldError>? Details);

internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("token_type")] string? TokenType,
    [property: JsonPropertyName("expires_in")] long? ExpiresIn);

/// <summary>
/// One page of Clara's guide calls the purchase id "vcnId". Objects that carry a purchase id are read through this
/// converter, which renames vcnId to purchaseId (in nested objects too) before the normal deserialization.
/// </summary>
internal sealed class PurchaseIdAliasConverterFactory : JsonConverterFactory
{
    internal const string Alias = "vcnId";
    internal const string Name = "purchaseId";

    private JsonSerializerOptions? _inner;

    public override bool CanConvert(Type typeToConvert) =>
        typeof(Purchase).IsAssignableFrom(typeToConvert)
        || typeToConvert == typeof(CancelOutcome)
        || typeToConvert == typeof(CardTransaction);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var converterType = typeof(AliasConverter<>).MakeGenericType(typeToConvert);
        return (JsonConverter)Activator.CreateInstance(converterType, InnerOptions(options))!;
    }

    /// <summary>The same options without this factory, so the real deserialization does not come back here.</summary>
    private JsonSerializerOptions InnerOptions(JsonSerializerOptions options)
    {
        if (_inner is null)
        {
            var inner = new JsonSerializerOptions(options);
            inner.Converters.Remove(this);
            inner.MakeReadOnly(populateMissingResolver: true);
            _inner = inner;
        }

        return _inner;
    }

    private sealed class AliasConverter<T>(JsonSerializerOptions inner) : JsonConverter<T>
    {
        public override T? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var node = JsonNode.Parse(ref reader);
            RenameAlias(node);
            return node.Deserialize<T>(inner);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value, value?.GetType() ?? typeof(T), inner);

        private static void RenameAlias(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (!obj.ContainsKey(Name) && obj.TryGetPropertyValue(Alias, out var id))
                    {
                        obj.Remove(Alias);
                        obj[Name] = id;
                    }

                    foreach (var (_, child) in obj.ToList())
                    {
                        RenameAlias(child);
                    }

                    break;
                case JsonArray array:
                    foreach (var child in array)
                    {
                        RenameAlias(child);
                    }

                    break;
            }
        }
    }
}
