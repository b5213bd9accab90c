namespace ClaraPortal.E2E.Pages;

/// <summary>The "Issue card" form and its reveal-once dialog.</summary>
public sealed partial class IssueCardPage(IPage page)
{
    public const string EasyTemplate = "Compras Generales";
    public const string MxnFundingCard = "Clara Card Black";

    public ILocator RevealDialog => page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "Your new card" });

    public ILocator CardNumber => RevealDialog.GetByTestId("card-number");

    public ILocator Cvv => RevealDialog.GetByTestId("card-cvv");

    public async Task OpenAsync()
    {
        await new ShellPage(page).Navigation.GetByRole(AriaRole.Link, new() { Name = "Issue card", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == Routes.IssueCard, new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByLabel("Template", new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Fills the easy path (the template without required custom fields), submits, and waits for the new card.</summary>
    public async Task IssueAsync(decimal amount, string reference, string supplierSearch = "Amazon",
        string template = EasyTemplate, string fundingCard = MxnFundingCard)
    {
        await SubmitAsync(amount, reference, supplierSearch, template, fundingCard);
        await Assertions.Expect(RevealDialog).ToBeVisibleAsync(new() { Timeout = 30_000 });
    }

    /// <summary>
    /// Issues a card on the easy path, hands the number and CVV shown once to <paramref name="revealed"/> (the suite looks
    /// for them where they must never be), closes the dialog and waits for the new card's page.
    /// </summary>
    public async Task<CardDetailPage> IssueAndOpenCardAsync(decimal amount, string reference, Action<string, string> revealed, string supplierSearch = "Amazon")
    {
        ArgumentNullException.ThrowIfNull(revealed);
        await IssueAsync(amount, reference, supplierSearch);
        revealed(await ShownCardNumberAsync(), await ShownCvvAsync());
        await DoneAsync();
        await Assertions.Expect(page).ToHaveURLAsync(CardDetailUrl(), new() { Timeout = 20_000 });
        return new CardDetailPage(page);
    }

    /// <summary>Fills the easy path and submits (confirming if asked), without waiting for any particular outcome.</summary>
    public async Task SubmitAsync(decimal amount, string reference, string supplierSearch = "Amazon",
        string template = EasyTemplate, string fundingCard = MxnFundingCard)
    {
        await FillAsync(amount, reference, supplierSearch, template, fundingCard);
        await page.GetByRole(AriaRole.Button, new() { Name = "Issue card", Exact = true }).ClickAsync();

        // A confirmation step, if the form asks for one, is confirmed with the same words.
        var confirm = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Issue card", Exact = true });
        var outcome = RevealDialog.Or(confirm).Or(page.GetByTestId("outcome-unknown")).Or(page.GetByTestId("issue-error"));
        await Assertions.Expect(outcome.First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        if (await confirm.IsVisibleAsync())
        {
            await confirm.ClickAsync();
        }
    }

    /// <summary>Fills the easy path's fields without submitting.</summary>
    public async Task FillAsync(decimal amount, string reference, string supplierSearch = "Amazon",
        string template = EasyTemplate, string fundingCard = MxnFundingCard)
    {
        await ChooseAsync("Template", template);
        await ChooseAsync("Funding card", fundingCard);

        await ChooseSupplierAsync(supplierSearch);

        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("Reference", new() { Exact = true }).FillAsync(reference);
    }

    /// <summary>The card number as shown (digits only), read before the dialog closes for good.</summary>
    public async Task<string> ShownCardNumberAsync() => Digits(await CardNumber.InnerTextAsync());

    public async Task<string> ShownCvvAsync() => Digits(await Cvv.InnerTextAsync());

    public Task CopyCardNumberAsync() =>
        RevealDialog.GetByRole(AriaRole.Button, new() { Name = "Copy card number" }).ClickAsync();

    public Task DoneAsync() => RevealDialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();

    private ILocator OpenPopover => page.Locator(".mud-popover-open");

    /// <summary>
    /// Searches and picks a supplier, then waits for the picked supplier's details line: a choice the form did not take
    /// (a click on a list that was being replaced by newer results) is made again rather than found out at submit.
    /// </summary>
    private async Task ChooseSupplierAsync(string search)
    {
        var supplier = page.GetByLabel("Supplier", new() { Exact = true });
        for (var attempt = 1; ; attempt++)
        {
            await supplier.ClickAsync();
            await supplier.FillAsync("");
            await supplier.PressSequentiallyAsync(search, new() { Delay = 30 });
            await OpenPopover.GetByText(search).First.ClickAsync();
            try
            {
                await Assertions.Expect(page.GetByTestId("supplier-details")).ToBeVisibleAsync(new() { Timeout = 5_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
                // Not taken: search and pick again.
            }
        }
    }

    private async Task ChooseAsync(string label, string optionText)
    {
        await page.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await OpenPopover.GetByText(optionText).First.ClickAsync();
        await Assertions.Expect(OpenPopover).ToHaveCountAsync(0);
    }

    private static string Digits(string text) => new(text.Where(char.IsAsciiDigit).ToArray());

    [System.Text.RegularExpressions.GeneratedRegex(@"/cards/[0-9a-fA-F-]{36}$")]
    private static partial System.Text.RegularExpressions.Regex CardDetailUrl();
}
