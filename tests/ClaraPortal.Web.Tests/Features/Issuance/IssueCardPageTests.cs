using Bunit;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Extensions;
using CardTemplate = ClaraPortal.Web.Data.Entities.CardTemplate;
using FundingCard = ClaraPortal.Web.Data.Entities.FundingCard;
using Supplier = ClaraPortal.Web.Data.Entities.Supplier;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>The issue form in bUnit, over a real (temp) catalog cache and the real service, with Clara scripted.</summary>
public sealed class IssueCardPageTests : PortalBunitContext
{
    private const long Easy = 1;
    private const long Hotels = 2;
    private readonly ScriptedClara _clara;
    private readonly DeferredContexts _contexts;
    private TempPortalDatabase _database = null!;
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    public IssueCardPageTests()
        : this(new ScriptedClara(), new DeferredContexts())
    {
    }

    private IssueCardPageTests(ScriptedClara clara, DeferredContexts contexts)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(contexts);
            services.AddSingleton<IClaraClient>(clara);
            services.AddSingleton(TimeProvider.System);
            services.AddCatalog(warmUp: false);
            services.AddTestAuditChainKey();
            services.AddIssuance();
            services.TryAddScoped<CurrentCompany>();
            services.AddApprovals(expireInBackground: false);
        })
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        _clara = clara;
        _contexts = contexts;
    }

    public override async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        _contexts.Database = _database;
        await SeedAsync();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    private static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    [Fact]
    public async Task The_form_has_the_agreed_labels_and_the_currency_list_is_the_template_s()
    {
        using var culture = new CultureScope("en-US");
        var cut = await RenderFormAsync();

        foreach (var label in new[] { "Template", "Funding card", "Supplier", "Amount", "Currency", "Valid from", "Valid to", "Reference" })
        {
            Assert.Contains(cut.FindAll("label"), l => l.TextContent.Trim().TrimEnd('*').Trim() == label);
        }

        Assert.Contains(cut.FindAll("button"), b => b.TextContent.Trim() == "Issue card");

        await ChooseTemplateAsync(cut, Hotels);

        var currency = CurrencySelect(cut);
        Assert.Equal("USD", currency.Instance.GetState(x => x.Value));
        cut.Find("[data-testid=field-currency] .mud-select-input, [data-testid=field-currency]").MouseDown();
        cut.WaitForAssertion(() => Assert.Equal(["USD"], cut.FindComponents<MudSelectItem<string>>().Where(IsCurrencyItem).Select(i => i.Instance.GetState(x => x.Value))));

        await ChooseTemplateAsync(cut, Easy);
        Assert.Equal("MXN", CurrencySelect(cut).Instance.GetState(x => x.Value));
        cut.WaitForAssertion(() => Assert.Equal(["MXN", "USD"], cut.FindComponents<MudSelectItem<string>>().Where(IsCurrencyItem).Select(i => i.Instance.GetState(x => x.Value))));
    }

    [Fact]
    public async Task Defaults_follow_the_template_window()
    {
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Hotels);

        var pickers = cut.FindComponents<MudDatePicker>().Take(2).ToList();
        Assert.Equal(Today.ToDateTime(TimeOnly.MinValue), pickers[0].Instance.Date);
        Assert.Equal(Today.AddDays(20).ToDateTime(TimeOnly.MinValue), pickers[1].Instance.Date); // the template allows 20 days
        Assert.Equal(Today.AddDays(20).ToDateTime(TimeOnly.MinValue), pickers[1].Instance.GetState(x => x.MaxDate));
        Assert.Equal(Today.ToDateTime(TimeOnly.MinValue), pickers[1].Instance.GetState(x => x.MinDate));
    }

    [Fact]
    public async Task Rule_messages_appear_next_to_the_field_the_user_changes()
    {
        using var culture = new CultureScope("en-US");
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Easy);

        var amount = cut.FindComponent<MudNumericField<decimal?>>();
        await cut.InvokeAsync(() => amount.Instance.ValueChanged.InvokeAsync(300_000m));

        cut.WaitForAssertion(() => Assert.Contains("The template allows at most", cut.FindComponent<MudNumericField<decimal?>>().Instance.GetState(x => x.ErrorText), StringComparison.Ordinal));
        Assert.True(cut.FindComponent<MudNumericField<decimal?>>().Instance.GetState(x => x.Error));
        Assert.Contains("The template allows at most", cut.Markup, StringComparison.Ordinal);
        // Fields the user has not touched yet stay quiet until a submit.
        Assert.False(cut.FindComponents<MudAutocomplete<Supplier>>().Single().Instance.GetState(x => x.Error));

        await cut.InvokeAsync(() => amount.Instance.ValueChanged.InvokeAsync(100.25m));
        cut.WaitForAssertion(() => Assert.False(cut.FindComponent<MudNumericField<decimal?>>().Instance.GetState(x => x.Error)));

        await ClickIssueAsync(cut);
        cut.WaitForAssertion(() => Assert.True(cut.FindComponents<MudAutocomplete<Supplier>>().Single().Instance.GetState(x => x.Error)));
        Assert.Equal(0, _clara.Submits);
    }

    [Fact]
    public async Task Custom_fields_are_generated_from_the_template_definition()
    {
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Hotels);

        var inputs = cut.FindComponents<IssueCustomFieldInput>();
        Assert.Equal(["Purchase Type", "Nights", "Check-in", "Room", "Notes"], inputs.Select(i => i.Instance.Definition.Name));

        var text = cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Purchase Type");
        Assert.Equal((20, 20, true), (text.Instance.Counter, text.Instance.MaxLength, text.Instance.Required));
        var notes = cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Notes");
        Assert.False(notes.Instance.Required);
        var numeric = cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Nights");
        Assert.Equal(InputMode.@decimal, numeric.Instance.InputMode);
        Assert.Contains(cut.FindComponents<MudDatePicker>(), d => d.Instance.Label == "Check-in");
        var list = cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Room");
        Assert.True(list.Instance.Required);
        Assert.Contains(cut.FindAll("label"), l => l.TextContent.Contains("Purchase Type", StringComparison.Ordinal));

        // A wrong value gets its message as the user types.
        using var culture = new CultureScope("en-US");
        await cut.InvokeAsync(() => numeric.Instance.ValueChanged.InvokeAsync("two"));
        cut.WaitForAssertion(() => Assert.Contains("Enter a number", cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Nights").Instance.GetState(x => x.ErrorText), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejection_from_clara_is_shown_on_the_fields_it_names()
    {
        using var culture = new CultureScope("en-US");
        _clara.Submit = (_, _) => throw new ClaraApiException(422, "B013", "Threshold exceeds company limit",
        [
            new ClaraFieldError("amount", "must be <= 1000.00"),
            new ClaraFieldError("customFields[Purchase Type]", "is required"),
        ]);
        var cut = await FillValidFormAsync();

        await ClickIssueAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal("must be <= 1000.00", cut.FindComponent<MudNumericField<decimal?>>().Instance.GetState(x => x.ErrorText)));
        Assert.Equal("is required", cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label == "Purchase Type").Instance.GetState(x => x.ErrorText));
        Assert.Contains("Clara did not issue the card.", cut.Find("[data-testid=issue-error]").TextContent, StringComparison.Ordinal);
        Assert.Equal(1, _clara.Submits);
    }

    [Fact]
    public async Task An_unknown_outcome_is_shown_as_such_and_check_again_replays_the_same_key()
    {
        using var culture = new CultureScope("en-US");
        var keys = new List<string>();
        _clara.Submit = (_, key) =>
        {
            keys.Add(key);
            return keys.Count == 1
                ? throw new ClaraOutcomeUnknownException(key, "POST /v1/vcn/submit", null, new TimeoutException())
                : Task.FromResult(ScriptedClara.Card(key));
        };
        var cut = await FillValidFormAsync();

        await ClickIssueAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains("We could not confirm the card with Clara", cut.Find("[data-testid=outcome-unknown]").TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid=issue-submit]").HasAttribute("disabled"));

        await cut.InvokeAsync(() => cut.Find("[data-testid=check-again]").Click());

        _dialogs.WaitForAssertion(() => Assert.Contains("Your new card", _dialogs.Markup, StringComparison.Ordinal));
        Assert.EndsWith("7899", _dialogs.Find("[data-testid=card-number]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
    }

    [Fact]
    public async Task Over_the_default_band_the_button_asks_for_approval_with_the_rule_and_a_justification_and_back()
    {
        using var culture = new CultureScope("en-US");
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Easy);

        await EnterAmountAsync(cut, 10_000m);
        cut.WaitForAssertion(() => Assert.Equal("Issue card", SubmitButton(cut).TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=approval-rule]"));
        Assert.DoesNotContain(cut.FindAll("label"), l => l.TextContent.Contains("Justification", StringComparison.Ordinal));

        await EnterAmountAsync(cut, 10_000.01m);
        cut.WaitForAssertion(() => Assert.Equal("Request approval", SubmitButton(cut).TextContent.Trim()), Wait);
        Assert.Equal("BUTTON", SubmitButton(cut).TagName);
        Assert.Equal("Above 10,000.00 MXN: one approver must approve.", cut.Find("[data-testid=approval-rule]").TextContent.Trim());
        Assert.Contains(cut.FindAll("label"), l => l.TextContent.Trim().TrimEnd('*').Trim() == "Justification");
        Assert.True(JustificationField(cut).Instance.Required);

        await EnterAmountAsync(cut, 150_000m);
        cut.WaitForAssertion(() => Assert.Equal("Above 100,000.00 MXN: two different approvers must approve.", cut.Find("[data-testid=approval-rule]").TextContent.Trim()), Wait);

        await EnterAmountAsync(cut, 500m);
        cut.WaitForAssertion(() => Assert.Equal("Issue card", SubmitButton(cut).TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=approval-rule]"));
        Assert.DoesNotContain(cut.FindComponents<MudTextField<string>>(), t => t.Instance.Label == "Justification");
    }

    [Fact]
    public async Task In_spanish_the_field_is_justificacion()
    {
        using var culture = new CultureScope("es-MX");
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Easy);
        await EnterAmountAsync(cut, 20_000m);

        cut.WaitForAssertion(() => Assert.Equal("Solicitar aprobación", SubmitButton(cut).TextContent.Trim()), Wait);
        Assert.Contains(cut.FindAll("label"), l => l.TextContent.Trim().TrimEnd('*').Trim() == "Justificación");
    }

    [Fact]
    public async Task Filing_without_a_justification_shows_the_required_error_and_files_nothing()
    {
        using var culture = new CultureScope("en-US");
        var cut = await FillOverBandFormAsync();

        await ClickIssueAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal("Say why this card is needed: approvers read it.", JustificationField(cut).Instance.GetState(x => x.ErrorText)), Wait);
        Assert.True(JustificationField(cut).Instance.GetState(x => x.Error));
        Assert.Empty(cut.FindAll("[data-testid=approval-filed]"));
        await using var db = _database.CreateDbContext();
        Assert.Equal(0, await db.ApprovalRequests.CountAsync());
        Assert.Equal(0, _clara.Submits);
    }

    [Fact]
    public async Task Filing_with_a_justification_creates_a_pending_request_and_sends_nothing_to_clara()
    {
        using var culture = new CultureScope("en-US");
        var cut = await FillOverBandFormAsync();
        await cut.InvokeAsync(() => JustificationField(cut).Instance.ValueChanged.InvokeAsync("Annual licence renewal for the design team"));

        await ClickIssueAsync(cut);

        cut.WaitForAssertion(() => Assert.Contains("Request sent for approval. You'll be told here when it is decided.", cut.Find("[data-testid=approval-filed]").TextContent, StringComparison.Ordinal), Wait);
        var go = cut.Find("[data-testid=go-to-my-requests]");
        Assert.Equal("/my-requests", go.GetAttribute("href"));
        Assert.Equal("Go to My requests", go.TextContent.Trim());
        await using (var db = _database.CreateDbContext())
        {
            var request = await db.ApprovalRequests.AsNoTracking().SingleAsync();
            Assert.Equal(ApprovalStatus.Pending, request.Status);
            Assert.Equal(15_000m, request.Amount);
            Assert.Equal("MXN", request.Currency);
            Assert.Equal("dev-issuer", request.RequestedBy);
            Assert.Equal("Annual licence renewal for the design team", request.Justification);
            Assert.Equal(1, request.RequiredApprovals);
            Assert.Equal(ApprovalRuleKeys.OneApprover, request.RuleKey);
            Assert.Equal(0, await db.CardPurchases.CountAsync());
        }

        // A second click on the same form files nothing new (the button is off, and the key would say AlreadyFiled).
        Assert.True(SubmitButton(cut).HasAttribute("disabled"));
        Assert.Equal(0, _clara.Submits);
    }

    [Fact]
    public async Task A_policy_that_changed_to_need_approval_turns_the_form_into_a_request()
    {
        using var culture = new CultureScope("en-US");
        var cut = await FillOverBandFormAsync(amount: 5_000m);
        cut.WaitForAssertion(() => Assert.Equal("Issue card", SubmitButton(cut).TextContent.Trim()), Wait);
        // Let the form's own (debounced) look at the policy finish first: the change must land after it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await using (var db = _database.CreateDbContext())
        {
            // An admin lowers the band while the form is open.
            db.ApprovalBands.Add(new ApprovalBand { AutoApproveUpTo = 1_000m, TwoApproversAbove = 100_000m, UpdatedBy = "dev-admin", UpdatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await ClickIssueAsync(cut);

        cut.WaitForAssertion(() => Assert.Equal("Request approval", SubmitButton(cut).TextContent.Trim()), Wait);
        Assert.Contains("needs approval", cut.Find("[data-testid=approval-now-required]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Above 1,000.00 MXN: one approver must approve.", cut.Find("[data-testid=approval-rule]").TextContent.Trim());
        Assert.Equal(0, _clara.Submits);
    }

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static AngleSharp.Dom.IElement SubmitButton(IRenderedComponent<IssueCardPage> cut) => cut.Find("[data-testid=issue-submit]");

    private static IRenderedComponent<MudTextField<string>> JustificationField(IRenderedComponent<IssueCardPage> cut) =>
        cut.FindComponents<MudTextField<string>>().Single(t => t.Instance.Label is "Justification" or "Justificación");

    private static async Task EnterAmountAsync(IRenderedComponent<IssueCardPage> cut, decimal amount)
    {
        var field = cut.FindComponent<MudNumericField<decimal?>>();
        await cut.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(amount));
    }

    /// <summary>A valid form on the MXN template above the default band (10,000 MXN): it needs one approver.</summary>
    private async Task<IRenderedComponent<IssueCardPage>> FillOverBandFormAsync(decimal amount = 15_000m)
    {
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Easy);
        var selects = cut.FindComponents<MudSelect<long?>>();
        await cut.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(38105000000101));
        await using (var db = _database.CreateDbContext())
        {
            var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.ClaraId == 47401000000001);
            await cut.InvokeAsync(() => cut.FindComponent<MudAutocomplete<Supplier>>().Instance.ValueChanged.InvokeAsync(supplier));
        }

        await EnterAmountAsync(cut, amount);
        if (amount > 10_000m)
        {
            cut.WaitForAssertion(() => Assert.Equal("Request approval", SubmitButton(cut).TextContent.Trim()), Wait);
        }

        return cut;
    }

    private async Task<IRenderedComponent<IssueCardPage>> RenderFormAsync()
    {
        Render<MudPopoverProvider>();
        _dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
        var cut = Render<IssueCardPage>();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindComponents<MudSelect<long?>>()));
        await Task.CompletedTask;
        return cut;
    }

    private async Task<IRenderedComponent<IssueCardPage>> FillValidFormAsync()
    {
        var cut = await RenderFormAsync();
        await ChooseTemplateAsync(cut, Hotels);
        var selects = cut.FindComponents<MudSelect<long?>>();
        await cut.InvokeAsync(() => selects[1].Instance.ValueChanged.InvokeAsync(38105000000101));
        await using (var db = _database.CreateDbContext())
        {
            var supplier = await db.Suppliers.AsNoTracking().SingleAsync(s => s.ClaraId == 47401000000001);
            await cut.InvokeAsync(() => cut.FindComponent<MudAutocomplete<Supplier>>().Instance.ValueChanged.InvokeAsync(supplier));
        }

        await cut.InvokeAsync(() => cut.FindComponent<MudNumericField<decimal?>>().Instance.ValueChanged.InvokeAsync(900m));
        foreach (var (name, value) in new[] { ("Purchase Type", "Hotel"), ("Nights", "3"), ("Check-in", Today.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ("Room", "Double") })
        {
            var input = cut.FindComponents<IssueCustomFieldInput>().Single(i => i.Instance.Definition.Name == name);
            await cut.InvokeAsync(() => input.Instance.ValueChanged.InvokeAsync(value));
        }

        return cut;
    }

    private static async Task ChooseTemplateAsync(IRenderedComponent<IssueCardPage> cut, long id)
    {
        var select = cut.FindComponents<MudSelect<long?>>()[0];
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(id));
    }

    private static Task ClickIssueAsync(IRenderedComponent<IssueCardPage> cut) =>
        cut.InvokeAsync(() => cut.Find("[data-testid=issue-submit]").Click());

    private static IRenderedComponent<MudSelect<string>> CurrencySelect(IRenderedComponent<IssueCardPage> cut) =>
        cut.FindComponents<MudSelect<string>>().Single(s => s.Instance.Label == "Currency" || s.Instance.Label == "Moneda");

    private static bool IsCurrencyItem(IRenderedComponent<MudSelectItem<string>> item) => item.Instance.GetState(x => x.Value) is "MXN" or "USD" or "EUR";

    private async Task SeedAsync()
    {
        await using var db = _database.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        var easy = new CardTemplate { ClaraId = Easy, Name = "Compras Generales", Currency = "MXN", MaxAmount = 250_000m, ValidityDays = 365, LastSyncedAt = now };
        easy.WriteDefinition(new CardTemplateDefinition([], [], [], ["MXN", "USD"], 250_000m, 365, "MULTI_USE"));
        var hotels = new CardTemplate { ClaraId = Hotels, Name = "Clara Hotels", Currency = "USD", MaxAmount = 50_000m, ValidityDays = 20, LastSyncedAt = now };
        hotels.WriteDefinition(new CardTemplateDefinition([], [], [
            new TemplateCustomField("Purchase Type", 20, "Text", "Alphanumeric", true, []),
            new TemplateCustomField("Nights", null, "Text", "Numeric", true, []),
            new TemplateCustomField("Check-in", null, "Date", "Date", true, []),
            new TemplateCustomField("Room", null, "List", "Alphanumeric", true, ["Single", "Double"]),
            new TemplateCustomField("Notes", 30, "Text", "Alphanumeric", false, []),
        ], ["USD"], 50_000m, 20, "SINGLE_USE"));
        db.CardTemplates.AddRange(easy, hotels);
        db.FundingCards.Add(new FundingCard { ClaraId = 38105000000101, Alias = "Clara Card Black", Last4 = "0101", Currency = "MXN", AvailableCredit = 5_000_000m, Status = "ACTIVE", LastSyncedAt = now });
        db.Suppliers.Add(new Supplier { ClaraId = 47401000000001, Name = "Amazon México", TaxId = "ANE140618P37", Mcc = "5942", Country = "MX", SearchText = "amazon mexico ane140618p37 5942", LastSyncedAt = now });
        await db.SaveChangesAsync();
    }
}

/// <summary>Registered before the test's database exists (bUnit wants every service before the first render).</summary>
internal sealed class DeferredContexts : IDbContextFactory<PortalDbContext>
{
    public TempPortalDatabase? Database { get; set; }

    public PortalDbContext CreateDbContext() => (Database ?? throw new InvalidOperationException("No database yet.")).CreateDbContext();
}

/// <summary>Clara with a scripted submit, for UI tests about what the form does with each answer.</summary>
public sealed class ScriptedClara : IClaraClient
{
    public Func<SubmitPurchaseRequest, string, Task<IssuedCard>> Submit { get; set; } = (_, key) => Task.FromResult(Card(key));

    public int Submits { get; private set; }

    public static IssuedCard Card(string key) => new(
        99201000000001, "ACTIVE", 38105000000101, 2, 47401000000001, 900m, "USD", 0m, 900m,
        DateOnly.FromDateTime(DateTime.UtcNow), DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10), null, "7899", DateTimeOffset.UtcNow,
        TestCardNumbers.OtherMastercard, "321", "12/26");

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default)
    {
        Submits++;
        return Submit(request, idempotencyKey);
    }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => throw new NotSupportedException();
}
