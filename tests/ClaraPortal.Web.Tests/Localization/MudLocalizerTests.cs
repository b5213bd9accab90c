using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Localization;

public sealed class MudLocalizerTests
{
    private readonly PortalMudLocalizer _localizer = new(
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>());

    [Fact]
    public void MudBlazor_texts_follow_the_portal_language()
    {
        using var culture = new CultureScope("es-MX");

        Assert.Equal("Cerrar", _localizer["MudAlert_Close"].Value);
        Assert.Equal("Página siguiente", _localizer["MudPagination_NextPage"].Value);
    }

    [Fact]
    public void MudBlazor_texts_speak_portuguese_under_pt_BR()
    {
        using var culture = new CultureScope("pt-BR");

        Assert.Equal("Fechar", _localizer["MudAlert_Close"].Value);
        Assert.Equal("Próxima página", _localizer["MudPagination_NextPage"].Value);
        Assert.Equal("Selecionar tudo", _localizer["MudSelect_SelectAll"].Value);
        // Read aloud on the cards list and the grids: a screen reader user hears them in the portal's language.
        Assert.Equal("Selecionar todas as linhas", _localizer["MudDataGrid_SelectAllRows"].Value);
        Assert.Equal("Selecionar linha", _localizer["MudDataGrid_SelectRow"].Value);
    }

    [Fact]
    public void Keys_we_do_not_translate_fall_back_to_MudBlazor()
    {
        Assert.True(_localizer["MudColorPicker_AlphaSlider"].ResourceNotFound);
    }
}
