using System.Collections.Concurrent;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>The seeded companies. Deterministic, so it is built once per process and supplier count and shared.</summary>
internal sealed class SandboxCatalog
{
    /// <summary>RFC of the company that owns the sandbox credentials.</summary>
    public const string OwnerTaxId = "CPO850101AB1";

    /// <summary>RFC of the seeded subsidiary (send it in X-Tax-Identifier).</summary>
    public const string SubsidiaryTaxId = "CPS920315KX7";

    private static readonly ConcurrentDictionary<int, Lazy<SandboxCatalog>> Cache = new();

    private SandboxCatalog(Company owner, Company subsidiary)
    {
        Owner = owner;
        Companies = [owner, subsidiary];
    }

    public Company Owner { get; }
    public IReadOnlyList<Company> Companies { get; }

    public static SandboxCatalog For(int supplierCount) =>
        Cache.GetOrAdd(supplierCount, count => new Lazy<SandboxCatalog>(() => Build(count))).Value;

    public Company? FindByTaxId(string? taxId) => string.IsNullOrWhiteSpace(taxId)
        ? Owner
        : Companies.FirstOrDefault(c => string.Equals(c.TaxId, taxId.Trim(), StringComparison.OrdinalIgnoreCase));

    public FundingCard? FindRcn(long id) => Companies.Select(c => c.RcnsById.GetValueOrDefault(id)).FirstOrDefault(r => r is not null);

    private static SandboxCatalog Build(int supplierCount)
    {
        var owner = new Company(OwnerTaxId, SandboxServer.Companies[0].Name,
            FundingCardSeeds.Owner, TemplateSeeds.Owner,
            SupplierGenerator.Generate(seed: 20261124, firstId: 47401000000001, supplierCount));
        var subsidiary = new Company(SubsidiaryTaxId, SandboxServer.Companies[1].Name,
            FundingCardSeeds.Subsidiary, TemplateSeeds.Subsidiary,
            SupplierGenerator.Generate(seed: 19920315, firstId: 47402000000001, Math.Max(50, supplierCount / 4)));
        return new SandboxCatalog(owner, subsidiary);
    }
}
