using ClaraPortal.Sandbox.Contract;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>
/// A company the credentials may act for: the owner (no X-Tax-Identifier) or a subsidiary (selected
/// by its RFC in X-Tax-Identifier). Each has its own catalog and sees only its own purchases.
/// The catalog is immutable; the RCNs' available credit lives in the mutable state.
/// </summary>
internal sealed class Company
{
    public Company(string taxId, string name, IReadOnlyList<FundingCard> rcns, IReadOnlyList<TemplateDto> templates,
        IReadOnlyList<SupplierDto> suppliers)
    {
        TaxId = taxId;
        Name = name;
        Rcns = rcns;
        Templates = templates;
        Suppliers = suppliers;
        RcnsById = rcns.ToDictionary(r => r.Id);
        TemplatesById = templates.ToDictionary(t => t.Id);
        SuppliersById = suppliers.ToDictionary(s => s.Id);
    }

    public string TaxId { get; }
    public string Name { get; }
    public IReadOnlyList<FundingCard> Rcns { get; }
    public IReadOnlyList<TemplateDto> Templates { get; }
    public IReadOnlyList<SupplierDto> Suppliers { get; }
    public IReadOnlyDictionary<long, FundingCard> RcnsById { get; }
    public IReadOnlyDictionary<long, TemplateDto> TemplatesById { get; }
    public IReadOnlyDictionary<long, SupplierDto> SuppliersById { get; }
}

/// <summary>An RCN as onboarded: its credit limit is where its available credit starts.</summary>
internal sealed record FundingCard(long Id, string Alias, string Last4, string Currency, decimal CreditLimit, string Status);
