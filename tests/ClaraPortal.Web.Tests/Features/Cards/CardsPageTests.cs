using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>The cards list and its bulk cancel, with the real VcnService against the sandbox.</summary>
public sealed class CardsPageTests : PortalBunitContext, IClassFixture<CardsSandbox>
{
    private readonly CardsSandbox sandbox;
    private TempPortalDatabase _database = null!;

    public CardsPageTests(CardsSandbox sandbox)
        : this(sandbox, new DatabaseSlot())
    {
    }

    private CardsPageTests(CardsSandbox sandbox, DatabaseSlot slot)
        : base(services => sandbox.AddPortalCards(services, () => slot.Database!))
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        this.sandbox = sandbox;
        _slot = slot;
    }

    private readonly DatabaseSlot _slot;

    public override async Task InitializeAsync() => _slot.Database = _database = await sandbox.NewDatabaseAsync();

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    /// <summary>Holds the database created after construction for the registration made during it.</summary>
    private sealed class DatabaseSlot
    {
        public TempPortalDatabase? Database { get; set; }
    }

    [Fact]
    public async Task Lists_the_issuers_own_cards_by_last_four_only()
    {
        using var culture = new CultureScope("en-US");
        var mine = sandbox.ServiceFor(TestUsers.InRole(PortalRoles.Issuer), _database);
        var theirs = sandbox.ServiceFor(TestUsers.WithRoles("dev-issuer2", "Ines Issuer", PortalRoles.Issuer), _database);
        var first = await CardsSandbox.IssueAsync(mine, 1500.50m, "PO-LIST-1");
        var second = await CardsSandbox.IssueAsync(mine, 250m, "PO-LIST-2");
        var other = await CardsSandbox.IssueAsync(theirs, 99m, "PO-LIST-3");

        var page = Render<CardsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=row-last4]").Count));
        Assert.Equal([$"•••• {second.Last4}", $"•••• {first.Last4}"], page.FindAll("[data-testid=row-last4]").Select(e => e.TextContent.Trim()));
        // By id: two random cards may share their last four.
        Assert.Equal([$"/cards/{second.Id}", $"/cards/{first.Id}"], page.FindAll("[data-testid=row-last4]").Select(e => e.GetAttribute("href")));
        // The sandbox issues Visa numbers; the brand shows beside the last four.
        Assert.Equal(["Visa", "Visa"], page.FindAll("[data-testid=row-brand]").Select(e => e.TextContent.Trim()));
        Assert.DoesNotContain($"/cards/{other.Id}", page.Markup, StringComparison.Ordinal);
        Assert.Contains("1,500.50 MXN", page.Markup, StringComparison.Ordinal);
        // Only the last four of a card number ever reaches the page.
        Assert.DoesNotContain(first.Number, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(first.Number[..6], page.Markup, StringComparison.Ordinal);
        Assert.True(page.Find("[data-testid=cancel-selected]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_link_from_the_dashboard_filters_the_list_and_shows_the_filters_only_a_link_sets()
    {
        using var culture = new CultureScope("en-US");
        // Days in the list's zone (the server's), with margin on both sides of the 14 days.
        var today = DateOnly.FromDateTime(DateTime.Now);
        await AddAsync(_database,
            Card("dev-issuer", 10m, last4: "1111", validTo: today.AddDays(3), currency: "USD"),
            Card("dev-issuer", 20m, last4: "2222", validTo: today.AddDays(3)),
            Card("dev-issuer", 30m, last4: "3333", validTo: today.AddDays(60), currency: "USD"),
            Card("dev-issuer", 40m, CardPurchaseStatus.Cancelled, last4: "4444", validTo: today.AddDays(3), currency: "USD"));
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/cards?status=active&expiring=14&currency=USD");

        var page = Render<CardsPage>();

        page.WaitForAssertion(() => Assert.Equal(["•••• 1111"], page.FindAll("[data-testid=row-last4]").Select(e => e.TextContent.Trim())));
        Assert.Equal("Currency: USD", page.Find("[data-testid=filter-currency]").TextContent.Trim());
        Assert.Equal("Active, expiring within 14 days", page.Find("[data-testid=filter-expiring]").TextContent.Trim());

        page.Find("[data-testid=filter-expiring] button").Click();

        page.WaitForAssertion(() => Assert.Equal(["•••• 3333", "•••• 1111"], page.FindAll("[data-testid=row-last4]").Select(e => e.TextContent.Trim()).OrderDescending()));
        Assert.Empty(page.FindAll("[data-testid=filter-expiring]"));
    }

    [Fact]
    public void Without_cards_it_says_so_and_links_to_issuing()
    {
        using var culture = new CultureScope("en-US");
        var page = Render<CardsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=cards-empty]")));
        Assert.Contains("No cards yet", page.Markup, StringComparison.Ordinal);
        Assert.Equal("/cards/issue", page.Find("[data-testid=cards-empty] a").GetAttribute("href"));
    }

    [Fact]
    public async Task Cancel_selected_shows_each_result_and_retry_failed_resends_only_the_failures()
    {
        using var culture = new CultureScope("en-US");
        var service = sandbox.ServiceFor(TestUsers.InRole(PortalRoles.Issuer), _database);
        var a = await CardsSandbox.IssueAsync(service, 100m, "PO-BULK-1");
        var b = await CardsSandbox.IssueAsync(service, 200m, "PO-BULK-2");
        var c = await CardsSandbox.IssueAsync(service, 300m, "PO-BULK-3");
        var dialogs = Render<MudDialogProvider>();
        var page = Render<CardsPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=row-last4]").Count));

        foreach (var id in new[] { a.Id, b.Id, c.Id })
        {
            await page.InvokeAsync(() => RowCheckbox(page, id).Change(true));
        }

        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=cancel-selected]").HasAttribute("disabled")));
        await page.InvokeAsync(() => page.Find("[data-testid=cancel-selected]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=confirm-cancel]")));

        // The reason is required: confirming without one keeps the dialog open.
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-cancel]").Click());
        dialogs.WaitForAssertion(() => Assert.Contains("A reason is required.", dialogs.Markup, StringComparison.Ordinal));

        // Meanwhile someone cancels C elsewhere, and Clara will refuse the next call (429): A and B fail.
        await service.CancelAsync([c.Id], "Cancelled in another tab");
        var callsBefore = sandbox.Clara.CancelCalls.Count;
        sandbox.Server.Faults.RateLimitBurst = 1;
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=cancel-reason]").Input("Quarter closed"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-cancel]").Click());

        dialogs.WaitForAssertion(() => Assert.Equal(3, dialogs.FindAll("[data-testid=cancel-result]").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(Sorted((a.Last4, "Failed"), (b.Last4, "Failed"), (c.Last4, "Already cancelled")), Results(dialogs));
        var firstCall = sandbox.Clara.CancelCalls.Skip(callsBefore).Single();

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=retry-failed]").Click());

        dialogs.WaitForAssertion(
            () => Assert.Equal(Sorted((a.Last4, "Cancelled"), (b.Last4, "Cancelled"), (c.Last4, "Already cancelled")), Results(dialogs)),
            TimeSpan.FromSeconds(30));
        var retry = sandbox.Clara.CancelCalls.Skip(callsBefore + 1).Single();
        Assert.Equal(firstCall.Order(), retry.Order());
        Assert.Equal(2, retry.Count);
        Assert.Empty(dialogs.FindAll("[data-testid=retry-failed]"));
    }

    // By the card's link, not its last four: two random cards can share their last four.
    private static AngleSharp.Dom.IElement RowCheckbox(IRenderedComponent<CardsPage> page, Guid id) =>
        page.FindAll("tr").Single(r => r.QuerySelector($"[data-testid=row-last4][href='/cards/{id}']") is not null)
            .QuerySelector("input[type=checkbox]")!;

    private static List<(string Last4, string Result)> Results(IRenderedComponent<MudDialogProvider> dialogs) =>
        [.. dialogs.FindAll("[data-testid=cancel-result]")
            .Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList())
            .Select(cells => (cells[0].Replace("•••• ", "", StringComparison.Ordinal), cells[1]))
            .OrderBy(r => r.Item1, StringComparer.Ordinal).ThenBy(r => r.Item2, StringComparer.Ordinal)];

    // Ordered by both columns, so two cards sharing a last four still compare the same way.
    private static List<(string Last4, string Result)> Sorted(params (string Last4, string Result)[] rows) =>
        [.. rows.OrderBy(r => r.Last4, StringComparer.Ordinal).ThenBy(r => r.Result, StringComparer.Ordinal)];
}
