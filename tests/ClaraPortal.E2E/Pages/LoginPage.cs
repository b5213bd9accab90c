namespace ClaraPortal.E2E.Pages;

/// <summary>The identity provider's sign-in form.</summary>
public sealed class LoginPage(IPage page)
{
    public const string DemoPassword = "Demo!2026";

    public ILocator Username => page.GetByLabel("Username");

    public ILocator Password => page.GetByLabel("Password");

    public ILocator SignInButton => page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });

    public async Task SignInAsync(string username, string password = DemoPassword)
    {
        await Username.FillAsync(username);
        await Password.FillAsync(password);
        await SignInButton.ClickAsync();
    }
}
