using System.Text.Json;
using AngleSharp.Dom;
using Bunit;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>"My requests" in bUnit, over the real approval services and a real (temp) database; Clara is scripted and never called here.</summary>
public sealed class MyRequestsPageTests : ApprovalPagesContext
{
    private const string IssuerSubject = "dev-issuer";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public MyRequestsPageTests() => SignIn(Issuer);

    [Fact]
    public async Task Lists_the_user_s_requests_newest_first_with_status_counts_rule_and_comments()
    {
        var older = await SeedAsync(ApprovalStatus.Pending, 15_000m, minutesAgo: 30, given: 1, required: 2, ruleKey: ApprovalRuleKeys.TwoApprovers, ruleAmount: 100_000m,
            decisions: [(ApprovalVerdict.Approved, "Alma Approver", "Fine by me")]);
        var newer = await SeedAsync(ApprovalStatus.Rejected, 12_500.5m, minutesAgo: 5,
            decisions: [(ApprovalVerdict.Rejected, "Alma Approver", "Use the team card")]);
        await SeedAsync(ApprovalStatus.Pending, 20_000m, minutesAgo: 1, requestedBy: "someone-else");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal([newer.ToString(), older.ToString()], Rows(cut).Select(r => r.GetAttribute("data-request-id"))), Wait);
        var pending = Row(cut, older);
        Assert.Equal("Pending", Cell(pending, "request-status"));
        Assert.Equal("1 of 2", Cell(pending, "request-approvals"));
        Assert.Equal("15,000.00 MXN", Cell(pending, "request-amount"));
        Assert.Equal("Above 100,000.00 MXN: two different approvers must approve.", Cell(pending, "request-rule"));
        Assert.Equal("Alma Approver approved · “Fine by me”", Cell(pending, "request-decision"));
        Assert.NotNull(pending.QuerySelector("[data-testid=withdraw-request]"));

