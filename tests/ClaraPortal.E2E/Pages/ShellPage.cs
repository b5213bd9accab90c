namespace ClaraPortal.E2E.Pages;

/// <summary>The portal's frame: app bar, navigation drawer, user menu.</summary>
public sealed class ShellPage(IPage page)
{
    public static readonly string[] AllNavigation =
    [
        "Dashboard", "Issue card", "Cards", "My requests", "Approvals", "History", "Reports",
        "Suppliers", "Templates", "Funding cards", "Policy", "Companies",
    ];

    public ILocator Navigation => page.GetByRole(AriaRole.Navigation);

    /// <summary>Opens a path and signs in on the provider's form when asked, then waits for the live circuit.</summary>
    public async Task OpenAsSignedInAsync(string path, string username)
    {
        await page.GotoAsync(path);
        await new LoginPage(page).SignInAsync(username);
        await WaitForInteractiveAsync();
    }

    /// <summary>The prerendered page shows before the circuit connects; clicks before then do nothing.</summary>
    public Task WaitForInteractiveAsync() =>
        page.Locator("[data-testid=interactive-ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public async Task<IReadOnlyList<string>> VisibleNavigationAsync()
    {
        var visible = new List<string>();
        foreach (var item in AllNavigation)
        {
            // By the item's own words: a live badge ("Approvals 2 waiting") adds to a link's accessible name.
            var link = Navigation.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^{System.Text.RegularExpressions.Regex.Escape(item)}(\\s|$)") });
            if (await link.CountAsync() > 0 && await link.First.IsVisibleAsync())
            {
                visible.Add(item);
            }
        }

        return visible;
    }

    public async Task SignOutAsync()
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "User menu" }).ClickAsync();
        await page.GetByText("Sign out", new() { Exact = true }).ClickAsync();
    }
}
