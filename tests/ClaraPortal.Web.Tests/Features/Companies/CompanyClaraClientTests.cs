using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>
/// The scope's Clara client tells Clara which company it acts for on every call: the portal's own registration
/// (<c>AddCompanies</c> over <c>Clara:Companies</c>), a scope per company (<c>CreateCompanyScope</c>), the real sandbox
/// over mutual TLS, which refuses an RFC it does not serve and keeps each company's purchases apart.
/// </summary>
public sealed class CompanyClaraClientTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private const string UnknownRfc = "XAXX010101000";
    private static readonly string OwnerRfc = SandboxServer.Companies[0].TaxIdentifier;
    private static readonly string ServiciosRfc = SandboxServer.Companies[1].TaxIdentifier;

    private ServiceProvider _services = null!;
    private PortalCompanies _companies = null!;

    public Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clara:Companies:0:TaxIdentifier"] = OwnerRfc,
            ["Clara:Companies:0:Name"] = "Clara Portal Operaciones, S.A. de C.V.",
            ["Clara:Companies:0:Owner"] = "true",
            ["Clara:Companies:0:DefaultAccess"] = "true",
            ["Clara:Companies:1:TaxIdentifier"] = ServiciosRfc.ToLowerInvariant(),
            ["Clara:Companies:1:Name"] = "Clara Portal Servicios, S.A. de C.V.",
            // Configured here, but Clara does not serve it for these credentials.
            ["Clara:Companies:2:TaxIdentifier"] = UnknownRfc,
            ["Clara:Companies:2:Name"] = "Empresa Desconocida, S.A. de C.V.",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(sandbox.Client);
        services.AddSingleton<IClaraClient>(sandbox.Client);
        services.AddScoped<CurrentCompany>();
        services.AddCompanies(configuration);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        _companies = _services.GetRequiredService<PortalCompanies>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public void The_configured_companies_are_read_with_their_rfcs_normalised()
    {
        Assert.Equal(["", ServiciosRfc, UnknownRfc], _companies.All.Select(c => c.Key));
        Assert.Equal([null, ServiciosRfc, UnknownRfc], _companies.All.Select(c => c.HeaderValue));
        Assert.Equal("Clara Portal Servicios", _companies.Find(ServiciosRfc)!.ShortName);
    }

    [Fact]
    public async Task Every_call_for_an_rfc_clara_does_not_serve_is_refused_403_and_changes_nothing()
    {
        // Real ids of Servicios (a card and a report), so a 403 is not a 404 in disguise.
        await using var servicios = Scope(ServiciosRfc);
        var card = await SubmitAsync(Clara(servicios), "U");
        var report = await Clara(servicios).StartReportAsync(new ReportRequest(Today.AddDays(-1), Today, ReportType.Authorization));
        var before = sandbox.Server.ListPurchases();

        await using var unknown = Scope(UnknownRfc);
        var clara = Clara(unknown);
        var calls = new (string Name, Func<Task> Call)[]
        {
            ("GetCatalog", () => clara.GetCatalogAsync()),
            ("Submit", () => clara.SubmitAsync(SubmitRequest("U2"), Guid.NewGuid().ToString("N"))),
            ("Update", () => clara.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(10m, null, null), Guid.NewGuid().ToString("N"))),
            ("Cancel", () => clara.CancelAsync([card.PurchaseId], "not allowed", Guid.NewGuid().ToString("N"))),
            ("StartReport", () => clara.StartReportAsync(new ReportRequest(Today.AddDays(-1), Today, ReportType.Authorization))),
            ("GetReportPage", () => clara.GetReportPageAsync(report.ReportId, 1, 10)),
            ("GetPurchase", () => clara.GetPurchaseAsync(card.PurchaseId)),
        };

        foreach (var (name, call) in calls)
        {
            var refused = await Assert.ThrowsAsync<ClaraApiException>(call);
            Assert.True(refused.StatusCode == 403, $"{name} answered {refused.StatusCode} {refused.Code}, not 403");
            Assert.Equal("FORBIDDEN", refused.Code);
        }

        Assert.Equal(before, sandbox.Server.ListPurchases());
    }

    [Fact]
    public async Task Servicios_calls_reach_servicios_and_the_owners_calls_reach_the_owner()
    {
        await using var servicios = Scope(ServiciosRfc);
        await using var owner = Scope(CompanyKeysOwner);
        var serviciosClara = Clara(servicios);
        var ownerClara = Clara(owner);

        var serviciosCatalog = await serviciosClara.GetCatalogAsync();
        Assert.Contains(serviciosCatalog.Rcns, r => r.Alias == "Servicios Card MXN");
        Assert.DoesNotContain(serviciosCatalog.Rcns, r => r.Alias == "Clara Card Black");
        var ownerCatalog = await ownerClara.GetCatalogAsync();
        Assert.Contains(ownerCatalog.Rcns, r => r.Alias == "Clara Card Black");
        Assert.DoesNotContain(ownerCatalog.Rcns, r => r.Alias == "Servicios Card MXN");

        var card = await SubmitAsync(serviciosClara, "S");
        Assert.Contains(sandbox.Server.ListPurchases(ServiciosRfc), p => p.PurchaseId == card.PurchaseId);
        Assert.DoesNotContain(sandbox.Server.ListPurchases(OwnerRfc), p => p.PurchaseId == card.PurchaseId);

        // The owner's client does not see it: reads, updates and cancels of it are Clara's "unknown purchase".
        Assert.Equal(404, (await Assert.ThrowsAsync<ClaraApiException>(() => ownerClara.GetPurchaseAsync(card.PurchaseId))).StatusCode);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClaraApiException>(() => ownerClara.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(11m, null, null), Guid.NewGuid().ToString("N")))).StatusCode);
        var ownerCancel = await ownerClara.CancelAsync([card.PurchaseId], "not the owner's", Guid.NewGuid().ToString("N"));
        Assert.Equal(CancelStatus.NotFound, Assert.Single(ownerCancel.Results).Status);
        Assert.Equal(("ACTIVE", 250m), Single(card.PurchaseId));

        // Servicios' own client reads, changes and cancels it.
        Assert.Equal(card.PurchaseId, (await serviciosClara.GetPurchaseAsync(card.PurchaseId)).PurchaseId);
        Assert.Equal(260m, (await serviciosClara.UpdateAsync(card.PurchaseId, new UpdatePurchaseRequest(260m, null, null), Guid.NewGuid().ToString("N"))).Amount);
        var report = await serviciosClara.StartReportAsync(new ReportRequest(Today.AddDays(-1), Today, ReportType.Authorization));
        Assert.Equal(report.ReportId, (await serviciosClara.GetReportPageAsync(report.ReportId, 1, 10)).ReportId);
        Assert.Equal(404, (await Assert.ThrowsAsync<ClaraApiException>(() => ownerClara.GetReportPageAsync(report.ReportId, 1, 10))).StatusCode);
        var cancelled = await serviciosClara.CancelAsync([card.PurchaseId], "done", Guid.NewGuid().ToString("N"));
        Assert.Equal(CancelStatus.Cancelled, Assert.Single(cancelled.Results).Status);
        Assert.Equal(("CANCELLED", 260m), Single(card.PurchaseId));
    }

    [Fact]
    public async Task A_scope_works_for_one_company_and_a_user_scope_without_a_principal_has_none()
    {
        await using var servicios = Scope(ServiciosRfc);
        var current = servicios.ServiceProvider.GetRequiredService<CurrentCompany>();

        Assert.Throws<InvalidOperationException>(() => current.Use(_companies.Owner));
        current.Use(_companies.Find(ServiciosRfc)!); // naming the same company again is fine

        // No AuthenticationStateProvider and no Use: the scope cannot guess, so no call is made for anyone.
        await using var bare = _services.CreateAsyncScope();
        await Assert.ThrowsAsync<InvalidOperationException>(() => bare.ServiceProvider.GetRequiredService<IClaraClient>().GetCatalogAsync());
    }

    private const string CompanyKeysOwner = "";

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private AsyncServiceScope Scope(string key) =>
        _services.GetRequiredService<IServiceScopeFactory>().CreateCompanyScope(_companies.Find(key) ?? throw new ArgumentException(key));

    private static IClaraClient Clara(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<IClaraClient>();

    private (string Status, decimal Amount) Single(long purchaseId)
    {
        var view = Assert.Single(sandbox.Server.ListPurchases(), p => p.PurchaseId == purchaseId);
        return (view.Status, view.Amount);
    }

    private static async Task<IssuedCard> SubmitAsync(IClaraClient clara, string prefix) =>
        await clara.SubmitAsync(SubmitRequest(prefix), Guid.NewGuid().ToString("N"));

    private static SubmitPurchaseRequest SubmitRequest(string prefix) => new(
        CompanyCardScopingTests.ServiciosMxnRcn, CompanyCardScopingTests.ServiciosTemplate, CompanyCardScopingTests.ServiciosSupplier,
        250m, "MXN", Today, Today.AddDays(5), $"{prefix}-{Guid.NewGuid():N}"[..20], []);
}
