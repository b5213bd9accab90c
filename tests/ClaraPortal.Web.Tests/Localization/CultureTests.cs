using System.Collections;
using System.Globalization;
using System.Resources;
using Bunit;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Localization;

public sealed class CultureTests : PortalBunitContext
{
    [Fact]
    public void Navigation_speaks_spanish_under_es_MX()
    {
        using var culture = new CultureScope("es-MX");
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var menu = Render<NavMenu>();

        Assert.Equal(
            ["Tablero", "Emitir tarjeta", "Tarjetas", "Mis solicitudes", "Aprobaciones", "Historial", "Reportes", "Proveedores", "Plantillas", "Tarjetas de fondeo", "Política", "Empresas"],
            menu.FindAll(".mud-nav-link-text").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public void The_user_menu_and_access_denied_are_translated()
    {
        using var culture = new CultureScope("es-MX");
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        RenderFragment body = b =>
        {
            b.OpenComponent<AccessDeniedView>(0);
            b.CloseComponent();
        };

        var layout = Render<MainLayout>(p => p.Add(l => l.Body, body));

        Assert.NotNull(layout.Find("button[aria-label='Menú de usuario']"));
        Assert.Contains("Acceso denegado", layout.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Choosing_spanish_goes_through_the_culture_cookie_endpoint_and_back()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/catalog/suppliers");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var switcher = Render<CultureSwitcher>();

        switcher.Find("button[aria-label='Language']").Click();
        popovers.WaitForElements(".mud-menu-item").Single(e => e.TextContent.Contains("Español", StringComparison.Ordinal)).Click();

        // The menu closes before it runs the item's click (an await): on a busy machine the navigation comes later.
        switcher.WaitForAssertion(() => Assert.Equal("http://localhost/culture/set?culture=es-MX&redirectUri=%2Fcatalog%2Fsuppliers", navigation.Uri));
    }

    [Fact]
    public void Every_english_text_has_a_spanish_translation_and_back()
    {
        var manager = new ResourceManager("ClaraPortal.Web.Resources.SharedResource", typeof(App).Assembly);
        var english = Keys(manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false));
        var spanish = Keys(manager.GetResourceSet(CultureInfo.GetCultureInfo("es-MX"), createIfNotExists: true, tryParents: false));

        Assert.NotEmpty(english);
        Assert.Equal(english, spanish);
    }

    [Theory]
    [InlineData("en-US", "12,500.01 MXN", "0.10 USD", "11/24/2026")]
    [InlineData("es-MX", "12,500.01 MXN", "0.10 USD", "24/11/2026")]
    public void Amounts_and_dates_follow_the_culture(string name, string amount, string small, string date)
    {
        var culture = CultureInfo.GetCultureInfo(name);

        Assert.Equal(amount, PortalFormat.Money(12500.01m, "MXN", culture));
        Assert.Equal(small, PortalFormat.Money(0.1m, "USD", culture));
        Assert.Equal(date, PortalFormat.Date(new DateOnly(2026, 11, 24), culture));
    }

    private static SortedSet<string> Keys(ResourceSet? set) =>
        new((set ?? throw new InvalidOperationException("Resource set missing")).Cast<DictionaryEntry>().Select(e => (string)e.Key), StringComparer.Ordinal);
}
