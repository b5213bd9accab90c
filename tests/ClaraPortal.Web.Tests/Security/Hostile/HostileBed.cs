using System.Security.Claims;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Cards;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// One real sandbox (mutual TLS, OAuth) and one SQLite file for a whole hostile class, with every form's service
/// registered as the portal registers it, and something to attack: a card of the issuer's own, one of another issuer,
/// one of another company, a pending approval request, the policy, a grant. Cases share it; each checks that what
/// was stored before it is still there afterwards.
/// </summary>
public sealed class HostileBed : IAsyncLifetime
{
    public static readonly ClaimsPrincipal Issuer = IssuanceHarness.Issuer;
    public static readonly ClaimsPrincipal OtherIssuer = IssuanceHarness.OtherIssuer;
    public static readonly ClaimsPrincipal Approver = TestUsers.InRole(PortalRoles.Approver);
    public static readonly ClaimsPrincipal Auditor = TestUsers.InRole(PortalRoles.Auditor);
    public static readonly ClaimsPrincipal Admin = IssuanceHarness.Admin;

    private readonly IssuanceSandbox _sandbox = new();
    private IssuanceHarness? _harness;

    public IssuanceHarness Harness => _harness ?? throw new InvalidOperationException("Not started.");

    public IssuanceSandbox Sandbox => _sandbox;

    public TempPortalDatabase Database => Harness.Database;

    /// <summary>A card Isabel Issuer issued through the portal (live at the sandbox).</summary>
    public Guid OwnCard { get; private set; }

    /// <summary>A card Ivan Issuer issued: Isabel may not touch it.</summary>
    public Guid OtherUsersCard { get; private set; }

    /// <summary>A card of the subsidiary: invisible from the owner company, whoever asks.</summary>
    public Guid OtherCompanysCard { get; private set; }

    /// <summary>A pending request Isabel filed (above the default band: one approver).</summary>
    public Guid PendingRequest { get; private set; }

    public IStringLocalizer<SharedResource> Localizer { get; } =
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

    public async Task InitializeAsync()
    {
        await _sandbox.InitializeAsync();
        _harness = await IssuanceHarness.CreateAsync(_sandbox.Client, s =>
        {
            s.AddApprovals(expireInBackground: false);
            s.AddReports(pollInBackground: false);
            s.AddHistory();
            s.AddCards();
        });
        await SignedInAsync("dev-issuer", "Isabel Issuer", PortalRoles.Issuer);
        await SignedInAsync("dev-issuer-2", "Ivan Issuer", PortalRoles.Issuer);
        await SignedInAsync("dev-approver", "Alma Approver", PortalRoles.Approver);
        await SignedInAsync("dev-admin", "Adrian Admin", PortalRoles.Admin);

        OwnCard = await IssueAsync(Issuer, 1200m);
        OtherUsersCard = await IssueAsync(OtherIssuer, 1300m);
        var foreign = CardSeed.Card("dev-issuer", 999m);
        await using (var subsidiary = Database.CreateDbContext(TestCompanies.Servicios.Key))
        {
            subsidiary.CardPurchases.Add(foreign);
            await subsidiary.SaveChangesAsync();
        }

        OtherCompanysCard = foreign.Id;
        PendingRequest = await FileRequestAsync();
        var saved = await Harness.Service<ClaraPortal.Web.Features.Policy.PolicyAdministration>(Admin).SaveAuthorityAsync("dev-issuer-2", "MXN", 50_000m, 200_000m);
        Assert.True(saved.Saved);
    }

