using ClaraPortal.Web.Data.Entities;
using Clara = ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Catalog;

/// <summary>Copies Clara's catalog DTOs onto the cached entities (the only place both shapes meet).</summary>
internal static class CatalogMapping
{
    public static void Apply(FundingCard target, Clara.FundingCard source)
    {
        target.Alias = source.Alias;
        target.Last4 = source.Last4;
        target.Currency = source.Currency;
        target.AvailableCredit = source.AvailableCredit;
        target.Status = source.Status;
    }

    public static void Apply(CardTemplate target, Clara.CardTemplate source)
    {
        target.Name = source.Name;
        target.Description = source.Description;
        target.Type = source.Type;
        target.IcmpEnabled = source.IcmpEnabled;
        target.Currency = source.Currency;
        target.MaxAmount = source.MaxAmount;
        target.ValidityDays = source.ValidityDays;
        target.Usage = source.Usage;
        var definition = new CardTemplateDefinition(
            [.. source.PurchaseTypes.Select(p => new TemplatePurchaseType(p.Mcc, p.Description))],
            [.. source.Rules.Select(r => new TemplateRule(r.Name, r.Type,
                [.. r.Controls.Select(c => new TemplateRuleControl(c.Code, c.Description, c.MaxTransactions, c.Period))]))],
            [.. source.CustomFields.Select(f => new TemplateCustomField(f.Name, f.MaxLength, f.DisplayType, f.DataType, f.IsRequired, f.Options ?? []))],
            source.AllowedCurrencies ?? (source.Currency is null ? [] : [source.Currency]),
            source.MaxAmount,
            source.ValidityDays,
            source.Usage);
        target.WriteDefinition(definition);
    }

    public static void Apply(Supplier target, Clara.Supplier source)
    {
        target.Name = source.Name;
        target.TaxId = source.TaxId;
        target.Mcc = source.Mcc;
        target.Country = source.Country;
        target.SearchText = CatalogSearch.SupplierSearchText(source.Name, source.TaxId, source.Mcc);
    }
}
