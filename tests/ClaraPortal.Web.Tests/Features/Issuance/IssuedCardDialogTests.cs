using Bunit;
using Bunit.TestDoubles;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;

namespace ClaraPortal.Web.Tests.Features.Issuance;

public sealed class IssuedCardDialogTests : PortalBunitContext
{
    private static readonly RevealedCard Card = new(TestCardNumbers.Visa, "987", "12/26", "7899", "Visa");
    private readonly Guid _id = Guid.NewGuid();

    [Fact]
    public async Task Shows_the_number_in_groups_the_cvv_and_the_expiry()
    {
        using var culture = new CultureScope("en-US");
        var provider = await ShowAsync();

        Assert.Contains("Your new card", provider.Markup, StringComparison.Ordinal);
        Assert.Equal(TestCardNumbers.VisaGrouped, provider.Find("[data-testid=card-number]").TextContent.Trim());
        Assert.Equal("987", provider.Find("[data-testid=card-cvv]").TextContent.Trim());
        Assert.Equal("12/26", provider.Find("[data-testid=card-expiry]").TextContent.Trim());
        Assert.Contains("only time", provider.Find("[data-testid=card-once-warning]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_number_can_be_copied_never_the_cvv()
    {
        using var culture = new CultureScope("en-US");
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetVoidResult();
        var provider = await ShowAsync();

        await provider.InvokeAsync(() => Button(provider, "Copy card number").Click());

        var copies = JSInterop.Invocations["navigator.clipboard.writeText"];
        Assert.Equal([TestCardNumbers.Visa], copies.Select(c => (string)c.Arguments[0]!));
        // A CVV on the clipboard outlives the dialog (clipboard managers, other apps): no button copies it.
        Assert.DoesNotContain(provider.FindAll("button"), b => b.TextContent.Contains("CVV", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(provider.FindAll("[data-testid=copy-card-cvv]"));
    }

    [Fact]
    public async Task Done_closes_the_dialog_drops_the_card_and_opens_the_card_page()
    {
        using var culture = new CultureScope("en-US");
        var provider = await ShowAsync();
        await provider.InvokeAsync(() => Button(provider, "Done").Click());

        provider.WaitForAssertion(() => Assert.DoesNotContain(TestCardNumbers.VisaGrouped, provider.Markup, StringComparison.Ordinal));
        Assert.Empty(provider.FindAll("[data-testid=card-number]"));
        Assert.EndsWith($"/cards/{_id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dialog_cannot_be_dismissed_without_done()
    {
        var provider = await ShowAsync();

        // The options the pages show it with (IssueCardPage and CardDetailPage pass IssuedCardDialog.Options)...
        Assert.Equal((false, false, false), (IssuedCardDialog.Options.BackdropClick, IssuedCardDialog.Options.CloseOnEscapeKey, IssuedCardDialog.Options.CloseButton));
        // ...and what the dialog shown with them does.
        Assert.Empty(provider.FindAll(".mud-dialog .mud-button-close"));
        var options = provider.FindComponent<MudDialogContainer>().Instance.GetState(x => x.Options);
        Assert.Equal((false, false), (options.BackdropClick, options.CloseOnEscapeKey));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync()
    {
        Render<MudPopoverProvider>();
        Render<MudSnackbarProvider>();
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<IssuedCardDialog> { { d => d.CardPurchaseId, _id }, { d => d.Card, Card } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<IssuedCardDialog>("Your new card", parameters, IssuedCardDialog.Options));
        provider.WaitForAssertion(() => Assert.NotEmpty(provider.FindAll("[data-testid=card-number]")));
        return provider;
    }

    private static AngleSharp.Dom.IElement Button(IRenderedComponent<MudDialogProvider> provider, string text) =>
        provider.FindAll("button").Single(b => b.TextContent.Trim() == text);
}