    public async Task DisposeAsync()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }

        await _sandbox.DisposeAsync();
    }

    public T Service<T>(ClaimsPrincipal user)
        where T : notnull => Harness.Service<T>(user);

    /// <summary>A fresh pending request of Isabel's (approve and reject cases each need their own).</summary>
    public async Task<Guid> FileRequestAsync(decimal amount = 25_000m)
    {
        var filing = await Service<ApprovalService>(Issuer).RequestIssueAsync(
            IssuanceHarness.EasyRequest(amount, reference: $"HOS-{TestReferences.Unique()}"[..20]), "Supplier invoice due this week");
        return Assert.IsType<ApprovalFiling.Filed>(filing).RequestId;
    }

    public Task<StoredState> SnapshotAsync() => StoredState.ReadAsync(Database);

    /// <summary>The audit chain of every company still verifies.</summary>
    public async Task AssertChainIntactAsync(string what)
    {
        await using var db = Database.CreateDbContext();
        var check = await TestAuditChain.VerifyAsync(db);
        Assert.True(check.IsIntact, $"{what}: the audit chain broke at event {check.FirstBrokenEventId}.");
    }

    /// <summary>
    /// Runs <paramref name="act"/> and returns what the user would read: the refusal's message, "accepted", or, for an
    /// exception, the sentence <see cref="UserMessages"/> makes of it, which must be a specific one, never "something
    /// went wrong" (an exception nobody expected: a 500 on a page, a broken circuit).
    /// </summary>
    public async Task<HostileOutcome> OutcomeAsync(string what, Func<Task<object?>> act)
    {
        object? result;
        try
        {
            result = await act();
        }
        catch (Exception exception)
        {
            var text = UserMessages.For(exception, Localizer);
            Assert.False(
                text == Localizer[UserMessages.GenericKey].Value,
                $"{what}: an unexpected {exception.GetType().Name} would reach the user as \"{text}\": {exception}");
            return new HostileOutcome(Refused: true, text);
        }

        return HostileOutcome.Of(what, result);
    }

    private async Task<Guid> IssueAsync(ClaimsPrincipal user, decimal amount)
    {
        var result = await Service<VcnService>(user).IssueAsync(IssuanceHarness.EasyRequest(amount, reference: $"HOS-{TestReferences.Unique()}"[..20]));
        return Assert.IsType<IssueCardResult.Issued>(result).CardPurchaseId;
    }

    private async Task SignedInAsync(string subject, string displayName, params string[] roles)
    {
        await using var db = Database.CreateDbContext();
        db.Users.Add(new PortalUser
        {
            Subject = subject, Username = subject, DisplayName = displayName, Roles = string.Join(',', roles),
            FirstSeenAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }
}

/// <summary>What became of one hostile input: refused (with the message the user reads) or accepted.</summary>
public sealed record HostileOutcome(bool Refused, string Message)
{
    /// <summary>What the service returned (null for an exception).</summary>
    public object? Result { get; init; }

    public static HostileOutcome Accepted { get; } = new(false, "accepted");

    /// <summary>Reads a service's result: a refusal must carry a message.</summary>
    public static HostileOutcome Of(string what, object? result)
    {
        var outcome = result switch
        {
            IssueCardResult.Rejected rejected => Refusal(rejected.Message + string.Concat(rejected.Errors.Select(e => e.Message))),
            CardUpdateResult.Rejected rejected => Refusal(rejected.Message + string.Concat(rejected.Errors.Select(e => e.Message))),
            ApprovalFiling.Rejected rejected => Refusal(rejected.Message),
            ApprovalActionResult.Refused refused => Refusal(refused.Message),
            ClaraPortal.Web.Features.Policy.PolicySaveResult { Saved: false } policy => Refusal(string.Concat(policy.Errors.Select(e => e.Message))),
            ReportStart.Invalid invalid => Refusal(string.Join(", ", invalid.Errors.Select(e => e.MessageKey))),
            IReadOnlyList<CardCancelResult> cancels when cancels.Any(c => c.Status is CardCancelStatus.NotFound or CardCancelStatus.Failed) =>
                Refusal(string.Concat(cancels.Where(c => c.Status is CardCancelStatus.NotFound or CardCancelStatus.Failed).Select(c => c.Message))),
            _ => Accepted,
        };
        Assert.False(outcome.Refused && string.IsNullOrWhiteSpace(outcome.Message), $"{what}: refused without a message ({result}).");
        return outcome with { Result = result };
    }

    private static HostileOutcome Refusal(string? message) => new(true, message ?? "");
}
