using AngleSharp.Dom;
using Bunit;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Policy;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Policy;

/// <summary>The Policy page over the real PolicyAdministration on a real SQLite file (the owner company), signed in as Admin.</summary>
public sealed class PolicyPageTests : PortalBunitContext
{
    private readonly DatabaseSlot _slot;

    public PolicyPageTests()
        : this(new DatabaseSlot())
    {
    }

    private PolicyPageTests(DatabaseSlot slot)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(_ => slot.Database!);
            services.AddSingleton(TimeProvider.System);
            services.AddTestAuditChainKey();
            services.AddSingleton<AuditTrail>();
            services.AddScoped<PolicyAdministration>();
        })
    {
        _slot = slot;
    }

    private TempPortalDatabase Database => _slot.Database!;

    public override async Task InitializeAsync()
    {
        _slot.Database = await TempPortalDatabase.CreateAsync();
        await PolicySeed.SeedAsync(Database, DateTimeOffset.UtcNow);
        SignIn(TestUsers.InRole(PortalRoles.Admin));
    }

    protected override async Task DisposeTestAsync() => await Database.DisposeAsync();

    [Fact]
    public void Lists_the_built_in_default_band_and_says_changes_reach_new_requests_only()
    {
        var page = Render<PolicyPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=band-row]")));
        var row = page.Find("[data-testid=band-row]");
        Assert.Contains("All templates", row.QuerySelector("[data-testid=band-template-name]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Default", row.TextContent, StringComparison.Ordinal);
        Assert.Equal("Any currency", row.QuerySelector("[data-testid=band-currency-name]")!.TextContent.Trim());
        Assert.Equal("10,000.00", row.QuerySelector("[data-testid=band-auto]")!.TextContent.Trim());
        Assert.Equal("100,000.00", row.QuerySelector("[data-testid=band-two]")!.TextContent.Trim());
        Assert.Null(row.QuerySelector("[data-testid=delete-band]"));
        Assert.Contains("Default: up to 10,000.00 at once, two approvers above 100,000.00", page.Find("[data-testid=band-default]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Built-in defaults", page.Find("[data-testid=band-built-in]").TextContent.Trim());
        Assert.Contains("requests already made keep the policy they were made under", page.Find("[data-testid=policy-applies-new]").TextContent, StringComparison.Ordinal);
        Assert.Equal("No authority set: every issuer is bound by the bands alone.", page.Find("[data-testid=authorities-empty]").TextContent.Trim());
    }

    [Fact]
    public async Task Adds_a_band_for_a_template_and_currency()
    {
        var popovers = Render<MudPopoverProvider>();
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=band-row]")));

        Choose(page, popovers, "band-template", "Clara Hotels");
        InputOf(page, "band-currency").Change("mxn");
        await SetAsync(page, "band-auto-field", 2_500m);
        await SetAsync(page, "band-two-field", 40_000m);
        page.Find("[data-testid=save-band]").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=band-row]").Count));
        var row = page.FindAll("[data-testid=band-row]")[1];
        Assert.Equal("Clara Hotels", row.QuerySelector("[data-testid=band-template-name]")!.TextContent.Trim());
        Assert.Equal("MXN", row.QuerySelector("[data-testid=band-currency-name]")!.TextContent.Trim());
        Assert.Equal("2,500.00 MXN", row.QuerySelector("[data-testid=band-auto]")!.TextContent.Trim());
        Assert.Equal("40,000.00 MXN", row.QuerySelector("[data-testid=band-two]")!.TextContent.Trim());
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Band saved. New requests follow it.");
        await using var db = Database.CreateDbContext();
        var band = await db.ApprovalBands.SingleAsync();
        Assert.Equal((PolicySeed.Hotels, "MXN", 2_500m, 40_000m, "dev-admin"), (band.TemplateId, band.Currency, band.AutoApproveUpTo, band.TwoApproversAbove, band.UpdatedBy));
        Assert.Equal(ApprovalAuditActions.PolicyChanged, await db.AuditEvents.Select(e => e.Action).SingleAsync());
    }

    [Fact]
    public async Task Edits_the_default_band_and_shows_a_refused_amount_under_its_field()
    {
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=band-row]")));

        page.Find("[data-testid=edit-band]").Click();
        Assert.Equal("Edit band", page.Find("[data-testid=band-form-title]").TextContent.Trim());
        await SetAsync(page, "band-two-field", 5_000m);
        page.Find("[data-testid=save-band]").Click();
        page.WaitForAssertion(() => Assert.Contains("Must be at least the amount issued at once (10,000.00).", page.Find("[data-testid=bands]").TextContent, StringComparison.Ordinal));

        await SetAsync(page, "band-two-field", 150_000m);
        page.Find("[data-testid=save-band]").Click();

        page.WaitForAssertion(() => Assert.Contains("Default: up to 10,000.00 at once, two approvers above 150,000.00", page.Find("[data-testid=band-default]").TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=band-built-in]"));
        Assert.Equal("Add band", page.Find("[data-testid=band-form-title]").TextContent.Trim());
        await using var db = Database.CreateDbContext();
        var band = await db.ApprovalBands.SingleAsync();
        Assert.Equal((null, null, 150_000m), (band.TemplateId, band.Currency, band.TwoApproversAbove));
    }

    [Fact]
    public async Task Sets_an_authority_for_a_signed_in_user()
    {
        var popovers = Render<MudPopoverProvider>();
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=authorities-empty]"));
        Assert.Equal("MXN", InputOf(page, "authority-currency").GetAttribute("value"));

        Choose(page, popovers, "authority-user", "Isabel Issuer (dev-issuer)");
        await SetAsync(page, "authority-single-field", 20_000m);
        page.Find("[data-testid=save-authority]").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=authority-row]")));
        var row = page.Find("[data-testid=authority-row]");
        Assert.Equal("Isabel Issuer", row.QuerySelector("[data-testid=authority-user-name]")!.TextContent.Trim());
        Assert.Equal("20,000.00 MXN", row.QuerySelector("[data-testid=authority-single]")!.TextContent.Trim());
        Assert.Equal("No limit", row.QuerySelector("[data-testid=authority-monthly]")!.TextContent.Trim());
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Message == "Authority saved for Isabel Issuer (dev-issuer). New requests follow it.");
        await using var db = Database.CreateDbContext();
        var authority = await db.IssuerAuthorities.SingleAsync();
        Assert.Equal(("dev-issuer", "MXN", (decimal?)20_000m, (decimal?)null), (authority.Subject, authority.Currency, authority.SingleCardLimit, authority.MonthlyBudget));
    }

    [Fact]
    public async Task Deletes_a_band_after_confirmation()
    {
        var admin = Services.GetRequiredService<PolicyAdministration>();
        await admin.SaveBandAsync(PolicySeed.Hotels, null, 1_000m, 2_000m);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<PolicyPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=band-row]").Count));

        page.Find("[data-testid=delete-band]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Delete this band?", dialogs.Markup, StringComparison.Ordinal));
        ButtonIn(dialogs, "Delete").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=band-row]")));
        await using var db = Database.CreateDbContext();
        Assert.Empty(await db.ApprovalBands.ToListAsync());
    }

    private static void Choose(IRenderedComponent<PolicyPage> page, IRenderedComponent<MudPopoverProvider> popovers, string testId, string option)
    {
        page.Find($"[data-testid={testId}]").MouseDown();
        popovers.WaitForAssertion(() => popovers.FindAll(".mud-popover-open [role=option]").Single(o => o.TextContent.Trim() == option).Click());
    }

    private static async Task SetAsync(IRenderedComponent<PolicyPage> page, string testId, decimal value)
    {
        var field = page.FindComponents<MudNumericField<decimal?>>()
            .Single(f => f.Instance.UserAttributes.TryGetValue("data-testid", out var id) && Equals(id, testId));
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    /// <summary>A text field's input (MudBlazor puts the test id on the input or on its wrapper, depending on the component).</summary>
    private static IElement InputOf(IRenderedComponent<PolicyPage> page, string testId)
    {
        var element = page.Find($"[data-testid={testId}]");
        return element.TagName == "INPUT" ? element : element.QuerySelector("input") ?? throw new InvalidOperationException($"{testId} has no input.");
    }

    private static IElement ButtonIn(IRenderedComponent<MudDialogProvider> dialogs, string text) =>
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    /// <summary>Holds the database the registrations made during construction need after it.</summary>
    private sealed class DatabaseSlot
    {
        public TempPortalDatabase? Database { get; set; }
    }
}
