using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>A template the demo issues on, with the suppliers its MCC list admits and how often and how much it is used.</summary>
internal sealed record DemoTemplate(CardTemplate Row, CardTemplateDefinition Definition, IReadOnlyList<Supplier> Suppliers, double Weight, decimal MedianAmount)
{
    public decimal MaxAmount => Definition.MaxAmount ?? Row.MaxAmount ?? 50_000m;

    public int ValidityDays => Definition.ValidityDays ?? Row.ValidityDays ?? 30;

    public string Usage => Definition.Usage ?? Row.Usage ?? "MULTI_USE";

    public string Currency => Row.Currency ?? (Definition.AllowedCurrencies.Count > 0 ? Definition.AllowedCurrencies[0] : "MXN");
}

/// <summary>
/// One company's catalog as synced from Clara, read once: the templates that have suppliers, the funding card per
/// currency (active, the most credit), and the approval bands in force.
/// </summary>
internal sealed class DemoCatalog
{
    private DemoCatalog(PortalCompany company, IReadOnlyList<DemoTemplate> templates, IReadOnlyDictionary<string, FundingCard> fundingCards, IReadOnlyList<ApprovalBand> bands)
    {
        Company = company;
        Templates = templates;
        FundingCards = fundingCards;
        Bands = bands;
        TotalWeight = templates.Sum(t => t.Weight);
    }

    public PortalCompany Company { get; }

    public IReadOnlyList<DemoTemplate> Templates { get; }

    /// <summary>By ISO 4217 currency.</summary>
    public IReadOnlyDictionary<string, FundingCard> FundingCards { get; }

    public IReadOnlyList<ApprovalBand> Bands { get; }

    public double TotalWeight { get; }

    public static async Task<DemoCatalog> LoadAsync(PortalDatabase database, PortalCompany company, CancellationToken ct)
    {
        await using var db = database.For(company);
        var suppliers = await db.Suppliers.AsNoTracking().Where(s => s.RemovedAt == null).OrderBy(s => s.ClaraId).ToListAsync(ct);
        var rows = await db.CardTemplates.AsNoTracking().Where(t => t.RemovedAt == null).OrderBy(t => t.ClaraId).ToListAsync(ct);
        var fundingCards = (await db.FundingCards.AsNoTracking().Where(f => f.RemovedAt == null && f.Status == "ACTIVE").ToListAsync(ct))
            .Where(f => f.Currency is not null)
            .GroupBy(f => f.Currency!)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(f => f.AvailableCredit ?? 0m).First(), StringComparer.Ordinal);
        var bands = await db.ApprovalBands.AsNoTracking().ToListAsync(ct);

        var templates = new List<DemoTemplate>();
        foreach (var row in rows)
        {
            var definition = row.ReadDefinition();
            var mccs = definition.PurchaseTypes.Select(p => p.Mcc).ToHashSet(StringComparer.Ordinal);
            var eligible = mccs.Count == 0 ? suppliers : [.. suppliers.Where(s => s.Mcc is not null && mccs.Contains(s.Mcc))];
            var template = new DemoTemplate(row, definition, eligible, 0, 0);
            if (eligible.Count == 0 || !fundingCards.ContainsKey(template.Currency))
            {
                continue; // nothing it could be issued for here
            }

            // Everyday multi-use cards for any supplier are the bulk of a finance team's work; subscriptions the least.
            var weight = template.Usage switch { "SINGLE_USE" => 2.0, "RECURRING" => 1.0, _ => 2.5 } + (mccs.Count == 0 ? 1.5 : 0);
            var median = template.Usage switch
            {
                "SINGLE_USE" => template.MaxAmount * 0.10m,
                "RECURRING" => template.MaxAmount * 0.04m,
                _ => template.MaxAmount * 0.016m,
            };
            templates.Add(template with { Weight = weight, MedianAmount = Math.Clamp(decimal.Round(median), 60m, 8_000m) });
        }

        if (templates.Count == 0)
        {
            throw new InvalidOperationException($"The catalog of {company.Label} has no template with suppliers and an active funding card: nothing to seed.");
        }

        return new DemoCatalog(company, templates, fundingCards, bands);
    }
}
