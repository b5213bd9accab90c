using System.Security.Claims;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Benchmarks.Support;

/// <summary>
/// The portal's card services composed as the web host composes them, without the host: a real SQLite file (pooled
/// connections and the WAL interceptor, as in production) migrated at start, the given Clara client, the catalog synced
/// once, the issuance write path, and one scope per user standing in for a Blazor circuit.
/// </summary>
public sealed class PortalUnderTest : IAsyncDisposable
{
    private readonly ServiceProvider _root;

    private PortalUnderTest(string directory, ServiceProvider root)
    {
        Directory = directory;
        _root = root;
    }

    /// <summary>Holds the SQLite file; deleted on dispose.</summary>
    public string Directory { get; }

    /// <summary>A context of the owner company, the one every benchmark issues in.</summary>
    public PortalDbContext OwnerContext() => _root.GetRequiredService<PortalDatabase>().For(_root.GetRequiredService<PortalCompanies>().Owner);

    public static ClaimsPrincipal Admin { get; } = User("bench-admin", "Bench Admin", PortalRoles.Admin);

    /// <summary>The n-th issuer (1-based): each concurrent user of a run signs in as another one.</summary>
    public static ClaimsPrincipal Issuer(int n) => User($"bench-issuer-{n}", $"Bench Issuer {n}", PortalRoles.Issuer);

    /// <param name="clara">The client every scope shares (one mTLS connection pool), owned by the caller.</param>
    /// <param name="interceptors">Extra EF interceptors, e.g. the phase clock of the issuance benchmark.</param>
    /// <param name="logging">Where logs go; none by default (the write path's own cost is measured, not a console's).</param>
    public static async Task<PortalUnderTest> StartAsync(IClaraClient clara, IReadOnlyList<IInterceptor>? interceptors = null,
        Action<ILoggingBuilder>? logging = null, CancellationToken ct = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "clara-portal-benchmarks", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "clara-portal.db") }.ToString();

        var services = new ServiceCollection();
        services.AddLogging(b => logging?.Invoke(b));
        services.AddLocalization();
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(options, connectionString);
        if (interceptors is { Count: > 0 })
        {
            options.AddInterceptors(interceptors);
        }

        services.AddSingleton(options.Options);
        services.AddPortalContexts();
        var companies = new CompaniesOptions();
        companies.Companies.Add(new CompanyOptions { Name = "Benchmark owner", Owner = true, DefaultAccess = true });
        services.AddSingleton(companies.ToCompanies());
        services.AddSingleton(clara);
        services.AddSingleton(TimeProvider.System);
        services.AddCatalog(warmUp: false);
        // A key of this run only: the benchmark appends audit events like the portal, keyed like the portal.
        services.AddSingleton(new ClaraPortal.Web.Data.Audit.AuditChainKey(ClaraPortal.Web.Data.Audit.AuditChainKey.NewSecret()));
        services.AddIssuance();
        // The real policies over whoever the scope's slot names: what a circuit's AuthenticationStateProvider returns.
        services.AddAuthorizationCore(PortalPolicies.Configure);
        services.AddScoped<UserSlot>();
        services.AddScoped<AuthenticationStateProvider, SlotAuthenticationStateProvider>();
        services.AddScoped<ICurrentUser, CurrentUserAccessor>();

        var root = services.BuildServiceProvider();
        var portal = new PortalUnderTest(directory, root);
        try
        {
            await using (var db = portal.OwnerContext())
            {
                await db.Database.MigrateAsync(ct);
            }

            using var admin = portal.CreateScope(Admin);
            await admin.ServiceProvider.GetRequiredService<CatalogSync>().SyncNowAsync(ct);
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new scope (a circuit) acting as <paramref name="user"/>; dispose it.</summary>
    public IServiceScope CreateScope(ClaimsPrincipal user)
    {
        var scope = _root.CreateScope();
        scope.ServiceProvider.GetRequiredService<UserSlot>().User = user;
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await _root.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open: the OS temp cleanup takes it; the figures stand.
        }
    }

    private static ClaimsPrincipal User(string subject, string name, string role)
    {
        // Shaped like the portal's own session principal (PortalPrincipalFactory).
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, name));
        identity.AddClaim(new Claim(PortalClaimTypes.Username, subject));
        identity.AddClaim(new Claim(PortalClaimTypes.Role, role));
        // As the company access rules leave a request: working in the owner company.
        identity.AddClaim(new Claim(PortalClaimTypes.CompanyAccessApplied, "1"));
        identity.AddClaim(new Claim(PortalClaimTypes.Company, CompanyKeys.Owner));
        return new ClaimsPrincipal(identity);
    }

    private sealed class UserSlot
    {
        public ClaimsPrincipal User { get; set; } = new(new ClaimsIdentity());
    }

    private sealed class SlotAuthenticationStateProvider(UserSlot slot) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(slot.User));
    }
}
