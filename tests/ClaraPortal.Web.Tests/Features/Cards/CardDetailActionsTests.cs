using Bunit;
using Bunit.TestDoubles;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>Cancel, update and reveal from the detail page, through the real VcnService against the sandbox.</summary>
/// <remarks>
/// Each find-and-click runs in one InvokeAsync: the page renders again when Clara's transactions arrive, and an
/// element found before that render has lost its handler by the time it is clicked.
/// </remarks>
public sealed class CardDetailActionsTests : PortalBunitContext, IClassFixture<CardsSandbox>
{
    private readonly CardsSandbox _sandbox;
    private readonly DatabaseSlot _slot;

    public CardDetailActionsTests(CardsSandbox sandbox)
        : this(sandbox, new DatabaseSlot())
    {
    }

    private CardDetailActionsTests(CardsSandbox sandbox, DatabaseSlot slot)
        : base(services => sandbox.AddPortalCards(services, () => slot.Database!))
    {
        // Signed in just now: a reveal asks for a recent sign-in (the old-session case is its own test).
        SignIn(TestUsers.SignedInNow(TestUsers.InRole(PortalRoles.Issuer)));
        _sandbox = sandbox;
        _slot = slot;
    }

    public override async Task InitializeAsync() => _slot.Database = await _sandbox.NewDatabaseAsync();

    protected override async Task DisposeTestAsync() => await _slot.Database!.DisposeAsync();

    [Fact]
    public async Task Cancel_card_asks_a_reason_then_shows_cancelled_and_disables_the_actions()
    {
        var card = await IssueAsync(700m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.Equal($"•••• {card.Last4}", page.Find("[data-testid=card-last4]").TextContent.Trim()));

        await page.InvokeAsync(() => page.Find("[data-testid=cancel-card]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be undone", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal("Cancel card", dialogs.Find("[data-testid=confirm-cancel]").TextContent.Trim());
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cancel-reason]").Input("Order withdrawn by the supplier"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-cancel]").Click());

        page.WaitForAssertion(() => Assert.Equal("Cancelled", page.Find("[data-testid=card-status]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.True(page.Find("[data-testid=cancel-card]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=update-card]").HasAttribute("disabled"));
        page.WaitForAssertion(() => Assert.Contains("Cancelled", page.FindAll("[data-testid=card-event-action]").Select(e => e.TextContent.Trim())));
        Assert.Contains("Order withdrawn by the supplier", page.Find("[data-testid=card-events]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancel_reason_holding_the_card_number_is_stopped_next_to_the_field()
    {
        var card = await IssueAsync(710m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=cancel-card]")));

        await page.InvokeAsync(() => page.Find("[data-testid=cancel-card]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=cancel-reason]")));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cancel-reason]").Input($"Wrong paste {card.Number}"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-cancel]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("This looks like a card number", dialogs.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-cancel]"));
        Assert.Equal("Active", page.Find("[data-testid=card-status]").TextContent.Trim());
    }

