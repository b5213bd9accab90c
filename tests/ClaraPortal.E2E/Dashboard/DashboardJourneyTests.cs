using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Dashboard;

[Collection(PortalCollection.Name)]
public sealed class DashboardJourneyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Issuer_sees_a_new_card_in_the_charts_and_its_figure_opens_the_cards_behind_it()
    {
        await fixture.WithPageAsync(nameof(Issuer_sees_a_new_card_in_the_charts_and_its_figure_opens_the_cards_behind_it), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();
            var card = await issue.IssueAndOpenCardAsync(1_234m, "PO-E2E-DASHBOARD", fixture.RememberRevealed);
            var cardId = card.Id;

            // Home: the issuer's panel, and the three charts drawn with a table beside each.
            await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
            var home = new DashboardHome(page);
            await Assertions.Expect(home.Panel("issuer")).ToBeVisibleAsync();
            foreach (var chart in new[] { home.SupplierChart, home.TemplateChart, home.MonthChart })
            {
                await Assertions.Expect(DashboardHome.Drawing(chart)).ToBeAttachedAsync(new() { Timeout = 20_000 });
                await Assertions.Expect(chart.GetByRole(AriaRole.Table)).ToBeVisibleAsync();
                await Assertions.Expect(chart.GetByTestId("spend-row").First).ToBeVisibleAsync();
            }

            // The chart is for the eye; screen readers get the table.
            Assert.Equal("true", await home.SupplierChart.Locator("[data-testid$='-chart']").First.GetAttributeAsync("aria-hidden"));

            // The new card's template counts it; its cards figure opens the cards list filtered to it.
            var row = DashboardHome.RowNamed(home.TemplateChart, IssueCardPage.EasyTemplate);
            await Assertions.Expect(row).ToBeVisibleAsync();
            await row.GetByTestId("spend-row-cards").ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Routes.Cards && new Uri(url).Query.Contains("template=", StringComparison.Ordinal));
            await Assertions.Expect(new CardsListPage(page).RowOf(cardId)).ToBeVisibleAsync(new() { Timeout = 20_000 });
        });
    }

    [Fact]
    public async Task Auditor_sees_the_checks_and_the_company_charts_with_an_issuers_new_card()
    {
        await fixture.WithPagesAsync(nameof(Auditor_sees_the_checks_and_the_company_charts_with_an_issuers_new_card), 2, async pages =>
        {
            var (issuer, auditor) = (pages[0], pages[1]);
            await new ShellPage(issuer).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(issuer);
            await issue.OpenAsync();
            var cardId = (await issue.IssueAndOpenCardAsync(2_345m, "PO-E2E-DASHBOARD-AUDIT", fixture.RememberRevealed)).Id;

            await new ShellPage(auditor).OpenAsSignedInAsync("/", "auditor");
            var home = new DashboardHome(auditor);
            await Assertions.Expect(home.Panel("oversight")).ToBeVisibleAsync();
            await Assertions.Expect(auditor.GetByTestId("oversight-audit")).ToContainTextAsync("Intact", new() { Timeout = 20_000 });
            await Assertions.Expect(home.Panel("issuer")).ToHaveCountAsync(0);

            // The company's charts count the issuer's card; an auditor's figures open the history behind them.
            foreach (var chart in new[] { home.SupplierChart, home.TemplateChart, home.MonthChart })
            {
                await Assertions.Expect(DashboardHome.Drawing(chart)).ToBeAttachedAsync(new() { Timeout = 20_000 });
            }

            var row = DashboardHome.RowNamed(home.TemplateChart, IssueCardPage.EasyTemplate);
            await Assertions.Expect(row).ToBeVisibleAsync();
            await row.GetByTestId("spend-row-cards").ClickAsync();
            await auditor.WaitForURLAsync(url => new Uri(url).AbsolutePath == Routes.History && new Uri(url).Query.Contains("template=", StringComparison.Ordinal));
            await Assertions.Expect(auditor.Locator($"a[href^='/history/cards/{cardId}']").First).ToBeVisibleAsync(new() { Timeout = 20_000 });
        });
    }
}
