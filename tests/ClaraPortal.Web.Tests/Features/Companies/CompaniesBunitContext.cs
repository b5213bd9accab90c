using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>bUnit with the companies' real services (the sandbox's two companies) over a real SQLite file.</summary>
public abstract class CompaniesBunitContext : PortalBunitContext
{
    private readonly DatabaseSlot _slot;

    protected CompaniesBunitContext()
        : this(new DatabaseSlot())
    {
    }

    private CompaniesBunitContext(DatabaseSlot slot)
        : base(services =>
        {
            services.AddSingleton(TestCompanies.Sandbox);
            services.AddSingleton(_ => slot.Database!.Portal);
            services.AddSingleton(TimeProvider.System);
            services.AddTestAuditChainKey();
            services.AddSingleton<AuditTrail>();
            services.AddScoped<CompanyChoice>();
            services.AddScoped<CompanyAdministration>();
        })
    {
        _slot = slot;
    }

    protected TempPortalDatabase Database => _slot.Database!;

    public override async Task InitializeAsync() => _slot.Database = await TempPortalDatabase.CreateAsync();

    protected override async Task DisposeTestAsync() => await _slot.Database!.DisposeAsync();

    /// <summary>Someone who has signed in once, as sign-in records them.</summary>
    protected async Task SeedUserAsync(string subject, string displayName)
    {
        await using var db = Database.CreateDbContext(company: null);
        var now = DateTimeOffset.UtcNow;
        db.Users.Add(new PortalUser { Subject = subject, Username = subject, DisplayName = displayName, FirstSeenAt = now, LastSeenAt = now });
        await db.SaveChangesAsync();
    }

    protected async Task<string?> CompanyPreferenceOfAsync(string subject)
    {
        await using var db = Database.CreateDbContext(company: null);
        return await db.Users.AsNoTracking().Where(u => u.Subject == subject).Select(u => u.CompanyPreference).SingleAsync();
    }

    /// <summary>Holds the database the registrations made during construction need after it.</summary>
    private sealed class DatabaseSlot
    {
        public TempPortalDatabase? Database { get; set; }
    }
}
