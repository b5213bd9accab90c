using System.Text.RegularExpressions;
using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.History;

[Collection(PortalCollection.Name)]
public sealed partial class HistoryJourneyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Auditor_filters_history_by_supplier_opens_a_cards_timeline_exports_verifies_and_cannot_reach_issuing_or_approvals()
    {
        await fixture.WithPagesAsync(nameof(Auditor_filters_history_by_supplier_opens_a_cards_timeline_exports_verifies_and_cannot_reach_issuing_or_approvals), 2, async pages =>
        {
            var (issuer, auditor) = (pages[0], pages[1]);

            // The issuer issues a card for a supplier no other journey uses, through the form.
            await new ShellPage(issuer).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(issuer);
            await issue.OpenAsync();
            var cardId = (await issue.IssueAndOpenCardAsync(777.77m, "PO-E2E-HISTORY", fixture.RememberRevealed, supplierSearch: "Hertz")).Id;

            var shell = new ShellPage(auditor);
            await shell.OpenAsSignedInAsync("/", "auditor");
            var navigation = await shell.VisibleNavigationAsync();
            Assert.Contains("History", navigation);
            Assert.DoesNotContain("Issue card", navigation);
            Assert.DoesNotContain("Approvals", navigation);

            var history = new HistoryPage(auditor);
            await history.OpenAsync();
            await history.FilterBySupplierAsync("Hertz");
            // The newest card is on the unfiltered first page too: wait for the filtered rows, not just for the card.
            await Assertions.Expect(history.SupplierCells.Filter(new() { HasNotText = "Hertz" })).ToHaveCountAsync(0, new() { Timeout = 20_000 });
            await Assertions.Expect(history.CardLink(cardId)).ToBeVisibleAsync(new() { Timeout = 20_000 });

            // A bookmark of this view opens it again, filter and all.
            var filtered = auditor.Url;
            await auditor.ReloadAsync();
            await shell.WaitForInteractiveAsync();
            await Assertions.Expect(history.CardLink(cardId)).ToBeVisibleAsync(new() { Timeout = 20_000 });
            Assert.Equal(filtered, auditor.Url);

            await history.OpenTimelineAsync(cardId);
            await Assertions.Expect(history.CardFacts).ToContainTextAsync("777.77");
            var issued = history.TimelineEvents.Filter(new() { Has = auditor.GetByTestId("card-event-action").GetByText("Issued", new() { Exact = true }) });
            await Assertions.Expect(issued).ToHaveCountAsync(1);
            await Assertions.Expect(issued).ToContainTextAsync(IssuedByAndWhen());
            // Read-only: nothing to cancel, reveal or change.
            await Assertions.Expect(auditor.GetByRole(AriaRole.Button, new() { Name = "Cancel card" })).ToHaveCountAsync(0);

            // Back to the same filtered view.
            await auditor.GetByTestId("history-back").ClickAsync();
            await Assertions.Expect(auditor).ToHaveURLAsync(filtered);
            await Assertions.Expect(history.CardLink(cardId)).ToBeVisibleAsync(new() { Timeout = 20_000 });

            // The filtered view exported as CSV: a real download, this view's rows only, amounts as numbers.
            var csv = await new ExportControls(auditor, ExportControls.History).ExportCsvAsync();
            Assert.StartsWith("history-cards-", csv.FileName, StringComparison.Ordinal);
            Assert.EndsWith(".csv", csv.FileName, StringComparison.Ordinal);
            Assert.Contains("Supplier", csv.Lines[0], StringComparison.Ordinal);
            Assert.Contains(csv.Lines.Skip(1), line => line.Contains("PO-E2E-HISTORY", StringComparison.Ordinal) && line.Contains("777.77", StringComparison.Ordinal));
            Assert.All(csv.Lines.Skip(1), line => Assert.Contains("Hertz", line, StringComparison.Ordinal));

            // The audit chain verifies intact, the export itself included.
            await auditor.GetByTestId("history-verify-link").ClickAsync();
            await Assertions.Expect(auditor).ToHaveURLAsync(new Regex("/history/integrity$"));
            await shell.WaitForInteractiveAsync();
            await auditor.GetByTestId("verify-chain").ClickAsync();
            await Assertions.Expect(auditor.GetByTestId("chain-result")).ToContainTextAsync("Intact", new() { Timeout = 60_000 });

            // Neither page is reachable by address either.
            foreach (var path in new[] { Routes.IssueCard, Routes.Approvals })
            {
                await auditor.GotoAsync(path);
                await shell.WaitForInteractiveAsync();
                await Assertions.Expect(auditor.GetByText("Access denied")).ToBeVisibleAsync();
            }
        });
    }

    // "Isabel Issuer · 12/1/2026, 10:15 AM": who, then when.
    [GeneratedRegex(@"Isabel Issuer · .*\d{4}")]
    private static partial Regex IssuedByAndWhen();
}
