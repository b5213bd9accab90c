using System.Text.RegularExpressions;
using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;
using ClaraPortal.Testing;

namespace ClaraPortal.E2E.Companies;

[Collection(PortalCollection.Name)]
public sealed partial class CompanySwitchJourneyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Admin_switches_to_the_subsidiary_sees_its_funding_cards_issues_there_and_switching_back_hides_the_card()
    {
        await fixture.WithPageAsync(nameof(Admin_switches_to_the_subsidiary_sees_its_funding_cards_issues_there_and_switching_back_hides_the_card), async page =>
        {
            var shell = new ShellPage(page);
            var companies = new CompanySwitcher(page);
            await shell.OpenAsSignedInAsync(Routes.FundingCards, "admin");
            await Assertions.Expect(companies.Switcher).ToBeVisibleAsync();
            if (await companies.Current.InnerTextAsync() != CompanySwitcher.Operaciones)
            {
                await companies.SwitchToAsync(CompanySwitcher.Operaciones); // a previous run may have left admin elsewhere
            }

            await Assertions.Expect(page.GetByText(IssueCardPage.MxnFundingCard).First).ToBeVisibleAsync();

            await companies.SwitchToAsync(CompanySwitcher.Servicios);
            Assert.EndsWith(Routes.FundingCards, new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
            await Assertions.Expect(page.GetByText("Servicios Card MXN").First).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByText(IssueCardPage.MxnFundingCard)).ToHaveCountAsync(0);

            // A card issued in the subsidiary, with its own template and funding card.
            var reference = $"PO-SERV-{TestReferences.Unique()}"[..20];
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();
            await issue.IssueAsync(2_500m, reference, template: "Servicios Generales", fundingCard: "Servicios Card MXN");
            fixture.RememberRevealed(Digits(await issue.CardNumber.InnerTextAsync()), Digits(await issue.Cvv.InnerTextAsync()));
            await issue.DoneAsync();
            await Assertions.Expect(page).ToHaveURLAsync(CardDetailPattern(), new() { Timeout = 20_000 });
            var cardId = new CardDetailPage(page).Id;
            await Assertions.Expect(companies.Current).ToHaveTextAsync(CompanySwitcher.Servicios);

            var cards = new CardsListPage(page);
            await cards.OpenAsync();
            await Assertions.Expect(cards.RowOf(cardId)).ToHaveCountAsync(1);

            // Back in the owner company the card is not listed, and its address answers "not found".
            await companies.SwitchToAsync(CompanySwitcher.Operaciones);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Cards", Exact = true })).ToBeVisibleAsync();
            await Assertions.Expect(cards.RowOf(cardId)).ToHaveCountAsync(0);
            await page.GotoAsync($"/cards/{cardId}");
            await shell.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByTestId("card-not-found")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        });
    }

    [GeneratedRegex(@"/cards/[0-9a-fA-F-]{36}$")]
    private static partial Regex CardDetailPattern();

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());
}
