using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClaraPortal.Sandbox.Contract;

/// <summary>The one JSON setup of the sandbox: camelCase, strict numbers, UTC timestamps with Z.</summary>
internal static class SandboxJson
{
    public static readonly JsonSerializerOptions Options = Create(wire: true);

    /// <summary>
    /// For the state store: timestamps keep their full precision (the wire's whole seconds would move a restored
    /// purchase's createdAt, a key's expiry or a report's build phase by up to a second).
    /// </summary>
    public static readonly JsonSerializerOptions StoreOptions = Create(wire: false);

    private static JsonSerializerOptions Create(bool wire)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Web defaults read numbers from strings; Clara's amounts and ids are JSON numbers, and a
            // string there is a client bug the sandbox should surface as 400.
            NumberHandling = JsonNumberHandling.Strict,
            // Plain "México" and "<=" in bodies: the API is JSON for programs, never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        if (wire)
        {
            options.Converters.Add(new UtcTimestampConverter());
        }

        options.Converters.Add(new MoneyConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Amounts written with two decimals at least (0.00, 12500.00), as Clara shows them; read as sent.</summary>
    private sealed class MoneyConverter : JsonConverter<decimal>
    {
        public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var value)
                ? value
                : throw new JsonException("An amount must be a JSON number."); // "12.50" as a string is a client bug: 400

        // Adding 0.00m raises the scale to 2 without changing the value.
        public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
            writer.WriteNumberValue(value + 0.00m);
    }

    private sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.GetDateTimeOffset();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}
