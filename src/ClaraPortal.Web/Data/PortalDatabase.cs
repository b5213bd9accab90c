using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data;

/// <summary>
/// Contexts named by company, for the few places that are not one user's scope: sign-in and the access rules (no
/// company: users and grants only), an Admin's work on another company, migrations. Everything else takes
/// <see cref="IDbContextFactory{PortalDbContext}"/>, whose contexts work for the scope's company.
/// </summary>
public sealed class PortalDatabase(DbContextOptions<PortalDbContext> options)
{
    /// <summary>Sees users and grants; no company's rows.</summary>
    public PortalDbContext WithoutCompany() => new(options, company: null);

    public PortalDbContext For(PortalCompany company)
    {
        ArgumentNullException.ThrowIfNull(company);
        return new(options, company.Key);
    }
}

/// <summary>The scope's contexts: each works for the scope's company (<see cref="CurrentCompany"/>).</summary>
internal sealed class CompanyDbContextFactory(DbContextOptions<PortalDbContext> options, CurrentCompany company) : IDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext() =>
        new(options, (company.Known ?? throw new InvalidOperationException(
            "The scope's company is not known yet: use CreateDbContextAsync, which reads it from the signed-in user.")).Key);

    public async Task<PortalDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        new(options, (await company.GetAsync(cancellationToken)).Key);
}
