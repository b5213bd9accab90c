using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ClaraPortal.Web.Data;

/// <summary>
/// Lets <c>dotnet ef</c> build the context without running the app (which would start the identity
/// provider and, with no Clara configured, the sandbox).
/// </summary>
internal sealed class DesignTimePortalDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(options, "Data Source=design-time.db");
        return new PortalDbContext(options.Options, company: null);
    }
}
