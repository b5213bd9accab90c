using System.Collections.Concurrent;
using System.Security.Claims;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>One real sandbox (mutual TLS, OAuth) per test class, from the shared harness, and a client that logs into <see cref="ClientLogs"/>.</summary>
public sealed class IssuanceSandbox : IAsyncLifetime
{
    private SandboxHarness? _harness;

    public SandboxHarness Harness => _harness ?? throw new InvalidOperationException("The sandbox has not started.");

    public string DataDirectory => Harness.DataDirectory;

    public SandboxServer Server => Harness.Server;

    public LogCapture ClientLogs { get; } = new();

    public ClaraClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _harness = await SandboxHarness.StartAsync();
        Client = CreateClient();
    }

    public ClaraClient CreateClient(Action<ClaraClientOptions>? configure = null) =>
        Harness.CreateClient(configure, new LoggerFactory([ClientLogs]).CreateLogger<ClaraClient>());

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }
}

/// <summary>
/// A temp SQLite portal database with the catalog synced from the sandbox, and VcnServices acting as any user.
/// </summary>
public sealed class IssuanceHarness : IAsyncDisposable
{
    public const long EasyTemplate = 50631000000101;
    public const long HotelsTemplate = 50631000000102;
    public const long MxnRcn = 38105000000101;
    public const long BlockedRcn = 38105000000103;
    public const long PettyCashRcn = 38105000000104;

    private readonly ServiceProvider _root;

    private IssuanceHarness(TempPortalDatabase database, IClaraClient clara, ServiceProvider root, LogCapture logs)
    {
        Database = database;
        Clara = clara;
        _root = root;
        Logs = logs;
    }

    public TempPortalDatabase Database { get; }

    public IClaraClient Clara { get; }

    /// <summary>New scopes of the harness's services, as a background job creates them (no signed-in user).</summary>
    public IServiceScopeFactory Scopes => _root.GetRequiredService<IServiceScopeFactory>();

    public LogCapture Logs { get; }

    public static readonly ClaimsPrincipal Issuer = TestUsers.InRole(PortalRoles.Issuer);

    public static readonly ClaimsPrincipal OtherIssuer = TestUsers.WithRoles("dev-issuer-2", "Ivan Issuer", PortalRoles.Issuer);

    public static readonly ClaimsPrincipal Admin = TestUsers.InRole(PortalRoles.Admin);

    public static async Task<IssuanceHarness> CreateAsync(
        IClaraClient clara, Action<IServiceCollection>? configure = null, Func<TempPortalDatabase, IDbContextFactory<PortalDbContext>>? contexts = null,
        TimeProvider? time = null)
    {
        var database = await TempPortalDatabase.CreateAsync();
        var logs = new LogCapture();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        services.AddLocalization();
        // The portal's own company-aware contexts and Clara client, unless a test brings its own (owner-only) ones.
        if (contexts is not null)
        {
            services.AddSingleton(contexts(database));
        }

        services.AddSingleton(database.Options);
        services.AddPortalContexts();
        services.AddSingleton(TestCompanies.Sandbox);
        services.AddScoped<AuthenticationStateProvider>(sp => new FixedAuthenticationStateProvider(sp.GetRequiredService<UserSlot>().User));
        if (clara is ClaraClient shared)
        {
            services.AddSingleton(shared);
            services.AddScoped<IClaraClient, CompanyClaraClient>();
        }
        else
        {
            services.AddSingleton(clara);
        }

        services.AddSingleton(time ?? TimeProvider.System);
        services.AddCatalog(warmUp: false);
        services.AddTestAuditChainKey();
        services.AddIssuance();
        // Each scope acts as the user the test names (Service<T>), through the real policies.
        services.AddScoped<UserSlot>();
        services.AddScoped<ICurrentUser>(sp => PortalServices.CurrentUser(sp.GetRequiredService<UserSlot>().User));
        configure?.Invoke(services);
        var built = new IssuanceHarness(database, clara, services.BuildServiceProvider(), logs);
        await built.Service<CatalogSync>(Admin).SyncNowAsync();
        return built;
    }

    /// <summary>A service in a fresh scope (a circuit) of the given user.</summary>
    public T Service<T>(ClaimsPrincipal user)
        where T : notnull
    {
        var scope = _root.CreateScope();
        var provider = scope.ServiceProvider;
        // As the user's circuit right after signing in (a reveal asks for a recent one); a test's own sign-in time stays.
        provider.GetRequiredService<UserSlot>().User = TestUsers.SignedInNow(user, provider.GetRequiredService<TimeProvider>());
        return provider.GetService<T>() ?? ActivatorUtilities.CreateInstance<T>(provider);
    }

    public VcnService Vcn(ClaimsPrincipal? user = null) => Service<VcnService>(user ?? Issuer);

    /// <summary>The resolver as the background job runs it (its own actor; the user only matters for Check again).</summary>
    public OutcomeResolver Resolver(ClaimsPrincipal? user = null) => Service<OutcomeResolver>(user ?? Issuer);

    /// <summary>Replays every unsettled row now, pass after pass, until none is left that a replay could settle.</summary>
    public async Task<ResolverPass> ResolveEverythingAsync(int maxPasses = 20)
    {
        ResolverPass last = new(0, 0, 0, 0);
        for (var pass = 0; pass < maxPasses; pass++)
        {
            last = await Resolver().ResolveDueAsync(ignoreSchedule: true);
            if (last.StillUnknown == 0)
            {
                break;
            }
        }

        return last;
    }

    public static IssueCardRequest EasyRequest(decimal amount = 1500m, string? key = null, string? reference = "PO-TEST") => new()
    {
        IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
        TemplateId = EasyTemplate,
        FundingCardId = MxnRcn,
        SupplierId = 47401000000001,
        Amount = amount,
        Currency = "MXN",
        ValidFrom = Today,
        ValidTo = Today.AddDays(10),
        Reference = reference,
    };

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public async Task<decimal> AvailableCreditAsync(long rcnId)
    {
        var catalog = await Clara.GetCatalogAsync(CatalogDetail.Rcn);
        return catalog.Rcns.Single(r => r.Id == rcnId).AvailableCredit!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _root.DisposeAsync();
        await Database.DisposeAsync();
    }

    private sealed class UserSlot
    {
        public ClaimsPrincipal User { get; set; } = Issuer;
    }
}

/// <summary>Everything logged, to count calls and to scan for card data.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            owner._lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {exception} {string.Join(";", values.Select(v => $"{v.Key}={v.Value}"))}");
        }
    }
}
