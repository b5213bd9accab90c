using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Foundation;

/// <summary>
/// The portal's Content-Security-Policy (no eval, no inline script, same-origin WebSocket) does not break it: the login
/// form, the interactive shell and a page with MudBlazor components work, and Chromium reports no violation.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ContentSecurityPolicyTests(PortalFixture fixture)
{
    [Fact]
    public async Task Signing_in_and_working_in_the_portal_raises_no_csp_violation()
    {
        await fixture.WithPageAsync(nameof(Signing_in_and_working_in_the_portal_raises_no_csp_violation), async page =>
        {
            var violations = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                {
                    violations.Add(message.Text);
                }
            };
            // Every violation, also those the console would not show (a blocked style attribute, a blocked connection).
            await page.Context.AddInitScriptAsync(
                "document.addEventListener('securitypolicyviolation', e => console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));");

            var shell = new ShellPage(page);
            await shell.OpenAsSignedInAsync(Routes.Cards, "admin");
            await shell.WaitForInteractiveAsync();
            await page.GotoAsync(Routes.IssueCard);
            await shell.WaitForInteractiveAsync();
            await Assertions.Expect(page.GetByLabel("Amount")).ToBeVisibleAsync();

            Assert.Empty(violations);
        });
    }
}
