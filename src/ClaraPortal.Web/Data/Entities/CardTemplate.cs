using System.Text.Json;

namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// Cached copy of a Clara card template. The columns the portal filters on are promoted; the whole
/// definition (purchase types, rules, custom fields, currencies, limits) is kept as JSON.
/// </summary>
public sealed class CardTemplate : ICatalogEntry
{
    public string Company { get; set; } = null!;

    public long ClaraId { get; set; }

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Clara's template type, e.g. PC.</summary>
    public string? Type { get; set; }

    public bool IcmpEnabled { get; set; }

    public string? Currency { get; set; }

    public decimal? MaxAmount { get; set; }

    public int? ValidityDays { get; set; }

    /// <summary>SINGLE_USE, MULTI_USE or RECURRING.</summary>
    public string? Usage { get; set; }

    /// <summary>Serialized <see cref="CardTemplateDefinition"/>.</summary>
    public string DefinitionJson { get; set; } = "{}";

    public DateTimeOffset LastSyncedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }

    public CardTemplateDefinition ReadDefinition() =>
        JsonSerializer.Deserialize<CardTemplateDefinition>(DefinitionJson, CardTemplateDefinition.JsonOptions) ?? CardTemplateDefinition.Empty;

    public void WriteDefinition(CardTemplateDefinition definition) =>
        DefinitionJson = JsonSerializer.Serialize(definition, CardTemplateDefinition.JsonOptions);
}
