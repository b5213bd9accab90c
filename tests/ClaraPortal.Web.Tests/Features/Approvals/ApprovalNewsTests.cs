using Bunit;
using ClaraPortal.Web.Components.Layout;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>The live side: the menu's badges and the requester's snackbar, driven by published approval news.</summary>
public sealed class ApprovalNewsTests : ApprovalPagesContext
{
    [Fact]
    public async Task The_approvals_badge_shows_the_actionable_count_and_follows_the_news()
    {
        await SeedRequestAsync();
        await SeedRequestAsync();
        await SeedRequestAsync(requester: Approver); // their own: not theirs to decide
        RenderProviders();
        var menu = Render<NavMenu>();
        Render<ApprovalNewsListener>();

        menu.WaitForAssertion(() => Assert.Equal("2", menu.Find("[data-testid=nav-badge-approvals]").TextContent.Trim()));

        var filed = await SeedRequestAsync();
        Notifications.Publish(new ApprovalNotification(CompanyKeys.Owner, filed.Id, ApprovalNotificationKind.Filed, filed.RequestedBy));

        menu.WaitForAssertion(() => Assert.Equal("3", menu.Find("[data-testid=nav-badge-approvals]").TextContent.Trim()));
    }

    [Fact]
    public void The_approvals_badge_is_hidden_at_zero_and_for_users_who_cannot_approve()
    {
        RenderProviders();
        var menu = Render<NavMenu>();
        Render<ApprovalNewsListener>();

        menu.WaitForAssertion(() => Assert.Contains(menu.FindAll(".mud-nav-link-text"), e => e.TextContent.Trim() == "Approvals"));
        Assert.Empty(menu.FindAll("[data-testid=nav-badge-approvals]"));
    }

    [Fact]
    public async Task The_requester_hears_of_the_decision_and_my_requests_counts_it_until_visited()
    {
        SignIn(Issuer);
        var request = await SeedRequestAsync(amount: 49_000m, requiredApprovals: 1, status: ApprovalStatus.Rejected);
        var someoneElses = await SeedRequestAsync(requester: OtherApprover, status: ApprovalStatus.Rejected);
        RenderProviders();
        var menu = Render<NavMenu>();
        Render<ApprovalNewsListener>();
        menu.WaitForAssertion(() => Assert.Contains(menu.FindAll(".mud-nav-link-text"), e => e.TextContent.Trim() == "My requests"));
        Assert.Empty(menu.FindAll("[data-testid=nav-badge-approvals]"));

        // Another company's news, and a decision on someone else's request: not for this user.
        Notifications.Publish(new ApprovalNotification(TestCompaniesKeys.Other, request.Id, ApprovalNotificationKind.Rejected, request.RequestedBy));
        Notifications.Publish(new ApprovalNotification(CompanyKeys.Owner, someoneElses.Id, ApprovalNotificationKind.Rejected, someoneElses.RequestedBy));
        Notifications.Publish(new ApprovalNotification(CompanyKeys.Owner, request.Id, ApprovalNotificationKind.Rejected, request.RequestedBy));

        Snackbars.WaitForAssertion(() => Assert.Contains("Your request for 49,000.00 MXN was rejected.", Snackbars.Markup, StringComparison.Ordinal));
        Assert.Contains("My requests", Snackbars.Markup, StringComparison.Ordinal);
        menu.WaitForAssertion(() => Assert.Equal("1", menu.Find("[data-testid=nav-badge-my-requests]").TextContent.Trim()));
        Assert.Single(Snackbars.FindAll(".mud-snackbar"));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/my-requests");

        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("[data-testid=nav-badge-my-requests]")));
    }

    [Fact]
    public async Task A_decision_through_the_real_service_takes_the_request_off_the_badge()
    {
        var request = await SeedRequestAsync(amount: 49_000m, requiredApprovals: 1);
        RenderProviders();
        var menu = Render<NavMenu>();
        Render<ApprovalNewsListener>();
        menu.WaitForAssertion(() => Assert.Equal("1", menu.Find("[data-testid=nav-badge-approvals]").TextContent.Trim()));

        var result = await Services.GetRequiredService<ApprovalService>().RejectAsync(request.Id, "Not this quarter");

        Assert.IsType<ApprovalActionResult.Done>(result);
        menu.WaitForAssertion(() => Assert.Empty(menu.FindAll("[data-testid=nav-badge-approvals]")));
        // The approver is not the requester: no news for them.
        Assert.Empty(Snackbars.FindAll(".mud-snackbar"));
    }
}
