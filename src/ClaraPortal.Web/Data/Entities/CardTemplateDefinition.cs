using System.Text.Json;

namespace ClaraPortal.Web.Data.Entities;

/// <summary>What a template allows, as the issuance form needs it. Stored as JSON on <see cref="CardTemplate"/>.</summary>
public sealed record CardTemplateDefinition(
    IReadOnlyList<TemplatePurchaseType> PurchaseTypes,
    IReadOnlyList<TemplateRule> Rules,
    IReadOnlyList<TemplateCustomField> CustomFields,
    IReadOnlyList<string> AllowedCurrencies,
    decimal? MaxAmount,
    int? ValidityDays,
    string? Usage)
{
    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static CardTemplateDefinition Empty { get; } = new([], [], [], [], null, null, null);
}

/// <summary>A merchant category the template admits; an empty list admits any MCC.</summary>
public sealed record TemplatePurchaseType(string Mcc, string? Description);

public sealed record TemplateRule(string? Name, string? Type, IReadOnlyList<TemplateRuleControl> Controls);

public sealed record TemplateRuleControl(string Code, string? Description, int? MaxTransactions, string? Period);

/// <summary>A custom field the issuer fills in; <see cref="DataType"/> is Alphanumeric, Numeric or Date.</summary>
public sealed record TemplateCustomField(
    string Name, int? MaxLength, string? DisplayType, string? DataType, bool Required, IReadOnlyList<string> Options);
