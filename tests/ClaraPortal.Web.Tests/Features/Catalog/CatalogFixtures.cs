using ClaraPortal.Clara;

namespace ClaraPortal.Web.Tests.Features.Catalog;

/// <summary>Small catalogs in Clara's shape.</summary>
internal static class CatalogFixtures
{
    public static FundingCard Rcn(long id, string alias, decimal? credit = 5000m) => new(id, alias, "4821", "MXN", credit, "ACTIVE");

    public static CardTemplate Template(long id, string name, decimal? maxAmount = 50000m) => new(
        id, name, "Group for hotels", "PC", false,
        [new PurchaseType("3501", "HOLIDAY INNS")],
        [new TemplateRule(null, null, [new RuleControl("VL", "Velocity", 5, "MONTH")])],
        [new CustomFieldDefinition("Purchase Type", 69, "Text", "Alphanumeric", "Y", null)],
        "MXN", ["MXN", "USD"], maxAmount, 30, "SINGLE_USE");

    public static Supplier Supplier(long id, string name, string? taxId = null, string? mcc = "3501", string? country = "MX") =>
        new(id, name, taxId, mcc, country);

    public static ClaraCatalog CatalogOf(IEnumerable<FundingCard>? rcns = null, IEnumerable<CardTemplate>? templates = null, IEnumerable<Supplier>? suppliers = null) =>
        new([.. rcns ?? []], [.. templates ?? []], [.. suppliers ?? []]);
}
