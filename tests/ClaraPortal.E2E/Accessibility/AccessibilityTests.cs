using System.Text.RegularExpressions;
using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Accessibility;

/// <summary>
/// WCAG 2.1 AA as axe-core checks it, on every page each role can open (the drawer's items as that role sees them, the
/// pages outside it, and one detail page of each kind found on the lists), with the dialogs open: no serious or critical
/// violation anywhere. One browser profile per role, signed in once.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed partial class AccessibilityTests(PortalFixture fixture)
{
    private const string RequestAmount = "23,456.78";

    [Fact]
    public async Task Every_page_and_dialog_of_every_role_has_no_serious_or_critical_axe_violation()
    {
        var axe = new AxeScanner();

        await fixture.WithPageAsync("a11y-issuer", async page =>
        {
            await page.GotoAsync(Routes.Dashboard);
            await Assertions.Expect(new LoginPage(page).Username).ToBeVisibleAsync();
            await axe.ScanAsync(page, "sign-in form");
            await new LoginPage(page).SignInAsync("issuer");
            await new ShellPage(page).WaitForInteractiveAsync();

            await IssuerDialogsAsync(page, axe);
            await PagesOfRoleAsync(page, "issuer", axe);
        });

        await fixture.WithPageAsync("a11y-approver", async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync(Routes.Dashboard, "approver");
            await ApproverDialogsAsync(page, axe);
            await PagesOfRoleAsync(page, "approver", axe);
        });

        foreach (var role in new[] { "auditor", "admin" })
        {
            await fixture.WithPageAsync("a11y-" + role, async page =>
            {
                await new ShellPage(page).OpenAsSignedInAsync(Routes.Dashboard, role);
                await PagesOfRoleAsync(page, role, axe);
            });
        }

        axe.AssertNone();
    }

    /// <summary>
    /// Issues a card (the dialog that shows it once), then on its page opens update, reveal and cancel; on the list the
    /// bulk cancel; files an approval request for the approver and starts a report, so their pages have something to show.
    /// </summary>
    private async Task IssuerDialogsAsync(IPage page, AxeScanner axe)
    {
        await new RequestApprovalForm(page).RequestAsync(23_456.78m, "PO-E2E-A11Y-APPROVAL", "Accessibility review of the approval dialogs");

        // A fresh form (the one above now says the request was filed).
        await OpenAsync(page, Routes.IssueCard);
        var issue = new IssueCardPage(page);
        await issue.IssueAsync(321.09m, "PO-E2E-A11Y-1");
        fixture.RememberRevealed(await issue.ShownCardNumberAsync(), await issue.ShownCvvAsync());
        await axe.ScanAsync(page, "issuer: issued card dialog");
        await issue.DoneAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CardDetailUrl(), new() { Timeout = 20_000 });
        var cardId = new CardDetailPage(page).Id;

        await OpenDialogAsync(page, axe, page.GetByTestId("update-card"), "issuer: update card dialog");
        await OpenDialogAsync(page, axe, page.GetByTestId("reveal-card"), "issuer: reveal card dialog");
        await OpenDialogAsync(page, axe, page.GetByTestId("cancel-card"), "issuer: cancel card dialog");

        var cards = new CardsListPage(page);
        await cards.OpenAsync();
        await cards.SelectAsync(cardId);
        await OpenDialogAsync(page, axe, page.GetByRole(AriaRole.Button, new() { Name = "Cancel selected" }), "issuer: bulk cancel dialog");

        var reports = new ReportsPage(page);
        await reports.OpenAsync();
        await reports.StartAsync();
        await Assertions.Expect(reports.Rows.First).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    private static async Task ApproverDialogsAsync(IPage page, AxeScanner axe)
    {
        var approvals = new ApprovalsPage(page);
        await approvals.OpenAsync();
        await approvals.OpenRequestAsync(RequestAmount);
        await OpenDialogAsync(page, axe, approvals.ApproveButton, "approver: approve dialog");
        await OpenDialogAsync(page, axe, page.GetByTestId("reject-request"), "approver: reject dialog");
    }

    /// <summary>Opens a dialog, scans the page with it open, and closes it again with Escape (nothing is confirmed).</summary>
    private static async Task OpenDialogAsync(IPage page, AxeScanner axe, ILocator opener, string where)
    {
        await opener.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await axe.ScanAsync(page, where);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Every drawer item the role sees, the pages outside the drawer, and the first detail page of each kind linked from
    /// them (a card, an approval request, a card's history, a report): the drawer is read live, so a new page is covered.
    /// </summary>
    private static async Task PagesOfRoleAsync(IPage page, string role, AxeScanner axe)
    {
        var drawer = await new ShellPage(page).Navigation.Locator("a[href]").EvaluateAllAsync<string[]>(
            "links => links.map(a => new URL(a.href).pathname)");
        Assert.NotEmpty(drawer);

        var details = new Dictionary<string, string>();
        foreach (var path in drawer.Concat(Routes.OutsideNavigation).Distinct())
        {
            await OpenAsync(page, path);
            if (new Uri(page.Url).AbsolutePath == Routes.AccessDenied && path != Routes.AccessDenied)
            {
                // A page outside the drawer this role may not open: its access-denied page is scanned once, as itself.
                continue;
            }

            await axe.ScanAsync(page, $"{role}: {path}");
            foreach (var href in await page.Locator("main a[href]").EvaluateAllAsync<string[]>("links => links.map(a => new URL(a.href).pathname)"))
            {
                if (DetailPath().Match(href) is { Success: true } match)
                {
                    details.TryAdd(match.Groups["kind"].Value, href);
                }
            }
        }

        foreach (var (kind, path) in details)
        {
            await OpenAsync(page, path);
            await axe.ScanAsync(page, $"{role}: {kind} detail {path}");
        }
    }

    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await new ShellPage(page).WaitForInteractiveAsync();
    }

    [GeneratedRegex(@"^/(?<kind>cards|approvals|history/cards|reports)/[0-9a-fA-F-]{36}$")]
    private static partial Regex DetailPath();

    [GeneratedRegex(@"/cards/[0-9a-fA-F-]{36}$")]
    private static partial Regex CardDetailUrl();
}
