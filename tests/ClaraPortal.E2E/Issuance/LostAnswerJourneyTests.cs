using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Issuance;

/// <summary>
/// Clara issues the card but its answer never arrives: the issuer is told the outcome is unknown, never that it
/// failed, and "Check again" brings back that same card, once. Runs its own portal whose sandbox loses every first
/// answer and whose client does not retry, so the loss reaches the page.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class LostAnswerJourneyTests(PortalFixture fixture) : IAsyncLifetime
{
    private PortalProcess _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalProcess.StartAsync(new Dictionary<string, string>
    {
        ["Clara__MaxRetries"] = "0",
        ["Sandbox__Faults__AnswerLostAfterCommitRate"] = "1",
    });

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Issuer_whose_answer_is_lost_sees_outcome_unknown_and_check_again_shows_the_one_card()
    {
        await fixture.WithPageAsync(nameof(Issuer_whose_answer_is_lost_sees_outcome_unknown_and_check_again_shows_the_one_card), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();

            await issue.SubmitAsync(321.09m, "PO-E2E-LOST");

            var unknown = page.GetByTestId("outcome-unknown");
            await Assertions.Expect(unknown).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("issue-error")).ToHaveCountAsync(0);
            await Assertions.Expect(issue.RevealDialog).ToHaveCountAsync(0);

            await page.GetByTestId("check-again").ClickAsync();
            await Assertions.Expect(issue.RevealDialog).ToBeVisibleAsync(new() { Timeout = 30_000 });
            var number = await issue.ShownCardNumberAsync();
            Assert.Equal(16, number.Length);

            await issue.DoneAsync();
            var cards = new CardsListPage(page);
            await cards.OpenAsync();
            // One card for the one request, active, with the last four the issuer was shown.
            var rows = page.Locator("tr").Filter(new() { HasText = number[^4..] });
            await Assertions.Expect(rows).ToHaveCountAsync(1);
            await Assertions.Expect(rows.GetByTestId("card-status")).ToHaveTextAsync("Active");
        }, _portal);
    }
}
