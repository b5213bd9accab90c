using System.Globalization;
using System.Text.RegularExpressions;
using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;
using ClaraPortal.Testing;

namespace ClaraPortal.E2E.Reports;

[Collection(PortalCollection.Name)]
public sealed partial class ReportJourneyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Auditor_starts_a_report_of_the_last_30_days_watches_it_reach_ready_sees_the_matched_card_and_exports_it()
    {
        await fixture.WithPagesAsync(nameof(Auditor_starts_a_report_of_the_last_30_days_watches_it_reach_ready_sees_the_matched_card_and_exports_it), 2, async pages =>
        {
            var (issuer, auditor) = (pages[0], pages[1]);

            // The issuer issues a card through the form; a merchant then charges it at Clara (the sandbox).
            await new ShellPage(issuer).OpenAsSignedInAsync("/", "issuer");
            var issue = new IssueCardPage(issuer);
            await issue.OpenAsync();
            var card = await issue.IssueAndOpenCardAsync(1_000m, "PO-E2E-REPORT", fixture.RememberRevealed);
            var last4 = Digits(await card.Last4.InnerTextAsync());
            var purchaseId = await card.ClaraPurchaseIdAsync();
            var (address, certificates) = fixture.Portal.Sandbox;
            using (var merchant = RawClaraHttp.ForEmbeddedSandbox(address, certificates))
            {
                await merchant.ChargeAsync(await merchant.GetTokenAsync(), purchaseId, 250.75m, "MXN", "AWS EMEA", mcc: null);
            }

            // The auditor starts a report as the form offers it (the last 30 days, clearing) and watches it, no reload.
            var shell = new ShellPage(auditor);
            await shell.OpenAsSignedInAsync("/", "auditor");
            var reports = new ReportsPage(auditor);
            await reports.OpenAsync();
            await auditor.EvaluateAsync("() => { window.reportsPageNotReloaded = true; }");
            var before = await reports.Rows.CountAsync();
            await reports.StartAsync();

            await Assertions.Expect(reports.Rows).ToHaveCountAsync(before + 1, new() { Timeout = 20_000 });
            var row = reports.Rows.First;
            await Assertions.Expect(ReportsPage.StateOf(row)).ToHaveTextAsync("Ready", new() { Timeout = 60_000 });
            Assert.True(await auditor.EvaluateAsync<bool>("() => window.reportsPageNotReloaded === true"), "The list reached Ready by reloading the page.");
            await Assertions.Expect(row).ToContainTextAsync("Aurora Auditor");

            // Its lines: the charged card, matched to the portal's card, within its limit.
            await ReportsPage.OpenAsync(row);
            await Assertions.Expect(auditor).ToHaveURLAsync(ReportUrl());
            var report = new ReportDetailPage(auditor);
            var line = report.LineOf(purchaseId);
            await Assertions.Expect(line).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await Assertions.Expect(line.GetByTestId("report-line-card")).ToHaveTextAsync($"•••• {last4}");
            await Assertions.Expect(line.GetByTestId("report-line-spent")).ToHaveTextAsync("250.75 MXN");
            await Assertions.Expect(line.GetByTestId("report-line-limit")).ToHaveTextAsync("1,000.00 MXN");
            await Assertions.Expect(line.GetByTestId("report-line-flags")).ToHaveTextAsync("Matched");

            // Exported as CSV: a real download of the lines, headers in words, values as data.
            var csv = await report.Export.ExportCsvAsync();
            Assert.Matches(@"^report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}-clearing\.csv$", csv.FileName);
            Assert.StartsWith("Clara purchase id,Card id,Last four,Supplier,Reference,Currency,Limit,Spent", csv.Header, StringComparison.Ordinal);
            var exported = csv.Rows.Single(f => f[0] == purchaseId.ToString(CultureInfo.InvariantCulture));
            Assert.Equal([last4, "PO-E2E-REPORT", "MXN", "1000.00", "250.75", "true", "false"],
                [exported[2], exported[4], exported[5], exported[6], exported[7], exported[12], exported[13]]);
            await Assertions.Expect(report.Export.Result).ToContainTextAsync("Export finished");
        });
    }

    private static string Digits(string text) => new([.. text.Where(char.IsAsciiDigit)]);

    [GeneratedRegex(@"/reports/[0-9a-fA-F-]{36}$")]
    private static partial Regex ReportUrl();
}
