using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Policy;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Policy;

/// <summary>The policy's administration over a real SQLite file (the owner company): Admin only, validated, audited, and read by the gate.</summary>
public sealed class PolicyAdministrationTests : IAsyncLifetime
{
    private const long Purchases = PolicySeed.Purchases;
    private const long Hotels = PolicySeed.Hotels;
    private const long Retired = PolicySeed.Retired;

    private static readonly IStringLocalizer<SharedResource> Localizer =
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private TempPortalDatabase _database = null!;

    public PolicyAdministrationTests()
    {
        // The messages asserted below are the English ones, whatever the machine's culture. Set here, it flows into the test.
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("en-US");
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en-US");
    }

    public async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        await PolicySeed.SeedAsync(_database, _time.GetUtcNow());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_built_in_default_is_listed_then_becomes_the_companys_own_band_when_changed_and_is_never_deleted()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        var builtIn = Assert.Single(await admin.BandsAsync());
        Assert.Equal((null, true, true, 10_000m, 100_000m), (builtIn.Id, builtIn.IsDefault, builtIn.IsBuiltIn, builtIn.AutoApproveUpTo, builtIn.TwoApproversAbove));

        var saved = await admin.SaveBandAsync(null, " ", 5_000m, 50_000m);
        Assert.True(saved.Saved);
        var own = Assert.Single(await admin.BandsAsync());
        Assert.Equal((saved.Id, true, false, 5_000m, 50_000m, "Adrian Admin", _time.GetUtcNow()),
            (own.Id, own.IsDefault, own.IsBuiltIn, own.AutoApproveUpTo, own.TwoApproversAbove, own.UpdatedByName, own.UpdatedAt));

        Assert.Equal(PolicyDeleteOutcome.DefaultKept, await admin.DeleteBandAsync(saved.Id!.Value));
        Assert.Single(await admin.BandsAsync());

