using Bunit;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Catalog;

/// <summary>"Sync now" on the catalog pages, through the real CatalogSync on a real SQLite file.</summary>
public sealed class CatalogSyncBarTests : PortalBunitContext
{
    private readonly Slot _slot;

    public CatalogSyncBarTests()
        : this(new Slot())
    {
    }

    private CatalogSyncBarTests(Slot slot)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(_ => slot.Database!);
            services.AddSingleton<IClaraClient>(slot.Clara);
            services.AddSingleton(new CatalogSyncGate());
            services.AddSingleton(TimeProvider.System);
            services.AddScoped<CatalogSync>();
            services.AddScoped<CatalogQueries>();
        })
    {
        _slot = slot;
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
    }

    public override async Task InitializeAsync() => _slot.Database = await TempPortalDatabase.CreateAsync();

    protected override async Task DisposeTestAsync() => await _slot.Database!.DisposeAsync();

    [Fact]
    public void A_sync_that_fails_unexpectedly_is_said_and_the_page_lives_on()
    {
        using var culture = new CultureScope("en-US");
        _slot.Clara.CatalogFailure = new InvalidOperationException("The Clara client certificate could not be loaded.");
        var bar = Render<CatalogSyncBar>();
        var button = () => bar.FindAll("button").Single(b => b.TextContent.Trim() == "Sync now");
        bar.WaitForAssertion(() => Assert.NotNull(button()));

        button().Click();

        var snackbar = Services.GetRequiredService<ISnackbar>();
        bar.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message != null && s.Message.StartsWith("The sync could not be completed.", StringComparison.Ordinal)));
        bar.WaitForAssertion(() => Assert.False(button().HasAttribute("disabled")));
    }

    /// <summary>Holds what the registrations made during construction need after it.</summary>
    private sealed class Slot
    {
        public TempPortalDatabase? Database { get; set; }

        public FakeClaraClient Clara { get; } = new();
    }
}
