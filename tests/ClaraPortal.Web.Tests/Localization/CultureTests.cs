using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
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
    public void Navigation_speaks_portuguese_under_pt_BR()
    {
        using var culture = new CultureScope("pt-BR");
        SignIn(TestUsers.InRole(PortalRoles.Admin));

        var menu = Render<NavMenu>();

        Assert.Equal(
            ["Painel", "Emitir cartão", "Cartões", "Minhas solicitações", "Aprovações", "Histórico", "Relatórios", "Fornecedores", "Modelos", "Cartões de financiamento", "Política", "Empresas"],
            menu.FindAll(".mud-nav-link-text").Select(e => e.TextContent.Trim()));
    }

    [Theory]
    [InlineData("en-US", "Language")]
    [InlineData("es-MX", "Idioma")]
    [InlineData("pt-BR", "Idioma")]
    public void The_switcher_offers_every_language_each_named_in_its_own_words(string current, string label)
    {
        using var culture = new CultureScope(current);
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var switcher = Render<CultureSwitcher>();

        switcher.Find($"button[aria-label='{label}']").Click();
        var items = popovers.WaitForElements(".mud-menu-item");

        Assert.Equal(["English", "Español (México)", "Português (Brasil)"], items.Select(e => e.TextContent.Trim()));
        Assert.Equal(PortalCultures.Supported, items.Select(e => e.GetAttribute("lang") ?? ""));
    }

    [Fact]
    public void Choosing_portuguese_goes_through_the_culture_cookie_endpoint_and_back()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/cards?status=Active");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var switcher = Render<CultureSwitcher>();

        switcher.Find("button[aria-label='Language']").Click();
        popovers.WaitForElements(".mud-menu-item").Single(e => e.TextContent.Contains("Português", StringComparison.Ordinal)).Click();

        switcher.WaitForAssertion(() => Assert.Equal("http://localhost/culture/set?culture=pt-BR&redirectUri=%2Fcards%3Fstatus%3DActive", navigation.Uri));
    }

    /// <summary>Every culture the portal offers besides English, read from <see cref="PortalCultures.Supported"/>: a new one is checked with no change here.</summary>
    public static TheoryData<string> Translations => [.. PortalCultures.Supported.Where(c => c != PortalCultures.English)];

    [Theory]
    [MemberData(nameof(Translations))]
    public void Every_english_text_has_a_translation_with_the_same_placeholders(string name)
    {
        var english = Texts(CultureInfo.InvariantCulture);
        var translated = Texts(CultureInfo.GetCultureInfo(name));

        Assert.NotEmpty(english);
        Assert.Empty(english.Keys.Except(translated.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.Empty(translated.Keys.Except(english.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal));
        Assert.Empty(translated.Where(t => string.IsNullOrWhiteSpace(t.Value)).Select(t => t.Key).Order(StringComparer.Ordinal));
        Assert.Empty(
            english.Where(e => !Placeholders(e.Value).SequenceEqual(Placeholders(translated[e.Key])))
                .Select(e => $"{e.Key}: {e.Value} / {translated[e.Key]}")
                .Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_language_names_every_language_for_the_switcher()
    {
        var missing =
            from shown in PortalCultures.Supported
            from named in PortalCultures.Supported
            let texts = Texts(shown == PortalCultures.English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(shown))
            where !texts.ContainsKey($"Culture.{named}")
            select $"{shown}: Culture.{named}";

        Assert.Empty(missing);
    }

    [Fact]
    public void The_placeholder_check_sees_a_lost_or_changed_placeholder()
    {
        Assert.Equal(Placeholders("{0} of {1:N0} rows"), Placeholders("{1:N0} linhas: {0}"));
        Assert.NotEqual(Placeholders("{0} of {1:N0} rows"), Placeholders("{0} de {1} linhas"));
        Assert.NotEqual(Placeholders("{first_item}-{last_item}"), Placeholders("{first_item}"));
    }

    [Theory]
    [InlineData("en-US", "12,500.01 MXN", "0.10 USD", "11/24/2026")]
    [InlineData("es-MX", "12,500.01 MXN", "0.10 USD", "24/11/2026")]
    [InlineData("pt-BR", "12.500,01 MXN", "0,10 USD", "24/11/2026")]
    public void Amounts_and_dates_follow_the_culture(string name, string amount, string small, string date)
    {
        var culture = CultureInfo.GetCultureInfo(name);

        Assert.Equal(amount, PortalFormat.Money(12500.01m, "MXN", culture));
        Assert.Equal(small, PortalFormat.Money(0.1m, "USD", culture));
        Assert.Equal(date, PortalFormat.Date(new DateOnly(2026, 11, 24), culture));
    }

    [Theory]
    [InlineData("pt-BR", "R$ 1.234.567,80")]
    [InlineData("en-US", "1,234,567.80 BRL")]
    [InlineData("es-MX", "1,234,567.80 BRL")]
    public void Reais_are_written_with_their_symbol_for_a_brazilian_reader_only(string name, string expected)
    {
        var text = PortalFormat.Money(1234567.8m, "BRL", CultureInfo.GetCultureInfo(name));

        // The culture's own space after "R$" is a no-break space, so the amount never wraps away from its symbol.
        Assert.Equal(expected, text.Replace('\u00A0', ' '));
    }

    [Fact]
    public void Brazilian_counts_and_timestamps_read_as_in_brazil()
    {
        var brazil = CultureInfo.GetCultureInfo("pt-BR");

        Assert.Equal("R$ 0,05", PortalFormat.Money(0.05m, "brl", brazil).Replace('\u00A0', ' '));
        Assert.Equal("—", PortalFormat.Money(null, "BRL", brazil));
        Assert.Equal("1.234", PortalFormat.Count(1234, brazil));
        Assert.Equal("24/11/2026 14:05", PortalFormat.Timestamp(new DateTimeOffset(2026, 11, 24, 14, 5, 0, TimeSpan.Zero), TimeZoneInfo.Utc, brazil));
    }

    private static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var manager = new ResourceManager("ClaraPortal.Web.Resources.SharedResource", typeof(App).Assembly);
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"No resources for {culture.Name}: add SharedResource.{culture.Name}.resx");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
    }

    // "{0}", "{1:N0}", "{first_item}": what string.Format or MudBlazor fills in, compared as a sorted list so a translation may reorder them.
    private static List<string> Placeholders(string text) =>
        [.. Regex.Matches(text, @"\{[^{}]*\}").Select(m => m.Value).Order(StringComparer.Ordinal)];
}
