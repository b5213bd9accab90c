using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Foundation;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture fixture)
{
    public static TheoryData<string, string[]> NavigationByRole => new()
    {
        { "issuer", ["Dashboard", "Issue card", "Cards", "My requests", "Reports", "Suppliers", "Templates", "Funding cards"] },
        { "approver", ["Dashboard", "Approvals", "History", "Suppliers", "Templates", "Funding cards"] },
        { "auditor", ["Dashboard", "History", "Reports", "Suppliers", "Templates", "Funding cards"] },
        { "admin", ShellPage.AllNavigation },
    };

    [Theory]
    [MemberData(nameof(NavigationByRole))]
    public async Task Each_demo_role_signs_in_through_the_provider_and_sees_its_navigation(string username, string[] expected)
    {
        await fixture.WithPageAsync($"{nameof(Each_demo_role_signs_in_through_the_provider_and_sees_its_navigation)}-{username}", async page =>
        {
            await page.GotoAsync("/");

            // An anonymous visit lands on the identity provider's form, not on a portal page.
            await Assertions.Expect(page.GetByLabel("Username")).ToBeVisibleAsync();

            var shell = new ShellPage(page);
            await new LoginPage(page).SignInAsync(username);
            await shell.WaitForInteractiveAsync();

            Assert.Equal(expected, await shell.VisibleNavigationAsync());
        });
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        await fixture.WithPageAsync(nameof(A_wrong_password_is_refused_with_a_clear_message), async page =>
        {
            await page.GotoAsync("/");
            await new LoginPage(page).SignInAsync("issuer", "not-the-password");

            await Assertions.Expect(page.GetByText("Invalid username or password.")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Username")).ToHaveValueAsync("issuer");
        });
    }

    [Fact]
    public async Task An_auditor_is_refused_the_issue_card_page()
    {
        await fixture.WithPageAsync(nameof(An_auditor_is_refused_the_issue_card_page), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync(Routes.IssueCard, "auditor");

            await Assertions.Expect(page.GetByText("Access denied")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByLabel("Amount")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await fixture.WithPageAsync(nameof(Signing_out_ends_the_session), async page =>
        {
            var shell = new ShellPage(page);
            await shell.OpenAsSignedInAsync("/", "approver");

            await shell.SignOutAsync();

            // Signed out of the portal and of the provider: the way back in is the sign-in form.
            await Assertions.Expect(page.GetByLabel("Username")).ToBeVisibleAsync(new() { Timeout = 15_000 });

            // Back on the portal, nothing is open without signing in again.
            await page.GotoAsync("/");
            await Assertions.Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task The_catalog_from_the_sandbox_is_shown()
    {
        await fixture.WithPageAsync(nameof(The_catalog_from_the_sandbox_is_shown), async page =>
        {
            var shell = new ShellPage(page);
            await shell.OpenAsSignedInAsync("/", "issuer");

            await shell.Navigation.GetByRole(AriaRole.Link, new() { Name = "Funding cards", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Funding cards" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "MXN" }).First).ToBeVisibleAsync();
        });
    }
}
