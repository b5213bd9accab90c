using ClaraPortal.Clara;

namespace ClaraPortal.Clara.Tests.Infrastructure;

/// <summary>Chooses ids for requests from the catalog by the contract's rules, not by hard-coded seed ids.</summary>
public static class CatalogPicks
{
    /// <summary>UTC date; the sandbox's "today" is the UTC date too.</summary>
    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>A template any supplier may use and that needs no custom field.</summary>
    public static CardTemplate EasyTemplate(ClaraCatalog catalog) =>
        catalog.Templates.First(t => t.PurchaseTypes.Count == 0 && !t.CustomFields.Any(f => f.IsRequired) && t.MaxAmount > 1000m);

    public static FundingCard ActiveRcn(ClaraCatalog catalog, string currency) =>
        catalog.Rcns.Where(r => r.Status == "ACTIVE" && r.Currency == currency).MaxBy(r => r.AvailableCredit)
        ?? throw new InvalidOperationException($"no active {currency} RCN");

    public static SubmitPurchaseRequest EasyRequest(ClaraCatalog catalog, decimal amount = 1500.00m, string? reference = "PO-TEST")
    {
        var template = EasyTemplate(catalog);
        var currency = template.Currency ?? "MXN";
        return new SubmitPurchaseRequest(
            ActiveRcn(catalog, currency).Id, template.Id, catalog.Suppliers[0].Id, amount, currency,
            Today, Today.AddDays(10), reference, []);
    }

    public static string NewKey() => Guid.NewGuid().ToString();
}
