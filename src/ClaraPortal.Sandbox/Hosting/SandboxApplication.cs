using System.Net;
using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Certificates;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Faults;
using ClaraPortal.Sandbox.Idempotency;
using ClaraPortal.Sandbox.Purchases;
using ClaraPortal.Sandbox.Reports;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography.X509Certificates;

namespace ClaraPortal.Sandbox.Hosting;

/// <summary>The composition root: Kestrel with mutual TLS, the services, the pipeline and the routes.</summary>
internal static class SandboxApplication
{
    /// <summary>Clara's production prefix and its sandbox prefix: identical behaviour, so the portal's base path is configuration.</summary>
    public static readonly string[] ApiPrefixes = ["/api/v1/vcn", "/api-test/v1/vcn"];

    public const string SandboxPrefix = "/sandbox/v1/vcn";

    public static WebApplication Build(SandboxOptions options, TimeProvider time, string dataDirectory,
        X509Certificate2 serverCertificate, X509Certificate2 caCertificate, ILoggerFactory? loggerFactory)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });

        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory); // the host's, not disposed by this app
        }
        else
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        var validator = new ClientCertificateValidator(caCertificate);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            Listen(kestrel, new Uri(options.Url), listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;
                    // Allow, not Require: a call without a certificate must reach the app to get Clara's 511.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.CheckCertificateRevocation = false;
                    https.ClientCertificateValidation = (certificate, _, _) => validator.IsTrusted(certificate);
                });
            });
        });

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Many sandboxes may run in one test process: none of them may hook Ctrl+C or SIGTERM.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.Services.AddRoutingCore();
        AddSandboxServices(builder.Services, options, time, dataDirectory);

        var app = builder.Build();
        // Load (or create) the state now, so a bad PersistencePath fails the start, not the first call.
        _ = app.Services.GetRequiredService<SandboxState>();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<UnhandledErrorMiddleware>();
        app.UseMiddleware<ClientCertificateGate>();
        app.UseRouting();
        MapRoutes(app);
        return app;
    }

    private static void AddSandboxServices(IServiceCollection services, SandboxOptions options, TimeProvider time, string dataDirectory)
    {
        var persistencePath = string.IsNullOrWhiteSpace(options.PersistencePath)
            ? null
            : Path.GetFullPath(options.PersistencePath, dataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(options.Faults);
        services.AddSingleton(time);
        services.AddSingleton<SandboxClock>();
        services.AddSingleton(SandboxCatalog.For(options.SupplierCount));
        services.AddSingleton(_ => new SandboxState(
            persistencePath is null ? new InMemoryStateStore() : new SqliteStateStore(persistencePath),
            options.FirstPurchaseId ?? SandboxState.FreshPurchaseIdStart(TimeProvider.System.GetUtcNow())));
        services.AddSingleton<TokenService>();
        services.AddSingleton<IdempotencyGuard>();
        services.AddSingleton<PurchaseService>();
        services.AddSingleton<ChargeService>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<HistoryImport>();
    }

    private static void MapRoutes(WebApplication app)
    {
        app.MapPost("/oauth/token", TokenEndpoint.IssueAsync);

        foreach (var prefix in ApiPrefixes)
        {
            // Filter order is the check order: token (401), then company (403), then injected faults.
            var api = app.MapGroup(prefix)
                .AddEndpointFilter<BearerTokenFilter>()
                .AddEndpointFilter<CompanyFilter>()
                .AddEndpointFilter<FaultFilter>();
            api.MapCatalog();
            api.MapPurchases();
            api.MapReports();
        }

        app.MapGroup(SandboxPrefix)
            .AddEndpointFilter<BearerTokenFilter>()
            .AddEndpointFilter<CompanyFilter>()
            .MapCharges();

        app.MapFallback((SandboxClock clock) =>
            ApiResponse.Error(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "No such endpoint", clock.Now));
    }

    private static void Listen(KestrelServerOptions kestrel, Uri url, Action<ListenOptions> configure)
    {
        if (url.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"Sandbox:Url must be https (got {url.Scheme}): Clara is only reachable over mutual TLS.");
        }

        var host = url.Host;
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            if (url.Port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, configure); // Kestrel cannot pick one free port for both loopbacks
            }
            else
            {
                kestrel.ListenLocalhost(url.Port, configure);
            }
        }
        else if (host is "*" or "+" or "0.0.0.0" or "[::]")
        {
            kestrel.ListenAnyIP(url.Port, configure);
        }
        else if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            kestrel.Listen(address, url.Port, configure);
        }
        else
        {
            throw new InvalidOperationException($"Sandbox:Url host must be localhost or an IP address (got {host}).");
        }
    }
}
