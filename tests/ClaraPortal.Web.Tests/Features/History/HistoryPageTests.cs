using Bunit;
using Bunit.TestDoubles;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using MudBlazor;
using MudBlazor.Extensions;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>The History page: its view in the address (read on open, written on each change), the grids' sort and keyset pages.</summary>
public sealed class HistoryPageTests : HistoryPagesContext
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_shared_address_opens_with_its_filters_and_sort_applied()
    {
        await AddAsync(
            Card(100m, supplierId: 1, createdAt: Start),
            Card(200m, supplierId: 2, createdAt: Start.AddHours(1)),
            Card(300m, supplierId: 2, createdAt: Start.AddHours(2)),
            Card(400m, supplierId: 2, status: CardPurchaseStatus.Cancelled, createdAt: Start.AddHours(3)),
            Card(500m, supplierId: 3, createdAt: Start.AddHours(4)));
        RenderProviders();
        Navigation.NavigateTo("/history?supplier=2&status=active&sort=amount&dir=asc");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal(["200.00 MXN", "300.00 MXN"], Amounts(page)), Patience);
        Assert.All(page.FindAll("[data-testid=history-row-supplier]"), cell => Assert.Equal("Hotel Núñez", cell.TextContent.Trim()));
        // The filters show what the address asked for.
        Assert.Equal("Hotel Núñez", page.FindComponent<MudAutocomplete<Supplier>>().Instance.GetState(x => x.Text));
        Assert.Equal(CardPurchaseStatus.Active, page.FindComponent<MudSelect<CardPurchaseStatus?>>().Instance.GetState(x => x.Value));
        page.WaitForAssertion(() => Assert.Equal("2 matching", page.Find("[data-testid=history-count]").TextContent.Trim()), Patience);
        // Opening the page does not rewrite its own address.
        Assert.EndsWith("/history?supplier=2&status=active&sort=amount&dir=asc", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_a_reference_filters_and_puts_it_in_the_address_in_place()
    {
        await AddAsync(
            Card(100m, reference: "INV-100", createdAt: Start),
            Card(200m, reference: "PO-200", createdAt: Start.AddHours(1)),
            Card(300m, reference: "inv-300", createdAt: Start.AddHours(2)));
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(3, Amounts(page).Count), Patience);
        var rendersAtLoad = page.RenderCount;
        await Task.Delay(1000);
        Assert.True(page.RenderCount - rendersAtLoad < 3, $"renders at load {rendersAtLoad}, a second later {page.RenderCount}");
        var entries = Navigation.History.Count;

        page.Find("[data-testid=history-filter-reference] input, input[data-testid=history-filter-reference]").Input("inv");

        // After the debounce: the address holds the filter, replaced rather than pushed, and the grid shows only its matches.
        page.WaitForAssertion(() => Assert.EndsWith("/history?ref=inv", Navigation.Uri, StringComparison.Ordinal), Patience);
        page.WaitForAssertion(() => Assert.Equal(["300.00 MXN", "100.00 MXN"], Amounts(page)), Patience);
        Assert.Equal(entries, Navigation.History.Count);
        Assert.True(Navigation.History.First().Options.ReplaceHistoryEntry);
    }

    [Fact]
    public async Task Choosing_a_status_updates_the_address_and_the_grid()
    {
        await AddAsync(
            Card(100m, createdAt: Start),
            Card(200m, status: CardPurchaseStatus.Cancelled, createdAt: Start.AddHours(1)));
        RenderProviders();
        Navigation.NavigateTo("/history?supplier=1");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Amounts(page).Count), Patience);

        var status = page.FindComponent<MudSelect<CardPurchaseStatus?>>();
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(CardPurchaseStatus.Cancelled));

        Assert.EndsWith("/history?supplier=1&status=cancelled", Navigation.Uri, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Equal(["200.00 MXN"], Amounts(page)), Patience);
        page.WaitForAssertion(() => Assert.Equal("1 matching", page.Find("[data-testid=history-count]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task Clicking_a_column_header_sorts_by_it_and_the_address_says_so()
    {
        await AddAsync(
            Card(300m, createdAt: Start),
            Card(100m, createdAt: Start.AddHours(1)),
            Card(200m, createdAt: Start.AddHours(2)));
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(["200.00 MXN", "100.00 MXN", "300.00 MXN"], Amounts(page)), Patience);

        SortHeader(page, "Amount").Click();

        page.WaitForAssertion(() => Assert.Equal(["100.00 MXN", "200.00 MXN", "300.00 MXN"], Amounts(page)), Patience);
        Assert.EndsWith("/history?sort=amount&dir=asc", Navigation.Uri, StringComparison.Ordinal);

        SortHeader(page, "Amount").Click();

        page.WaitForAssertion(() => Assert.Equal(["300.00 MXN", "200.00 MXN", "100.00 MXN"], Amounts(page)), Patience);
        Assert.EndsWith("/history?sort=amount", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Next_and_previous_step_through_pages_by_cursor()
    {
        // 30 cards, one a minute: 30.00 (newest) down to 1.00.
        await AddAsync([.. Enumerable.Range(1, 30).Select(i => Card(i, createdAt: Start.AddMinutes(i)))]);
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(25, Amounts(page).Count), Patience);
        Assert.Equal("30.00 MXN", Amounts(page)[0]);
        Assert.True(page.Find("[data-testid=history-pager-previous]").HasAttribute("disabled"));
        Assert.Equal("Page 1", page.Find("[data-testid=history-page-number]").TextContent.Trim());

        page.Find("[data-testid=history-pager-next]").Click();

        page.WaitForAssertion(() => Assert.Equal(["5.00 MXN", "4.00 MXN", "3.00 MXN", "2.00 MXN", "1.00 MXN"], Amounts(page)), Patience);
        Assert.Equal("Page 2", page.Find("[data-testid=history-page-number]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=history-pager-next]").HasAttribute("disabled"));
        // Paging is not part of the view: the address stays.
        Assert.EndsWith("/history", Navigation.Uri, StringComparison.Ordinal);

        page.Find("[data-testid=history-pager-previous]").Click();

        page.WaitForAssertion(() => Assert.Equal(25, Amounts(page).Count), Patience);
        Assert.Equal("30.00 MXN", Amounts(page)[0]);
        Assert.Equal("6.00 MXN", Amounts(page)[^1]);
        Assert.Equal("Page 1", page.Find("[data-testid=history-page-number]").TextContent.Trim());
        Assert.True(page.Find("[data-testid=history-pager-previous]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task After_a_header_click_the_pager_steps_through_the_new_order()
    {
        // Amounts against time: newest first is 1.00 .. 30.00 reversed.
        await AddAsync([.. Enumerable.Range(1, 30).Select(i => Card(31 - i, createdAt: Start.AddMinutes(i)))]);
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal("1.00 MXN", Amounts(page)[0]), Patience);

        SortHeader(page, "Amount").Click();
        page.WaitForAssertion(() => Assert.Equal("1.00 MXN", Amounts(page)[0]), Patience);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=history-pager-next]").HasAttribute("disabled")), Patience);
        SortHeader(page, "Amount").Click();
        page.WaitForAssertion(() => Assert.Equal("30.00 MXN", Amounts(page)[0]), Patience);

        page.Find("[data-testid=history-pager-next]").Click();

        page.WaitForAssertion(() => Assert.Equal(["5.00 MXN", "4.00 MXN", "3.00 MXN", "2.00 MXN", "1.00 MXN"], Amounts(page)), Patience);
        Assert.EndsWith("/history?sort=amount", Navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_change_starts_again_from_the_first_page()
    {
        await AddAsync([.. Enumerable.Range(1, 30).Select(i => Card(i, supplierId: 1 + (i % 2), createdAt: Start.AddMinutes(i)))]);
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(25, Amounts(page).Count), Patience);
        page.Find("[data-testid=history-pager-next]").Click();
        page.WaitForAssertion(() => Assert.Equal("Page 2", page.Find("[data-testid=history-page-number]").TextContent.Trim()), Patience);

        var status = page.FindComponent<MudSelect<CardPurchaseStatus?>>();
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(CardPurchaseStatus.Active));

        page.WaitForAssertion(() => Assert.Equal(25, Amounts(page).Count), Patience);
        Assert.Equal("30.00 MXN", Amounts(page)[0]);
        Assert.Equal("Page 1", page.Find("[data-testid=history-page-number]").TextContent.Trim());
    }

    [Fact]
    public async Task Back_or_forward_to_another_view_reloads_the_grid_with_it()
    {
        await AddAsync(Card(100m, createdAt: Start), Card(200m, status: CardPurchaseStatus.Cancelled, createdAt: Start.AddHours(1)));
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(2, Amounts(page).Count), Patience);

        // What the browser's back button does: the address changes under the page.
        Navigation.NavigateTo("/history?status=cancelled");

        page.WaitForAssertion(() => Assert.Equal(["200.00 MXN"], Amounts(page)), Patience);
        Assert.Equal(CardPurchaseStatus.Cancelled, page.FindComponent<MudSelect<CardPurchaseStatus?>>().Instance.GetState(x => x.Value));

        Navigation.NavigateTo("/history?sort=amount&dir=asc");

        page.WaitForAssertion(() => Assert.Equal(["100.00 MXN", "200.00 MXN"], Amounts(page)), Patience);
        Assert.Null(page.FindComponent<MudSelect<CardPurchaseStatus?>>().Instance.GetState(x => x.Value));
    }

    [Fact]
    public async Task Rows_show_the_approval_trail_and_link_the_last_four_to_the_timeline_keeping_the_view()
    {
        var card = Card(150_000m, supplierId: 2, last4: "4242", createdAt: Start);
        await AddAsync(card);
        await ApprovedRequestForAsync(card);
        RenderProviders();
        Navigation.NavigateTo("/history?supplier=2");
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-card-link]")), Patience);
        var link = page.Find("[data-testid=history-card-link]");
        Assert.Equal("•••• 4242", link.TextContent.Trim());
        Assert.Equal($"/history/cards/{card.Id}?back=%2Fhistory%3Fsupplier%3D2", link.GetAttribute("href"));
        Assert.Equal("Approved 1 of 1 · Arturo Approver", page.Find("[data-testid=history-row-approval]").TextContent.Trim());
    }

    [Fact]
    public void Without_cards_it_says_so()
    {
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("No cards yet", page.Find("[data-testid=history-cards-empty]").TextContent, StringComparison.Ordinal), Patience);
        page.WaitForAssertion(() => Assert.Equal("0 matching", page.Find("[data-testid=history-count]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task With_filters_that_match_nothing_it_says_no_matches()
    {
        await AddAsync(Card(100m));
        RenderProviders();
        Navigation.NavigateTo("/history?supplier=3");
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=history-cards-no-matches]")), Patience);
    }

    [Fact]
    public async Task The_events_tab_reads_its_filters_from_the_address_and_links_card_events_to_the_timeline()
    {
        var card = Card(100m);
        await AddAsync(card);
        await AuditAsync(
            ("dev-issuer", "Isabel Issuer", "card.issued", "CardPurchase", card.Id.ToString(), null, null),
            ("dev-auditor", "Aurora Auditor", "card.revealed", "CardPurchase", card.Id.ToString(), null, null),
            ("dev-admin", "Adrian Admin", "card.updated", "CardPurchase", card.Id.ToString(), new { amount = "100.00", status = "Active" }, new { amount = "250.00", status = "Active" }));
        RenderProviders();
        Navigation.NavigateTo("/history?tab=events&user=dev-admin");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-event-action]")), Patience);
        Assert.Equal("Updated", page.Find("[data-testid=history-event-action]").TextContent.Trim());
        Assert.Equal("Limit: 100.00 → 250.00", page.Find("[data-testid=history-event-changes]").TextContent.Trim());
        Assert.StartsWith($"/history/cards/{card.Id}?back=", page.Find("[data-testid=history-event-card-link]").GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal("dev-admin", page.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "User").Instance.GetState(x => x.Value));
    }

    [Fact]
    public async Task Switching_tabs_puts_the_tab_in_the_address()
    {
        RenderProviders();
        Navigation.NavigateTo("/history");
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=history-cards-grid]")), Patience);

        var tabs = page.FindComponent<MudTabs>();
        await page.InvokeAsync(() => tabs.Instance.ActivatePanelAsync(1));

        page.WaitForAssertion(() => Assert.EndsWith("/history?tab=events", Navigation.Uri, StringComparison.Ordinal), Patience);
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=history-events-grid]")), Patience);
    }

    [Theory]
    [InlineData(PortalRoles.Auditor, true)]
    [InlineData(PortalRoles.Admin, true)]
    [InlineData(PortalRoles.Approver, false)]
    public void Only_auditors_and_admins_are_offered_the_audit_chain_check(string role, bool offered)
    {
        SignIn(TestUsers.InRole(role));
        RenderProviders();
        Navigation.NavigateTo("/history");

        var page = Render<HistoryPage>();

        Assert.Equal(offered ? 1 : 0, page.FindAll("[data-testid=history-verify-link]").Count);
        if (offered)
        {
            Assert.Equal("/history/integrity", page.Find("[data-testid=history-verify-link]").GetAttribute("href"));
        }
    }

    private static List<string> Amounts(IRenderedComponent<HistoryPage> page) =>
        [.. page.FindAll("[data-testid=history-row-amount]").Select(e => e.TextContent.Trim())];

    private static AngleSharp.Dom.IElement SortHeader(IRenderedComponent<HistoryPage> page, string title) =>
        page.FindAll("th").First(th => th.TextContent.Contains(title, StringComparison.Ordinal)).QuerySelector(".sortable-column-header")
        ?? throw new InvalidOperationException(page.FindAll("th").First(th => th.TextContent.Contains(title, StringComparison.Ordinal)).OuterHtml);
}
