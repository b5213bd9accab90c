using System.Text.RegularExpressions;
using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Issuance;

[Collection(PortalCollection.Name)]
public sealed partial class CardJourneyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Issuer_issues_a_card_copies_its_number_and_afterwards_sees_only_the_last_four_then_cancels_it()
    {
        await fixture.WithPageAsync(nameof(Issuer_issues_a_card_copies_its_number_and_afterwards_sees_only_the_last_four_then_cancels_it), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();

            await issue.IssueAsync(1500.50m, "PO-E2E-0001");
            var number = await issue.ShownCardNumberAsync();
            var cvv = await issue.ShownCvvAsync();
            fixture.RememberRevealed(number, cvv);
            Assert.Equal(16, number.Length);
            Assert.Equal(3, cvv.Length);

            await issue.CopyCardNumberAsync();
            var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
            Assert.Equal(number, new string(copied.Where(char.IsAsciiDigit).ToArray()));

            await issue.DoneAsync();
            await OnCardDetailAsync(page);
            var detail = new CardDetailPage(page);
            await Assertions.Expect(detail.Last4).ToContainTextAsync(number[^4..]);
            await Assertions.Expect(issue.RevealDialog).ToHaveCountAsync(0);
            Assert.DoesNotContain(number, Digits(await page.ContentAsync()));

            await Assertions.Expect(detail.Status).ToHaveTextAsync("Active");
            await detail.CancelAsync("Order withdrawn by the supplier");
            // The card's status, not the "Cancelled" event the timeline shows as well.
            await Assertions.Expect(detail.Status).ToHaveTextAsync("Cancelled");

            // Cancelled is what Clara says too, after a reload that reads the stored state again.
            await page.ReloadAsync();
            await new ShellPage(page).WaitForInteractiveAsync();
            await Assertions.Expect(detail.Status).ToHaveCountAsync(1);
            await Assertions.Expect(detail.Status).ToHaveTextAsync("Cancelled");
        });
    }

    [Fact]
    public async Task Issuer_bulk_cancels_three_cards_and_sees_each_result()
    {
        await fixture.WithPageAsync(nameof(Issuer_bulk_cancels_three_cards_and_sees_each_result), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync("/", "issuer2");
            var issue = new IssueCardPage(page);

            var issued = new List<(Guid Id, string Last4)>();
            for (var i = 1; i <= 3; i++)
            {
                await issue.OpenAsync();
                await issue.IssueAsync(100m * i, $"PO-E2E-BULK-{i}");
                var number = await issue.ShownCardNumberAsync();
                fixture.RememberRevealed(number, await issue.ShownCvvAsync());
                await issue.DoneAsync();
                await OnCardDetailAsync(page);
                issued.Add((new CardDetailPage(page).Id, number[^4..]));
            }

            var cards = new CardsListPage(page);
            await cards.OpenAsync();
            foreach (var (id, _) in issued)
            {
                await cards.SelectAsync(id);
            }

            await cards.CancelSelectedAsync("Quarter closed");

            var results = page.GetByRole(AriaRole.Dialog);
            foreach (var (_, last4) in issued)
            {
                await Assertions.Expect(results.GetByText(last4).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
            }

            await Assertions.Expect(results.GetByText("Cancelled", new() { Exact = true })).ToHaveCountAsync(3);
        });
    }

    [Fact]
    public async Task No_card_number_or_cvv_reaches_the_database_its_wal_or_the_logs()
    {
        await fixture.WithPageAsync(nameof(No_card_number_or_cvv_reaches_the_database_its_wal_or_the_logs), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();
            await issue.IssueAsync(42.42m, "PO-E2E-SCAN");
            fixture.RememberRevealed(await issue.ShownCardNumberAsync(), await issue.ShownCvvAsync());
            await issue.DoneAsync();
            await OnCardDetailAsync(page);
        });

        var files = new[] { fixture.Portal.DatabasePath, fixture.Portal.DatabasePath + "-wal" }
            .Where(File.Exists).ToList();
        Assert.Contains(fixture.Portal.DatabasePath, files);

        var logs = fixture.Portal.Output;
        Assert.NotEmpty(logs);
        foreach (var (number, cvv) in fixture.RevealedCards)
        {
            foreach (var file in files)
            {
                var content = await ReadSharedAsync(file);
                Assert.False(content.Contains(number, StringComparison.Ordinal), $"{Path.GetFileName(file)} holds a card number");
                Assert.False(CvvIsWritten(content, cvv), $"{Path.GetFileName(file)} holds a CVV");
            }

            Assert.DoesNotContain(number, logs, StringComparison.Ordinal);
            Assert.DoesNotContain(Grouped(number), logs, StringComparison.Ordinal);
            Assert.False(CvvIsWritten(logs, cvv), "the logs hold a CVV");
        }
    }

    // Blazor navigates inside the page (pushState: no new document, no load event). Polling the address, unlike
    // waiting for a navigation event, cannot miss one that happened before the wait began (seen after Done).
    private static Task OnCardDetailAsync(IPage page) =>
        Assertions.Expect(page).ToHaveURLAsync(CardDetailUrl(), new() { Timeout = 20_000 });

    private static Regex CardDetailUrl() => CardDetailPattern();

    [GeneratedRegex(@"/cards/[0-9a-fA-F-]{36}$")]
    private static partial Regex CardDetailPattern();

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    /// <summary>A bare 3-digit CVV occurs by chance in any file; written as a CVV it sits next to its name.</summary>
    private static bool CvvIsWritten(string content, string cvv) =>
        Regex.IsMatch(content, $@"(cvv|cvc|security ?code)\W{{0,6}}{cvv}(?![0-9])", RegexOptions.IgnoreCase);

    private static string Grouped(string number) => string.Join(' ', number.Chunk(4).Select(c => new string(c)));

    /// <summary>Reads a file the running portal still holds open, bytes as Latin-1 so nothing is lost.</summary>
    private static async Task<string> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
        return await reader.ReadToEndAsync();
    }
}
