using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>The request at /approvals/{id}: what the approver reads, and the two decisions through their dialogs.</summary>
public sealed class ApprovalDetailTests : ApprovalPagesContext
{
    [Fact]
    public async Task Shows_the_request_its_rule_and_its_frozen_policy()
    {
        var request = await SeedRequestAsync(amount: 150_000m, requiredApprovals: 2);
        RenderProviders();

        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, request.Id));

        page.WaitForAssertion(() => Assert.Equal("0 of 2", page.Find("[data-testid=approval-progress]").TextContent.Trim()));
        Assert.Equal("150,000.00", page.Find("[data-testid=approval-amount]").TextContent.Trim());
        Assert.Equal("Team offsite in Monterrey", page.Find("[data-testid=approval-justification]").TextContent.Trim());
        Assert.Equal("Above 100,000.00 MXN: two different approvers must approve.", page.Find("[data-testid=approval-rule]").TextContent.Trim());
        Assert.Contains("10,000.00 MXN", page.Find("[data-testid=approval-policy]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Approve", page.Find("[data-testid=approve-request]").TextContent.Trim());
        Assert.Equal("Reject", page.Find("[data-testid=reject-request]").TextContent.Trim());
    }

    [Fact]
    public async Task Approve_gives_the_first_of_two_approvals()
    {
        var request = await SeedRequestAsync(amount: 150_000m, requiredApprovals: 2);
        var dialogs = RenderProviders();
        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, request.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=approve-request]")));

        await page.InvokeAsync(() => page.Find("[data-testid=approve-request]").Click());
        dialogs.WaitForAssertion(() => Assert.Equal("Approve", dialogs.Find("[data-testid=confirm-approve]").TextContent.Trim()));
        Assert.Contains("Approve a lower amount", dialogs.Markup, StringComparison.Ordinal);
        Assert.Contains("Shorter end date", dialogs.Markup, StringComparison.Ordinal);
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=approve-comment]").Input("Fine by me"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-approve]").Click());

        page.WaitForAssertion(() => Assert.Equal("1 of 2", page.Find("[data-testid=approval-progress]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Snackbars.WaitForAssertion(() => Assert.Contains("Approved: 1 of 2 approvals given.", Snackbars.Markup, StringComparison.Ordinal));
        Assert.Contains("Fine by me", page.Find("[data-testid=approval-decision-comment]").TextContent, StringComparison.Ordinal);
        // One approver gives one approval: the next must come from someone else.
        Assert.Empty(page.FindAll("[data-testid=approve-request]"));
        Assert.Contains("You already approved this request", page.Find("[data-testid=approval-cannot-decide]").TextContent, StringComparison.Ordinal);
        var stored = await ReloadAsync(request.Id);
        Assert.Equal((ApprovalStatus.Pending, 1), (stored.Status, stored.ApprovalsGiven));
    }

    [Fact]
    public async Task Reject_requires_a_comment_then_rejects()
    {
        var request = await SeedRequestAsync();
        var dialogs = RenderProviders();
        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, request.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=reject-request]")));

        await page.InvokeAsync(() => page.Find("[data-testid=reject-request]").Click());
        dialogs.WaitForAssertion(() => Assert.Equal("Reject", dialogs.Find("[data-testid=confirm-reject]").TextContent.Trim()));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-reject]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("Say why: a comment is required to reject.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(ApprovalStatus.Pending, (await ReloadAsync(request.Id)).Status);

        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=reject-comment]").Input("Use the framework agreement instead"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-reject]").Click());

        page.WaitForAssertion(() => Assert.Equal("Rejected", page.Find("[data-testid=approval-status]").TextContent.Trim()), TimeSpan.FromSeconds(10));
        Snackbars.WaitForAssertion(() => Assert.Contains("Rejected.", Snackbars.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=approve-request]"));
        var stored = await ReloadAsync(request.Id);
        Assert.Equal((ApprovalStatus.Rejected, "Use the framework agreement instead"), (stored.Status, stored.Reason));
    }

    [Fact]
    public async Task A_lower_amount_above_the_requested_one_is_refused_in_the_dialog()
    {
        var request = await SeedRequestAsync(amount: 150_000m);
        var dialogs = RenderProviders();
        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, request.Id));
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=approve-request]")));

        await page.InvokeAsync(() => page.Find("[data-testid=approve-request]").Click());
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("[data-testid=approve-amount]")));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=approve-amount]").Input("200000"));
        await dialogs.InvokeAsync(() => dialogs.Find("[data-testid=confirm-approve]").Click());

        dialogs.WaitForAssertion(() => Assert.Contains("Not above the requested amount of 150,000.00 MXN.", dialogs.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(dialogs.FindAll("[data-testid=confirm-approve]"));
        var stored = await ReloadAsync(request.Id);
        Assert.Equal((0, 150_000m), (stored.ApprovalsGiven, stored.Amount));
    }

    [Fact]
    public async Task The_requester_s_own_request_offers_no_decision()
    {
        var request = await SeedRequestAsync(requester: Approver);
        RenderProviders();

        var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, request.Id));

        page.WaitForAssertion(() => Assert.Equal("You made this request: another approver must decide it.", page.Find("[data-testid=approval-cannot-decide]").TextContent.Trim()));
        Assert.Empty(page.FindAll("[data-testid=approve-request]"));
        Assert.Empty(page.FindAll("[data-testid=reject-request]"));
    }

    [Fact]
    public async Task An_unknown_id_or_another_company_s_request_is_not_found()
    {
        var elsewhere = await SeedRequestAsync(company: TestCompaniesKeys.Other);
        RenderProviders();

        foreach (var id in new[] { Guid.NewGuid(), elsewhere.Id })
        {
            var page = Render<ApprovalDetailPage>(p => p.Add(x => x.Id, id));
            page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=approval-not-found]")));
            Assert.Empty(page.FindAll("[data-testid=approve-request]"));
        }
    }
}
