using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using MudBlazor;
using MudBlazor.Extensions;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>The queue at /approvals over the real queries: what an approver sees, filters and pages through.</summary>
public sealed class ApprovalsQueueTests : ApprovalPagesContext
{
    [Fact]
    public async Task Lists_the_company_s_pending_requests_with_amount_requester_age_and_approvals_so_far()
    {
        var twoNeeded = await SeedRequestAsync(amount: 150_000m, requiredApprovals: 2, approvalsGiven: 1, age: TimeSpan.FromHours(3.5));
        var oneNeeded = await SeedRequestAsync(amount: 49_000m, requiredApprovals: 1, age: TimeSpan.FromMinutes(20));
        await SeedRequestAsync(status: ApprovalStatus.Rejected);
        await SeedRequestAsync(company: TestCompaniesKeys.Other);
        RenderProviders();

        var cut = Render<ApprovalsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=approval-row]").Count));
        var rows = cut.FindAll("[data-testid=approval-row]");
        // Oldest first by default.
        Assert.Equal([twoNeeded.Id.ToString(), oneNeeded.Id.ToString()], rows.Select(r => r.GetAttribute("data-request-id")));
        Assert.Equal("150,000.00 MXN", rows[0].QuerySelector("[data-testid=approval-amount]")!.TextContent.Trim());
        Assert.Equal("1 of 2", rows[0].QuerySelector("[data-testid=approval-progress]")!.TextContent.Trim());
        Assert.Equal("3 h ago", rows[0].QuerySelector("[data-testid=approval-age]")!.TextContent.Trim());
        Assert.Equal("Isabel Issuer", rows[0].QuerySelector("[data-testid=approval-requester]")!.TextContent.Trim());
        Assert.Contains("Two approvers", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Equal("0 of 1", rows[1].QuerySelector("[data-testid=approval-progress]")!.TextContent.Trim());
        Assert.Equal("20 min ago", rows[1].QuerySelector("[data-testid=approval-age]")!.TextContent.Trim());
        Assert.Equal($"/approvals/{oneNeeded.Id}", rows[1].QuerySelector("a[data-testid=approval-link]")!.GetAttribute("href"));
        Assert.Equal("2 requests", cut.Find("[data-testid=approvals-count]").TextContent.Trim());
    }

    [Fact]
    public async Task Pages_on_the_server()
    {
        for (var i = 0; i < 5; i++)
        {
            await SeedRequestAsync(amount: 20_000m + i, requiredApprovals: 1, age: TimeSpan.FromHours(10 - i));
        }

        RenderProviders();
        var cut = Render<ApprovalsPage>(p => p.Add(x => x.PageSize, 2));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=approval-row]").Count));
        Assert.Equal("5 requests", cut.Find("[data-testid=approvals-count]").TextContent.Trim());
        var pager = cut.FindComponent<MudPagination>();
        Assert.Equal(3, pager.Instance.GetState(x => x.Count));

        await cut.InvokeAsync(() => pager.Instance.SelectedChanged.InvokeAsync(3));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=approval-row]")));
        Assert.Equal("20,004.00 MXN", cut.Find("[data-testid=approval-amount]").TextContent.Trim());
    }

    [Fact]
    public async Task Filters_by_status_and_sorts_by_amount()
    {
        await SeedRequestAsync(amount: 30_000m, requiredApprovals: 1);
        await SeedRequestAsync(amount: 90_000m, requiredApprovals: 1);
        var rejected = await SeedRequestAsync(status: ApprovalStatus.Rejected);
        RenderProviders();
        var cut = Render<ApprovalsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=approval-row]").Count));

        var sort = cut.FindComponent<MudSelect<ApprovalQueueSort>>();
        await cut.InvokeAsync(() => sort.Instance.ValueChanged.InvokeAsync(ApprovalQueueSort.AmountHighest));
        cut.WaitForAssertion(() => Assert.Equal("90,000.00 MXN", cut.FindAll("[data-testid=approval-amount]")[0].TextContent.Trim()));

        var status = cut.FindComponent<MudSelect<ApprovalStatus>>();
        await cut.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(ApprovalStatus.Rejected));
        cut.WaitForAssertion(() => Assert.Equal(rejected.Id.ToString(), Assert.Single(cut.FindAll("[data-testid=approval-row]")).GetAttribute("data-request-id")));
    }

    [Fact]
    public void Says_so_when_nothing_waits()
    {
        RenderProviders();

        var cut = Render<ApprovalsPage>();

        cut.WaitForAssertion(() => Assert.Equal("Nothing waits for your approval.", cut.Find("[data-testid=approvals-empty]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=approval-row]"));
    }
}

/// <summary>The other sandbox company's key (a request there is invisible to the owner company).</summary>
internal static class TestCompaniesKeys
{
    public static string Other => Support.TestCompanies.Servicios.Key;
}