        var events = await PolicyEventsAsync();
        var created = Assert.Single(events);
        Assert.Equal((PolicyAdministration.BandEntityType, saved.Id.Value.ToString(CultureInfo.InvariantCulture), "dev-admin"), (created.EntityType, created.EntityId, created.ActorId));
        Assert.Equal(new ApprovalBandSnapshot(null, null, 10_000m, 100_000m, BuiltIn: true), Read<ApprovalBandSnapshot>(created.BeforeJson));
        Assert.Equal(new ApprovalBandSnapshot(null, null, 5_000m, 50_000m), Read<ApprovalBandSnapshot>(created.AfterJson));
    }

    [Fact]
    public async Task A_band_is_upserted_by_template_and_currency_and_deleted_each_change_audited_with_before_and_after()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        var first = await admin.SaveBandAsync(Hotels, "mxn", 1_000m, 20_000m);
        var again = await admin.SaveBandAsync(Hotels, "MXN", 2_000.50m, 30_000m);
        var other = await admin.SaveBandAsync(Hotels, null, 3_000m, 40_000m);

        Assert.Equal(first.Id, again.Id);
        Assert.NotEqual(first.Id, other.Id);
        var bands = await admin.BandsAsync();
        Assert.Equal([(null, null, true), ("Clara Hotels", null, false), ("Clara Hotels", "MXN", false)],
            bands.Select(b => (b.TemplateName, b.Currency, b.IsBuiltIn)));
        Assert.Equal((2_000.50m, 30_000m), (bands[2].AutoApproveUpTo, bands[2].TwoApproversAbove));

        Assert.Equal(PolicyDeleteOutcome.Deleted, await admin.DeleteBandAsync(first.Id!.Value));
        Assert.Equal(PolicyDeleteOutcome.AlreadyGone, await admin.DeleteBandAsync(first.Id.Value));
        Assert.Equal(2, (await admin.BandsAsync()).Count);

        var events = (await PolicyEventsAsync()).Where(e => e.EntityId == first.Id.Value.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(3, events.Count);
        Assert.Null(events[0].BeforeJson);
        Assert.Equal(new ApprovalBandSnapshot(Hotels, "MXN", 1_000m, 20_000m), Read<ApprovalBandSnapshot>(events[0].AfterJson));
        Assert.Equal(new ApprovalBandSnapshot(Hotels, "MXN", 1_000m, 20_000m), Read<ApprovalBandSnapshot>(events[1].BeforeJson));
        Assert.Equal(new ApprovalBandSnapshot(Hotels, "MXN", 2_000.50m, 30_000m), Read<ApprovalBandSnapshot>(events[1].AfterJson));
        Assert.Equal(new ApprovalBandSnapshot(Hotels, "MXN", 2_000.50m, 30_000m), Read<ApprovalBandSnapshot>(events[2].BeforeJson));
        Assert.Null(events[2].AfterJson);
        await using var db = _database.CreateDbContext();
        Assert.Equal(new ChainCheck(true, 4, null), await TestAuditChain.VerifyAsync(db));
    }

    [Fact]
    public async Task A_band_that_breaks_a_rule_is_refused_field_by_field_and_writes_nothing()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        Assert.Equal(
            [(PolicyFields.Currency, "Use a three-letter currency code such as MXN, or leave it empty for any currency."),
             (PolicyFields.AutoApproveUpTo, "Enter an amount of zero or more."),
             (PolicyFields.TwoApproversAbove, "Use at most two decimals.")],
            Errors(await admin.SaveBandAsync(null, "PESOS", -1m, 10.005m)));
        Assert.Equal([(PolicyFields.TwoApproversAbove, "Must be at least the amount issued at once (20,000.00 USD).")],
            Errors(await admin.SaveBandAsync(null, "usd", 20_000m, 19_999.99m)));
        Assert.Equal([(PolicyFields.Template, "This template is not in the company's catalog.")], Errors(await admin.SaveBandAsync(999, null, 1m, 2m)));
        Assert.Equal([(PolicyFields.Template, "This template is not in the company's catalog.")], Errors(await admin.SaveBandAsync(Retired, null, 1m, 2m)));
        Assert.Equal([(PolicyFields.AutoApproveUpTo, "Enter an amount of at most 1,000,000,000,000.00.")],
            Errors(await admin.SaveBandAsync(null, null, 1_000_000_000_000.01m, 1_000_000_000_000m)));

        // Equal thresholds are allowed: above it, two approvers straight away.
        Assert.True((await admin.SaveBandAsync(Purchases, "MXN", 0m, 0m)).Saved);
        await using var db = _database.CreateDbContext();
        Assert.Single(await db.ApprovalBands.ToListAsync());
        Assert.Single(await PolicyEventsAsync());
    }

    [Fact]
    public async Task An_authority_is_set_changed_and_deleted_with_user_names_each_change_audited()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
        Assert.Empty(await admin.AuthoritiesAsync());

        var set = await admin.SaveAuthorityAsync("dev-issuer", "mxn", 20_000m, null);
        var changed = await admin.SaveAuthorityAsync("dev-issuer", "MXN", 25_000m, 200_000m);
        var dollars = await admin.SaveAuthorityAsync("dev-issuer", "USD", null, 5_000m);

        Assert.Equal(set.Id, changed.Id);
        var authorities = await admin.AuthoritiesAsync();
        Assert.Equal([("Isabel Issuer", "MXN", (decimal?)25_000m, (decimal?)200_000m, "Adrian Admin"), ("Isabel Issuer", "USD", null, 5_000m, "Adrian Admin")],
            authorities.Select(a => (a.UserName, a.Currency, a.SingleCardLimit, a.MonthlyBudget, a.UpdatedByName)));

        Assert.True(await admin.DeleteAuthorityAsync(dollars.Id!.Value));
        Assert.False(await admin.DeleteAuthorityAsync(dollars.Id.Value));
        Assert.Single(await admin.AuthoritiesAsync());

        var events = (await PolicyEventsAsync()).Where(e => e.EntityType == PolicyAdministration.AuthorityEntityType).ToList();
        Assert.Equal(4, events.Count);
        Assert.Null(events[0].BeforeJson);
        Assert.Equal(new IssuerAuthoritySnapshot("dev-issuer", "MXN", 20_000m, null), Read<IssuerAuthoritySnapshot>(events[0].AfterJson));
        Assert.Equal(new IssuerAuthoritySnapshot("dev-issuer", "MXN", 20_000m, null), Read<IssuerAuthoritySnapshot>(events[1].BeforeJson));
        Assert.Equal(new IssuerAuthoritySnapshot("dev-issuer", "MXN", 25_000m, 200_000m), Read<IssuerAuthoritySnapshot>(events[1].AfterJson));
        Assert.Equal(new IssuerAuthoritySnapshot("dev-issuer", "USD", null, 5_000m), Read<IssuerAuthoritySnapshot>(events[3].BeforeJson));
        Assert.Null(events[3].AfterJson);
    }

    [Fact]
    public async Task An_authority_that_breaks_a_rule_is_refused_field_by_field_and_writes_nothing()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));

        Assert.Equal(
            [(PolicyFields.User, "Only someone who has signed in once can be given an authority."),
             (PolicyFields.Currency, "Enter a three-letter currency code such as MXN."),
             (PolicyFields.SingleCardLimit, "Enter an amount of zero or more."),
             (PolicyFields.MonthlyBudget, "Use at most two decimals.")],
            Errors(await admin.SaveAuthorityAsync("nobody", "", -5m, 1.001m)));
        Assert.Equal([(PolicyFields.SingleCardLimit, "Give a single-card limit, a monthly budget or both.")],
            Errors(await admin.SaveAuthorityAsync("dev-issuer", "MXN", null, null)));
        Assert.Equal([(PolicyFields.Currency, "Enter a three-letter currency code such as MXN.")],
            Errors(await admin.SaveAuthorityAsync("dev-issuer", "M1N", 1m, null)));

        Assert.Empty(await admin.AuthoritiesAsync());
        Assert.Empty(await PolicyEventsAsync());
    }

    [Theory]
    [InlineData(PortalRoles.Issuer)]
    [InlineData(PortalRoles.Approver)]
    [InlineData(PortalRoles.Auditor)]
    public async Task Only_an_admin_reads_or_changes_the_policy(string role)
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
        var band = (await admin.SaveBandAsync(Hotels, null, 1m, 2m)).Id!.Value;
        var authority = (await admin.SaveAuthorityAsync("dev-issuer", "MXN", 1m, null)).Id!.Value;
        var someone = Administration(TestUsers.InRole(role));

        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.BandsAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.AuthoritiesAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.TemplatesAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.UsersAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.SaveBandAsync(null, null, 1_000_000m, 2_000_000m));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.DeleteBandAsync(band));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.SaveAuthorityAsync("dev-issuer", "MXN", 1_000_000m, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => someone.DeleteAuthorityAsync(authority));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Administration(TestUsers.Anonymous).BandsAsync());

        await using var db = _database.CreateDbContext();
        Assert.Equal((1m, 2m), await db.ApprovalBands.Select(b => new ValueTuple<decimal, decimal>(b.AutoApproveUpTo, b.TwoApproversAbove)).SingleAsync());
        Assert.Equal(1m, await db.IssuerAuthorities.Select(a => a.SingleCardLimit).SingleAsync());
        Assert.Equal(2, (await PolicyEventsAsync()).Count);
    }

    [Fact]
    public async Task A_changed_band_or_authority_changes_what_a_new_request_needs()
    {
        var admin = Administration(TestUsers.InRole(PortalRoles.Admin));
        var gate = new PolicyApprovalGate(_database, _time);
        var issuer = CurrentUserInfo.From(TestUsers.InRole(PortalRoles.Issuer))!;
        var request = new IssueCardRequest { IdempotencyKey = "policy-1", TemplateId = Hotels, Amount = 50_000m, Currency = "MXN" };

        var before = await gate.AssessIssueAsync(request, issuer);
        Assert.Equal((1, ApprovalRuleKeys.OneApprover, 10_000m), (before.RequiredApprovals, before.RuleKey, before.AutoApproveUpTo));

        await admin.SaveBandAsync(Hotels, "MXN", 60_000m, 200_000m);
        var raised = await gate.AssessIssueAsync(request, issuer);
        Assert.Equal((0, 60_000m, 200_000m), (raised.RequiredApprovals, raised.AutoApproveUpTo, raised.TwoApproversAbove));

        await admin.SaveBandAsync(null, null, 1_000m, 40_000m);
        Assert.Equal(0, (await gate.AssessIssueAsync(request, issuer)).RequiredApprovals);
        // Another template falls back to the company's new default.
        var other = await gate.AssessIssueAsync(request with { TemplateId = Purchases }, issuer);
        Assert.Equal((2, ApprovalRuleKeys.TwoApprovers), (other.RequiredApprovals, other.RuleKey));

        await admin.SaveAuthorityAsync(issuer.Subject, "MXN", 20_000m, null);
        var limited = await gate.AssessIssueAsync(request, issuer);
        Assert.Equal((1, ApprovalRuleKeys.SingleCardLimit, (decimal?)20_000m), (limited.RequiredApprovals, limited.RuleKey, limited.RuleAmount));
    }

    private PolicyAdministration Administration(ClaimsPrincipal user) =>
        new(_database, PortalServices.CurrentUser(user), TestAuditChain.Trail(_time), Localizer, _time);

    private async Task<List<AuditEvent>> PolicyEventsAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.AuditEvents.AsNoTracking().Where(e => e.Action == ApprovalAuditActions.PolicyChanged).OrderBy(e => e.Id).ToListAsync();
    }

    private static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web));

    private static IEnumerable<(string Field, string Message)> Errors(PolicySaveResult result)
    {
        Assert.False(result.Saved);
        return result.Errors.Select(e => (e.Field, e.Message));
    }
}
