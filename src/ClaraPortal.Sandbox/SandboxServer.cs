using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography.X509Certificates;
using ClaraPortal.Sandbox.Certificates;
using ClaraPortal.Sandbox.Hosting;
using ClaraPortal.Sandbox.Purchases;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaraPortal.Sandbox;

/// <summary>
/// Clara's VCN API as a local HTTPS server with mutual TLS and OAuth 2.0 client credentials.
/// Start one per test (Url "https://127.0.0.1:0" for a free port) or run the project standalone.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly X509Certificate2 _serverCertificate;
    private readonly X509Certificate2 _caCertificate;
    private int _disposed;

    private SandboxServer(WebApplication app, Uri baseAddress, SandboxCertificates certificates, SandboxOptions options,
        X509Certificate2 serverCertificate, X509Certificate2 caCertificate)
    {
        _app = app;
        BaseAddress = baseAddress;
        Certificates = certificates;
        Faults = options.Faults;
        ClientId = options.ClientId;
        ClientSecret = options.ClientSecret;
        _serverCertificate = serverCertificate;
        _caCertificate = caCertificate;
    }

    /// <summary>The address actually bound, e.g. https://127.0.0.1:41234/ (always ends with a slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Paths of the CA, server and client certificates this server uses.</summary>
    public SandboxCertificates Certificates { get; }

    /// <summary>The live fault settings: change them while the server runs.</summary>
    public SandboxFaultOptions Faults { get; }

    /// <summary>OAuth client id the token endpoint accepts.</summary>
    public string ClientId { get; }

    /// <summary>OAuth client secret the token endpoint accepts.</summary>
    public string ClientSecret { get; }

    /// <summary>The seeded companies, the owner first: what a portal can offer as its companies.</summary>
    public static IReadOnlyList<SandboxCompany> Companies { get; } =
    [
        new(Catalog.SandboxCatalog.OwnerTaxId, "Clara Portal Operaciones, S.A. de C.V.", IsOwner: true),
        new(Catalog.SandboxCatalog.SubsidiaryTaxId, "Clara Portal Servicios, S.A. de C.V.", IsOwner: false),
    ];

    /// <summary>
    /// Every purchase the sandbox holds, in id order, optionally only those of one company (its RFC): what really
    /// exists on Clara's side, whatever the client was told. No card numbers.
    /// </summary>
    public IReadOnlyList<SandboxPurchaseView> ListPurchases(string? taxId = null)
    {
        var state = _app.Services.GetRequiredService<SandboxState>();
        var clock = _app.Services.GetRequiredService<SandboxClock>();
        lock (state.Gate)
        {
            return [.. state.Purchases.Values
                .Where(p => taxId is null || string.Equals(p.CompanyTaxId, taxId, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Id)
                .Select(p => new SandboxPurchaseView(p.Id, p.CompanyTaxId, p.Reference, p.Amount, p.Currency,
                    p.EffectiveStatus(clock.Today), p.CreatedAt))];
        }
    }

    /// <summary>
    /// Adds cards of the past (demo history) in one write, with their charges, cancellations and final status, and
    /// answers their purchase ids in the same order. Not part of Clara's API: Clara's history comes from real use.
    /// Imported cards hold no RCN credit (their charges were paid on past statements).
    /// </summary>
    public IReadOnlyList<SandboxImportedPurchase> ImportHistory(IReadOnlyList<SandboxHistoricalPurchase> purchases) =>
        _app.Services.GetRequiredService<HistoryImport>().Import(purchases);

    /// <summary>Creates the certificates if needed, binds Kestrel and starts serving.</summary>
    /// <param name="time">Clock for tokens, dates, reports and idempotency; tests pass a FakeTimeProvider.</param>
    public static Task<SandboxServer> StartAsync(SandboxOptions options, TimeProvider? time = null,
        CancellationToken cancellationToken = default) =>
        StartAsync(options, time, loggerFactory: null, cancellationToken);

    internal static async Task<SandboxServer> StartAsync(SandboxOptions options, TimeProvider? time, ILoggerFactory? loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        ArgumentNullException.ThrowIfNull(options.Faults);
        options.Url = NormalizeUrl(options.Url);

        var logger = loggerFactory?.CreateLogger<SandboxServer>() ?? (ILogger)NullLogger.Instance;
        var directory = DataDirectory.Resolve(options.DataDirectory);
        var certificates = await CertificateStore.EnsureAsync(directory, logger, cancellationToken);
        var serverCertificate = certificates.LoadServerCertificate();
        var caCertificate = certificates.LoadCaCertificate();

        var app = SandboxApplication.Build(options, time ?? TimeProvider.System, directory, serverCertificate, caCertificate, loggerFactory);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            serverCertificate.Dispose();
            caCertificate.Dispose();
            throw;
        }

        var baseAddress = ActualAddress(app, new Uri(options.Url));
        SandboxLog.Listening(logger, baseAddress, directory);
        return new SandboxServer(app, baseAddress, certificates, options, serverCertificate, caCertificate);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            _serverCertificate.Dispose();
            _caCertificate.Dispose();
        }
    }

    private static string NormalizeUrl(string url) =>
        url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);

    /// <summary>The requested host (so "localhost" stays "localhost" for certificate name checks) with the bound port.</summary>
    private static Uri ActualAddress(WebApplication app, Uri requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        var bound = new Uri(addresses.First().Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal));
        var host = requested.Host is "0.0.0.0" ? "localhost" : requested.Host;
        return new UriBuilder(Uri.UriSchemeHttps, host, bound.Port, "/").Uri;
    }
}