        var rejected = Row(cut, newer);
        Assert.Equal("Rejected", Cell(rejected, "request-status"));
        Assert.Equal("0 of 1", Cell(rejected, "request-approvals"));
        Assert.Equal("Alma Approver rejected · “Use the team card”", Cell(rejected, "request-decision"));
        Assert.Null(rejected.QuerySelector("[data-testid=withdraw-request]"));
        Assert.Null(rejected.QuerySelector("[data-testid=reveal-request-card]"));
    }

    [Fact]
    public async Task A_status_in_the_address_lists_only_those_requests_until_the_user_clears_it()
    {
        var pending = await SeedAsync(ApprovalStatus.Pending, 15_000m, minutesAgo: 30);
        var rejected = await SeedAsync(ApprovalStatus.Rejected, 12_000m, minutesAgo: 5);
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/my-requests?status=pending");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal([pending.ToString()], Rows(cut).Select(r => r.GetAttribute("data-request-id"))), Wait);
        Assert.Equal("Showing only: Pending", cut.Find("[data-testid=my-requests-status-filter]").TextContent.Trim());

        cut.Find("[data-testid=my-requests-status-filter] button").Click();

        cut.WaitForAssertion(() => Assert.Equal([rejected.ToString(), pending.ToString()], Rows(cut).Select(r => r.GetAttribute("data-request-id"))), Wait);
        Assert.Empty(cut.FindAll("[data-testid=my-requests-status-filter]"));
    }

    [Fact]
    public void With_no_requests_it_says_so()
    {
        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal("You have no requests yet.", cut.Find("[data-testid=my-requests-empty]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=my-requests-loading]"));
    }

    [Fact]
    public async Task Withdraws_a_pending_request_only_after_the_user_confirms()
    {
        var id = await SeedAsync(ApprovalStatus.Pending, 15_000m);
        var cut = RenderPage();
        cut.WaitForElement("[data-testid=withdraw-request]", Wait);

        cut.Find("[data-testid=withdraw-request]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Withdraw this request?", _dialogs.Markup, StringComparison.Ordinal), Wait);
        ButtonIn(_dialogs, "Keep it").Click();
        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")), Wait);
        Assert.Equal(ApprovalStatus.Pending, await StatusOfAsync(id));

        cut.Find("[data-testid=withdraw-request]").Click();
        _dialogs.WaitForAssertion(() => ButtonIn(_dialogs, "Withdraw").Click(), Wait);

        cut.WaitForAssertion(() => Assert.Equal("Request withdrawn.", cut.Find("[data-testid=my-requests-notice]").TextContent.Trim()), Wait);
        cut.WaitForAssertion(() => Assert.Equal("Withdrawn", Cell(Row(cut, id), "request-status")), Wait);
        Assert.Null(Row(cut, id).QuerySelector("[data-testid=withdraw-request]"));
        Assert.Equal(ApprovalStatus.Withdrawn, await StatusOfAsync(id));
        Assert.Equal(0, Clara.Submits);
    }

    [Fact]
    public async Task A_withdraw_that_lost_a_race_says_what_happened()
    {
        var id = await SeedAsync(ApprovalStatus.Pending, 15_000m);
        var cut = RenderPage();
        cut.WaitForElement("[data-testid=withdraw-request]", Wait);
        // An approver rejects it while the row is still on screen.
        await using (var db = Database.CreateDbContext())
        {
            var row = await db.ApprovalRequests.SingleAsync(r => r.Id == id);
            row.Status = ApprovalStatus.Rejected;
            await db.SaveChangesAsync();
        }

        cut.Find("[data-testid=withdraw-request]").Click();
        _dialogs.WaitForAssertion(() => ButtonIn(_dialogs, "Withdraw").Click(), Wait);

        cut.WaitForAssertion(() => Assert.Equal("This request has already been decided, withdrawn or expired.", cut.Find("[data-testid=my-requests-notice]").TextContent.Trim()), Wait);
        cut.WaitForAssertion(() => Assert.Equal("Rejected", Cell(Row(cut, id), "request-status")), Wait);
    }

    [Fact]
    public async Task Reveal_is_offered_only_for_an_issued_card_not_yet_revealed_and_the_card_can_be_opened()
    {
        var card = Guid.NewGuid();
        var revealable = await SeedAsync(ApprovalStatus.Approved, 15_000m, given: 1, issuedCard: card);
        var revealed = await SeedAsync(ApprovalStatus.Approved, 16_000m, given: 1, issuedCard: Guid.NewGuid(), revealedAt: DateTimeOffset.UtcNow);
        var failed = await SeedAsync(ApprovalStatus.Failed, 17_000m, given: 1, failure: "Approval.Failure.RequesterNotIssuer");
        var clara = await SeedAsync(ApprovalStatus.Failed, 18_000m, given: 1, failure: "B013: Threshold exceeds company limit");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(4, Rows(cut).Count), Wait);
        Assert.Equal("Reveal card", Row(cut, revealable).QuerySelector("[data-testid=reveal-request-card]")?.TextContent.Trim());
        Assert.Equal($"/cards/{card}", Row(cut, revealable).QuerySelector("[data-testid=open-request-card]")?.GetAttribute("href"));
        Assert.Null(Row(cut, revealed).QuerySelector("[data-testid=reveal-request-card]"));
        Assert.NotNull(Row(cut, revealed).QuerySelector("[data-testid=open-request-card]"));
        Assert.Null(Row(cut, failed).QuerySelector("[data-testid=reveal-request-card]"));
        Assert.Equal("Not issued: the requester is no longer an Issuer in this company.", Cell(Row(cut, failed), "request-failure"));
        Assert.Equal("B013: Threshold exceeds company limit", Cell(Row(cut, clara), "request-failure"));
        Assert.Single(cut.FindAll("[data-testid=reveal-request-card]"));
    }

    [Fact]
    public async Task A_decision_published_for_this_user_reloads_the_list_and_others_do_not()
    {
        var id = await SeedAsync(ApprovalStatus.Pending, 15_000m);
        var cut = RenderPage();
        cut.WaitForAssertion(() => Assert.Equal("Pending", Cell(Row(cut, id), "request-status")), Wait);
        await using (var db = Database.CreateDbContext())
        {
            var row = await db.ApprovalRequests.SingleAsync(r => r.Id == id);
            row.Status = ApprovalStatus.Approved;
            row.ApprovalsGiven = 1;
            await db.SaveChangesAsync();
        }

        var notifications = Services.GetRequiredService<IApprovalNotifications>();
        // Another company's news and another user's news are not this page's.
        notifications.Publish(new ApprovalNotification(TestCompanies.Servicios.Key, id, ApprovalNotificationKind.Approved, IssuerSubject));
        notifications.Publish(new ApprovalNotification(TestCompanies.Owner.Key, id, ApprovalNotificationKind.Approved, "someone-else"));
        await Task.Delay(300);
        Assert.Equal("Pending", Cell(Row(cut, id), "request-status"));

        notifications.Publish(new ApprovalNotification(TestCompanies.Owner.Key, id, ApprovalNotificationKind.Approved, IssuerSubject));

        cut.WaitForAssertion(() => Assert.Equal("Approved", Cell(Row(cut, id), "request-status")), Wait);
        Assert.Equal("1 of 1", Cell(Row(cut, id), "request-approvals"));
    }

    [Fact]
    public async Task In_spanish_the_status_and_counts_are_translated()
    {
        using var culture = new CultureScope("es-MX");
        var id = await SeedAsync(ApprovalStatus.Withdrawn, 15_000m, given: 0, required: 2);

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal("Retirada", Cell(Row(cut, id), "request-status")), Wait);
        Assert.Equal("0 de 2", Cell(Row(cut, id), "request-approvals"));
    }

    private IRenderedComponent<MyRequestsPage> RenderPage()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        return Render<MyRequestsPage>();
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<MyRequestsPage> cut) => cut.FindAll("[data-testid=request-row]");

    private static IElement Row(IRenderedComponent<MyRequestsPage> cut, Guid id) => cut.Find($"[data-testid=request-row][data-request-id='{id}']");

    private static string? Cell(IElement row, string testId) => row.QuerySelector($"[data-testid={testId}]")?.TextContent.Trim();

    private static IElement ButtonIn(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private async Task<ApprovalStatus> StatusOfAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.ApprovalRequests.AsNoTracking().Where(r => r.Id == id).Select(r => r.Status).SingleAsync();
    }

    private async Task<Guid> SeedAsync(
        ApprovalStatus status, decimal amount, int minutesAgo = 10, int given = 0, int required = 1, string ruleKey = ApprovalRuleKeys.OneApprover,
        decimal ruleAmount = 10_000m, string requestedBy = IssuerSubject, Guid? issuedCard = null, DateTimeOffset? revealedAt = null, string? failure = null,
        (ApprovalVerdict Verdict, string Name, string Comment)[]? decisions = null)
    {
        var now = DateTimeOffset.UtcNow;
        var row = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.IssueCard,
            Summary = $"New card for Amazon México (Compras Generales) {amount}",
            Amount = amount,
            Currency = "MXN",
            Status = status,
            RequestedBy = requestedBy,
            RequestedByName = requestedBy == IssuerSubject ? "Isabel Issuer" : "Someone Else",
            RequestedAt = now.AddMinutes(-minutesAgo),
            Justification = "Needed for the quarter",
            RequiredApprovals = required,
            ApprovalsGiven = given,
            RuleKey = ruleKey,
            PolicyJson = JsonSerializer.Serialize(
                new ApprovalAssessment(required, ruleKey, ruleAmount, "MXN", 10_000m, 100_000m, null, null, 0m), JsonSerializerOptions.Web),
            IssuedCardPurchaseId = issuedCard,
            RevealedAt = revealedAt,
            FailureMessage = failure,
            ExpiresAt = now.AddDays(7),
        };
        await using var db = Database.CreateDbContext();
        db.ApprovalRequests.Add(row);
        foreach (var (verdict, name, comment) in decisions ?? [])
        {
            db.ApprovalDecisions.Add(new ApprovalDecision
            {
                ApprovalRequestId = row.Id,
                ApproverSubject = "dev-approver",
                ApproverName = name,
                Verdict = verdict,
                Comment = comment,
                DecidedAt = now.AddMinutes(-minutesAgo + 1),
            });
        }

        await db.SaveChangesAsync();
        return row.Id;
    }
}
