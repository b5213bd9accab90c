using System.Security.Claims;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>
/// One legal entity of the group the portal serves. <see cref="Key"/> is what every company-owned row stores and what
/// Clara receives as <c>X-Tax-Identifier</c>: the RFC of a subsidiary, or empty for the owner of the credentials, whose
/// calls carry no header (rows written before the portal knew companies are the owner's for the same reason).
/// </summary>
public sealed record PortalCompany(string Key, string? TaxIdentifier, string Name, string ShortName, bool IsOwner, bool DefaultAccess)
{
    public const string OwnerKey = Data.Entities.CompanyKeys.Owner;

    /// <summary>The RFC Clara is told in X-Tax-Identifier; null for the owner.</summary>
    public string? HeaderValue => IsOwner ? null : TaxIdentifier;

    /// <summary>"Short name (RFC)", how the switcher and headings name it.</summary>
    public string Label => string.IsNullOrEmpty(TaxIdentifier) ? ShortName : $"{ShortName} ({TaxIdentifier})";
}

/// <summary>The configured companies, the owner first; and which one a signed-in principal works in.</summary>
public sealed class PortalCompanies
{
    private readonly Dictionary<string, PortalCompany> _byKey;

    public PortalCompanies(IEnumerable<PortalCompany> companies)
    {
        All = [.. companies.OrderByDescending(c => c.IsOwner)];
        _byKey = All.ToDictionary(c => c.Key, StringComparer.Ordinal);
        Owner = All.Single(c => c.IsOwner);
    }

    public IReadOnlyList<PortalCompany> All { get; }

    public PortalCompany Owner { get; }

    public PortalCompany? Find(string? key) => key is not null && _byKey.TryGetValue(key, out var company) ? company : null;

    /// <summary>The company a principal works in (its company claim, set per request by the access rules), or null.</summary>
    public PortalCompany? Of(ClaimsPrincipal principal) =>
        principal.Identity?.IsAuthenticated == true ? Find(principal.FindFirst(PortalClaimTypes.Company)?.Value) : null;

    /// <summary>Every company the principal may switch to, in configured order.</summary>
    public IReadOnlyList<PortalCompany> OptionsOf(ClaimsPrincipal principal)
    {
        var keys = principal.FindAll(PortalClaimTypes.CompanyOption).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return [.. All.Where(c => keys.Contains(c.Key))];
    }
}
