using ClaraPortal.E2E.Infrastructure;
using ClaraPortal.E2E.Pages;

namespace ClaraPortal.E2E.Accessibility;

/// <summary>
/// A card cancelled with the keyboard alone: the button is reached with Tab, the dialog takes focus when it opens and
/// gives it back to the button when it closes, and the cancel is confirmed from the keyboard.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class KeyboardTests(PortalFixture fixture)
{
    private const string ActiveTestId = "() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? ''";

    [Fact]
    public async Task Issuer_cancels_a_card_with_the_keyboard_and_focus_moves_into_the_dialog_and_back()
    {
        await fixture.WithPageAsync(nameof(Issuer_cancels_a_card_with_the_keyboard_and_focus_moves_into_the_dialog_and_back), async page =>
        {
            await new ShellPage(page).OpenAsSignedInAsync(Routes.Dashboard, "issuer2");
            var issue = new IssueCardPage(page);
            await issue.OpenAsync();
            var detail = await issue.IssueAndOpenCardAsync(77.70m, "PO-E2E-KEYBOARD", fixture.RememberRevealed);
            await Assertions.Expect(detail.Status).ToHaveTextAsync("Active");

            // From the page's heading, as a screen-reader user lands after navigation.
            await page.Locator("main h1").FocusAsync();
            await TabToAsync(page, "cancel-card");

            await page.Keyboard.PressAsync("Enter");
            var dialog = page.GetByRole(AriaRole.Dialog);
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);

            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(dialog).ToHaveCountAsync(0);
            await Assertions.Expect(page.GetByTestId("cancel-card")).ToBeFocusedAsync();
            await Assertions.Expect(detail.Status).ToHaveTextAsync("Active");

            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(dialog).ToBeVisibleAsync();
            await Assertions.Expect(dialog.Locator(":focus")).ToHaveCountAsync(1);
            await TabToAsync(page, "cancel-reason");
            const string reason = "Cancelled from the keyboard";
            // Key by key, as a person types; the field echoes each key through the circuit, so wait for the count to
            // catch up before leaving it (a loaded machine can lag a few keys behind).
            await page.Keyboard.TypeAsync(reason, new() { Delay = 30 });
            await Assertions.Expect(dialog.Locator("textarea[data-testid=cancel-reason], [data-testid=cancel-reason] textarea").First).ToHaveValueAsync(reason);
            await Assertions.Expect(dialog).ToContainTextAsync($"{reason.Length} / 200");
            await TabToAsync(page, "confirm-cancel");
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(dialog).ToHaveCountAsync(0, new() { Timeout = 30_000 });
            await Assertions.Expect(detail.Status).ToHaveTextAsync("Cancelled", new() { Timeout = 30_000 });
        });
    }

    /// <summary>Presses Tab until the element marked <paramref name="testId"/> has focus; fails if Tab never reaches it.</summary>
    private static async Task TabToAsync(IPage page, string testId)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<string>(ActiveTestId) == testId)
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Tab never reached [data-testid={testId}].");
    }
}
