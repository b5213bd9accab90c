using ClaraPortal.Sandbox;
using ClaraPortal.Web.Features.Companies;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>The companies tests work with: the sandbox's two, as the portal configures them by default.</summary>
public static class TestCompanies
{
    public static PortalCompanies Sandbox { get; } = Build(SandboxServer.Companies.Select(c =>
        new CompanyOptions { TaxIdentifier = c.TaxIdentifier, Name = c.Name, Owner = c.IsOwner, DefaultAccess = c.IsOwner }));

    public static PortalCompanies OwnerOnly { get; } = Build([new CompanyOptions { TaxIdentifier = SandboxServer.Companies[0].TaxIdentifier, Name = "Owner", Owner = true, DefaultAccess = true }]);

    public static PortalCompany Owner => Sandbox.Owner;

    /// <summary>Clara Portal Servicios (CPS920315KX7), the sandbox's subsidiary.</summary>
    public static PortalCompany Servicios => Sandbox.All[1];

    private static PortalCompanies Build(IEnumerable<CompanyOptions> companies)
    {
        var options = new CompaniesOptions();
        options.Companies.AddRange(companies);
        return options.ToCompanies();
    }
}
