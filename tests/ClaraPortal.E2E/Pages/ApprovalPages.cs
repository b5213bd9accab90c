namespace ClaraPortal.E2E.Pages;

/// <summary>The issue form in its "Request approval" mode.</summary>
public sealed class RequestApprovalForm(IPage page)
{
    public ILocator RequestButton => page.GetByRole(AriaRole.Button, new() { Name = "Request approval", Exact = true });

    public ILocator Rule => page.GetByTestId("approval-rule");

    public ILocator Filed => page.GetByTestId("approval-filed");

    /// <summary>Fills the easy path with an amount over the policy, then the justification, and files the request.</summary>
    public async Task RequestAsync(decimal amount, string reference, string justification)
    {
        var issue = new IssueCardPage(page);
        await issue.OpenAsync();
        await issue.FillAsync(amount, reference);
        await Assertions.Expect(RequestButton).ToBeVisibleAsync();
        await page.GetByLabel("Justification", new() { Exact = true }).FillAsync(justification);
        await RequestButton.First.ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Request approval", Exact = true });
        await Assertions.Expect(Filed.Or(confirm).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        if (await confirm.IsVisibleAsync())
        {
            await confirm.ClickAsync();
        }

        await Assertions.Expect(Filed).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }
}

/// <summary>The approvals queue and a request's detail with its Approve / Reject dialogs.</summary>
public sealed class ApprovalsPage(IPage page)
{
    public ILocator ApproveButton => page.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true });

    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/approvals", new() { WaitUntil = WaitUntilState.Commit });
    }

    /// <summary>Opens the pending request showing <paramref name="amountText"/> (e.g. "49,000.00").</summary>
    public async Task OpenRequestAsync(string amountText)
    {
        var row = page.GetByTestId("approval-row").Filter(new() { HasText = amountText }).First;
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/approvals/", StringComparison.Ordinal));
        await new ShellPage(page).WaitForInteractiveAsync();
    }

    public async Task ApproveAsync(string comment)
    {
        await ApproveButton.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Comment").FillAsync(comment);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Approve", Exact = true }).ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 30_000 });
    }
}

/// <summary>"My requests": the requester's requests, with the one-time reveal of a card issued on approval.</summary>
public sealed class MyRequestsPage(IPage page)
{
    public ILocator Rows => page.GetByTestId("request-row");

    public ILocator RowWith(string text) => Rows.Filter(new() { HasText = text }).First;

    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "My requests" }).First.ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/my-requests", new() { WaitUntil = WaitUntilState.Commit });
    }
}
