namespace ClaraPortal.Clara;

/// <summary>Which part of the company's catalog GET /v1/vcn returns (query companyDetail).</summary>
public enum CatalogDetail
{
    All,
    Rcn,
    Template,
    Supplier,
}

/// <summary>GET /v1/vcn: funding cards, templates and suppliers. A part not asked for is an empty list.</summary>
public sealed record ClaraCatalog(
    IReadOnlyList<FundingCard> Rcns,
    IReadOnlyList<CardTemplate> Templates,
    IReadOnlyList<Supplier> Suppliers)
{
    // Which parts the answer held, as opposed to the empty lists callers get for absent ones: an answer to "all"
    // without its lists is not an empty catalog (a sync would remove every entry), it is unreadable.
    private readonly bool _hasRcns = Rcns is not null, _hasTemplates = Templates is not null, _hasSuppliers = Suppliers is not null;

    /// <summary>The first part asked for with <paramref name="detail"/> that the answer lacks, or null.</summary>
    internal string? MissingPart(CatalogDetail detail) =>
        !_hasRcns && detail is CatalogDetail.All or CatalogDetail.Rcn ? "rcns"
        : !_hasTemplates && detail is CatalogDetail.All or CatalogDetail.Template ? "templates"
        : !_hasSuppliers && detail is CatalogDetail.All or CatalogDetail.Supplier ? "suppliers"
        : null;

    // Clara omits the parts that were not asked for; callers get empty lists, never null.
    public IReadOnlyList<FundingCard> Rcns { get; init; } = Rcns ?? [];
    public IReadOnlyList<CardTemplate> Templates { get; init; } = Templates ?? [];
    public IReadOnlyList<Supplier> Suppliers { get; init; } = Suppliers ?? [];
}

/// <summary>An RCN (Real Card Number): the company card every VCN is charged back to. Only Id and Alias are documented.</summary>
public sealed record FundingCard(long Id, string Alias, string? Last4, string? Currency, decimal? AvailableCredit, string? Status);

/// <summary>Rules for a VCN, set up at onboarding. Name, description, type, purchase types, rules and custom fields are documented.</summary>
public sealed record CardTemplate(
    long Id,
    string Name,
    string? Description,
    string? Type,
    bool IcmpEnabled,
    IReadOnlyList<PurchaseType> PurchaseTypes,
    IReadOnlyList<TemplateRule> Rules,
    IReadOnlyList<CustomFieldDefinition> CustomFields,
    string? Currency,
    IReadOnlyList<string>? AllowedCurrencies,
    decimal? MaxAmount,
    int? ValidityDays,
    string? Usage)
{
    /// <summary>Allowed merchant categories; empty means any MCC.</summary>
    public IReadOnlyList<PurchaseType> PurchaseTypes { get; init; } = PurchaseTypes ?? [];
    public IReadOnlyList<TemplateRule> Rules { get; init; } = Rules ?? [];
    public IReadOnlyList<CustomFieldDefinition> CustomFields { get; init; } = CustomFields ?? [];
}

public sealed record PurchaseType(string Mcc, string? Description);

public sealed record TemplateRule(string? Name, string? Type, IReadOnlyList<RuleControl> Controls)
{
    public IReadOnlyList<RuleControl> Controls { get; init; } = Controls ?? [];
}

/// <summary>A control such as VA (validity) or VL (velocity: MaxTransactions per Period).</summary>
public sealed record RuleControl(string Code, string? Description, int? MaxTransactions, string? Period);

/// <summary>A field the template asks for on submit. Required is "Y" or "N" as Clara sends it.</summary>
public sealed record CustomFieldDefinition(
    string Name,
    int? MaxLength,
    string? DisplayType,
    string? DataType,
    string? Required,
    IReadOnlyList<string>? Options)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsRequired => string.Equals(Required, "Y", StringComparison.OrdinalIgnoreCase);
}

public sealed record Supplier(long Id, string Name, string? TaxId, string? Mcc, string? Country);