    [Fact]
    public async Task Update_shows_the_template_rule_next_to_the_field_then_applies_a_valid_limit()
    {
        var card = await IssueAsync(1000m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=card-limit]")));

        await page.InvokeAsync(() => page.Find("[data-testid=update-card]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=update-amount]")));
        dialogs.Find("[data-testid=update-amount]").Change("300000");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=update-save]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("The template allows at most 250,000.00 MXN.", dialogs.Markup, StringComparison.Ordinal));

        dialogs.Find("[data-testid=update-amount]").Change("2500.75");
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=update-save]").Click());

        page.WaitForAssertion(() => Assert.Equal("2,500.75 MXN", page.Find("[data-testid=card-limit]").TextContent.Trim()), TimeSpan.FromSeconds(30));
        page.WaitForAssertion(() => Assert.Contains("Limit: 1,000.00 → 2,500.75", page.Find("[data-testid=card-events]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reveal_asks_a_reason_shows_the_number_once_and_is_recorded()
    {
        var card = await IssueAsync(50m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reveal-card]")));

        await page.InvokeAsync(() => page.Find("[data-testid=reveal-card]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=reveal-confirm]")));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reveal-confirm]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("A reason is required.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll("[data-testid=card-number]"));

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reveal-reason]").Input("Supplier lost the card details"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reveal-confirm]").Click());

        dialogs.WaitForAssertion(() => Assert.Equal(card.Number, dialogs.Find("[data-testid=card-number]").TextContent.Replace(" ", "", StringComparison.Ordinal).Trim()), TimeSpan.FromSeconds(30));
        Assert.Matches(@"^\d{3}$", dialogs.Find("[data-testid=card-cvv]").TextContent.Trim());
        // The number may be copied; the CVV never (a clipboard outlives the dialog).
        Assert.DoesNotContain(dialogs.FindAll("button"), b => b.TextContent.Contains("CVV", StringComparison.OrdinalIgnoreCase));
        Assert.Matches(@"^\d{2}/\d{2}$", dialogs.Find("[data-testid=card-expiry]").TextContent.Trim());
        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Copy card number").Click());
        Assert.Contains(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText" && Equals(i.Arguments[0], card.Number));

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Done").Click());

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=card-number]")));
        Assert.DoesNotContain(card.Number, dialogs.Markup + page.Markup, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("Card number revealed", page.FindAll("[data-testid=card-event-action]").Select(e => e.TextContent.Trim())));
        Assert.Contains("Supplier lost the card details", page.Find("[data-testid=card-events]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clipboard_the_browser_refuses_is_said_and_the_number_stays_to_copy_by_hand()
    {
        JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true).SetException(new Microsoft.JSInterop.JSException("NotAllowedError"));
        var card = await IssueAsync(55m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reveal-card]")));
        await page.InvokeAsync(() => page.Find("[data-testid=reveal-card]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=reveal-reason]")));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reveal-reason]").Input("Supplier needs it again"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reveal-confirm]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=card-number]")), TimeSpan.FromSeconds(30));

        await dialogs.InvokeAsync(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Copy card number").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("The browser did not allow copying", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(card.Number, dialogs.Find("[data-testid=card-number]").TextContent.Replace(" ", "", StringComparison.Ordinal).Trim());
    }

    [Fact]
    public async Task Another_issuer_cannot_open_the_card_but_an_admin_can_and_may_reveal_it()
    {
        var card = await IssueAsync(60m);
        SignIn(TestUsers.WithRoles("dev-issuer2", "Ines Issuer", PortalRoles.Issuer));

        var denied = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        denied.WaitForAssertion(() => Assert.NotNull(denied.Find("[data-testid=card-not-found]")));

        SignIn(TestUsers.SignedInNow(TestUsers.InRole(PortalRoles.Admin)));
        var admin = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        admin.WaitForAssertion(() => Assert.NotNull(admin.Find("[data-testid=reveal-card]")));
        Assert.Equal($"•••• {card.Last4}", admin.Find("[data-testid=card-last4]").TextContent.Trim());
    }

    [Fact]
    public async Task Reveal_on_an_old_session_sends_the_user_to_sign_in_again_and_back_to_the_card_with_nothing_asked_of_clara()
    {
        var card = await IssueAsync(65m);
        SignIn(TestUsers.SignedInAt(TestUsers.InRole(PortalRoles.Issuer), DateTimeOffset.UtcNow.AddHours(-1)));
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reveal-card]")));
        var revealsBefore = _sandbox.Clara.Reveals;

        await page.InvokeAsync(() => page.Find("[data-testid=reveal-card]").Click());

        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        Assert.Equal($"/account/sign-in-again?returnUrl={Uri.EscapeDataString($"/cards/{card.Id}?reveal=true")}", new Uri(navigation.Uri).PathAndQuery);
        Assert.True(navigation.History.First().Options.ForceLoad);
        Assert.Empty(dialogs.FindAll("[data-testid=reveal-reason]"));
        Assert.Equal(revealsBefore, _sandbox.Clara.Reveals);
    }

    [Fact]
    public async Task Coming_back_on_an_old_session_says_to_sign_in_again_instead_of_going_round_again()
    {
        var card = await IssueAsync(66m);
        SignIn(TestUsers.SignedInAt(TestUsers.InRole(PortalRoles.Issuer), DateTimeOffset.UtcNow.AddHours(-1)));
        var navigation = Services.GetRequiredService<BunitNavigationManager>();
        navigation.NavigateTo($"/cards/{card.Id}?reveal=true");
        var dialogs = Render<MudDialogProvider>();

        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));

        page.WaitForAssertion(() => Assert.Contains("sign in again", page.Find("[data-testid=card-message]").TextContent, StringComparison.Ordinal));
        Assert.DoesNotContain("sign-in-again", navigation.Uri, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=reveal-reason]"));
    }

    [Fact]
    public async Task Coming_back_signed_in_again_opens_the_reveal_dialog()
    {
        var card = await IssueAsync(67m);
        Services.GetRequiredService<BunitNavigationManager>().NavigateTo($"/cards/{card.Id}?reveal=true");
        var dialogs = Render<MudDialogProvider>();

        var page = Render<CardDetailPage>(p => p.Add(x => x.Id, card.Id));

        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=reveal-reason]")), TimeSpan.FromSeconds(30));
        Assert.NotNull(page.Find("[data-testid=card-last4]"));
    }

    private Task<(Guid Id, string Last4, string Number)> IssueAsync(decimal amount) =>
        CardsSandbox.IssueAsync(_sandbox.ServiceFor(TestUsers.InRole(PortalRoles.Issuer), _slot.Database!), amount, $"PO-DETAIL-{amount}");

    /// <summary>Holds the database created after construction for the registration made during it.</summary>
    private sealed class DatabaseSlot
    {
        public TempPortalDatabase? Database { get; set; }
    }
}
