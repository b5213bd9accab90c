using System.ComponentModel.DataAnnotations;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>One entry of <c>Clara:Companies</c>.</summary>
public sealed class CompanyOptions
{
    /// <summary>The company's RFC. Required for a subsidiary (it is sent as X-Tax-Identifier); shown for the owner.</summary>
    public string? TaxIdentifier { get; set; }

    /// <summary>Legal name, e.g. "Clara Portal Servicios, S.A. de C.V.".</summary>
    public string Name { get; set; } = "";

    /// <summary>What the switcher shows; by default the name without its legal form ("Clara Portal Servicios").</summary>
    public string? ShortName { get; set; }

    /// <summary>The company that owns the Clara credentials: its calls carry no X-Tax-Identifier. Exactly one.</summary>
    public bool Owner { get; set; }

    /// <summary>Every signed-in user works here with the roles the identity provider gives them, without a grant.</summary>
    public bool DefaultAccess { get; set; }
}

/// <summary>The companies of the group, bound from <c>Clara:Companies</c> and validated at start.</summary>
public sealed class CompaniesOptions : IValidatableObject
{
    public const string SectionName = "Clara";

    public List<CompanyOptions> Companies { get; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Companies.Count(c => c.Owner) != 1)
        {
            yield return new ValidationResult(
                "Clara:Companies must list the company that owns the Clara credentials exactly once, with \"Owner\": true.", [nameof(Companies)]);
        }

        foreach (var (company, index) in Companies.Select((c, i) => (c, i)))
        {
            var at = $"Clara:Companies:{index}";
            if (string.IsNullOrWhiteSpace(company.Name))
            {
                yield return new ValidationResult($"{at}:Name is required.", [nameof(Companies)]);
            }

            // Blank is no RFC at all, as ToCompanies reads it (an owner may go without; a subsidiary may not).
            if (company.TaxIdentifier is { } rfc && !string.IsNullOrWhiteSpace(rfc)
                && (rfc.Trim().Length is < 12 or > 13 || !rfc.Trim().All(char.IsAsciiLetterOrDigit)))
            {
                yield return new ValidationResult($"{at}:TaxIdentifier '{rfc}' is not an RFC (12 or 13 letters and digits).", [nameof(Companies)]);
            }
            else if (!company.Owner && string.IsNullOrWhiteSpace(company.TaxIdentifier))
            {
                yield return new ValidationResult($"{at}:TaxIdentifier is required for a subsidiary: Clara selects it by its RFC.", [nameof(Companies)]);
            }
        }

        var repeated = Companies.Where(c => !string.IsNullOrWhiteSpace(c.TaxIdentifier))
            .GroupBy(c => c.TaxIdentifier!.Trim().ToUpperInvariant()).Where(g => g.Count() > 1).Select(g => g.Key);
        foreach (var rfc in repeated)
        {
            yield return new ValidationResult($"Clara:Companies lists {rfc} more than once.", [nameof(Companies)]);
        }
    }

    public PortalCompanies ToCompanies() => new(Companies.Select(ToCompany));

    private static PortalCompany ToCompany(CompanyOptions options)
    {
        var rfc = string.IsNullOrWhiteSpace(options.TaxIdentifier) ? null : options.TaxIdentifier.Trim().ToUpperInvariant();
        var name = options.Name.Trim();
        var shortName = string.IsNullOrWhiteSpace(options.ShortName) ? name.Split(',')[0].Trim() : options.ShortName.Trim();
        return new PortalCompany(options.Owner ? PortalCompany.OwnerKey : rfc!, rfc, name, shortName, options.Owner, options.DefaultAccess);
    }
}
