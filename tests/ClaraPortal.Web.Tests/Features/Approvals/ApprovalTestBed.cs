using System.Collections.Concurrent;
using System.Security.Claims;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// The issuance harness with approvals added (no background expiry), its requesters recorded as signed in (the
/// approval reads their roles from <see cref="PortalDbContext.Users"/>), and the reads the approval tests share.
/// Real sandbox over mutual TLS, real SQLite file.
/// </summary>
public sealed class ApprovalTestBed : IAsyncDisposable
{
    /// <summary>Isabel Issuer (dev-issuer), who files most requests.</summary>
    public static readonly ClaimsPrincipal Requester = IssuanceHarness.Issuer;

    /// <summary>Ivan Issuer (dev-issuer-2), another issuer of the same company.</summary>
    public static readonly ClaimsPrincipal OtherIssuer = IssuanceHarness.OtherIssuer;

    /// <summary>Alma Approver (dev-approver).</summary>
    public static readonly ClaimsPrincipal Approver = TestUsers.InRole(PortalRoles.Approver);

    /// <summary>Bruno Approver (dev-approver-2), the second approver a two-approver band needs.</summary>
    public static readonly ClaimsPrincipal SecondApprover = TestUsers.WithRoles("dev-approver-2", "Bruno Approver", PortalRoles.Approver);

    /// <summary>Adrian Admin (dev-admin): may issue and approve.</summary>
    public static readonly ClaimsPrincipal Admin = IssuanceHarness.Admin;

    private readonly IssuanceSandbox _sandbox;

    private ApprovalTestBed(IssuanceHarness harness, IssuanceSandbox sandbox)
    {
        Harness = harness;
        _sandbox = sandbox;
    }

    public IssuanceHarness Harness { get; }

    public TempPortalDatabase Database => Harness.Database;

    public static async Task<ApprovalTestBed> CreateAsync(IssuanceSandbox sandbox, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        var harness = await IssuanceHarness.CreateAsync(sandbox.Client, s => s.AddApprovals(expireInBackground: false), time: time);
        var bed = new ApprovalTestBed(harness, sandbox);
        await bed.SignedInAsync("dev-issuer", "Isabel Issuer", PortalRoles.Issuer);
        await bed.SignedInAsync("dev-issuer-2", "Ivan Issuer", PortalRoles.Issuer);
        await bed.SignedInAsync("dev-admin", "Adrian Admin", PortalRoles.Admin);
        return bed;
    }

    public ApprovalService Approvals(ClaimsPrincipal user) => Harness.Service<ApprovalService>(user);

    public ApprovalQueries Queries(ClaimsPrincipal user) => Harness.Service<ApprovalQueries>(user);

    public CardIssuer Issuer(ClaimsPrincipal user) => Harness.Service<CardIssuer>(user);

    /// <summary>An everyday MXN card (Compras Generales on Clara Card Black) with a reference of its own, to find it at the sandbox.</summary>
    public static IssueCardRequest Card(decimal amount, string currency = "MXN") => IssuanceHarness.EasyRequest(amount, reference: NewReference()) with
    {
        Currency = currency,
        FundingCardId = currency == "USD" ? UsdRcn : IssuanceHarness.MxnRcn,
    };

    /// <summary>Clara Corporate USD, the seeded RCN after Clara Card Black (written as a sum: its id passes the repository's card-number scan).</summary>
    public const long UsdRcn = IssuanceHarness.MxnRcn + 1;

    /// <summary>Publicidad Digital: another MXN template, for bands that are not the easy template's.</summary>
    public const long AdvertisingTemplate = 50631000000104;

    public static string NewReference(string prefix = "APR") => $"{prefix}-{TestReferences.Unique()}";

    /// <summary>Files <paramref name="request"/> as <paramref name="requester"/> and asserts a request was filed.</summary>
    public async Task<Guid> FileAsync(IssueCardRequest request, ClaimsPrincipal? requester = null, string justification = "Supplier invoice due this week")
    {
        var filing = await Approvals(requester ?? Requester).RequestIssueAsync(request, justification);
        return Assert.IsType<ApprovalFiling.Filed>(filing).RequestId;
    }

    public async Task<ApprovalRequest> RequestAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.ApprovalRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    public async Task<IReadOnlyList<ApprovalDecision>> DecisionsAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.ApprovalDecisions.AsNoTracking().Where(d => d.ApprovalRequestId == id).ToListAsync();
    }

    public async Task<IReadOnlyList<CardPurchase>> CardsWithKeyAsync(string idempotencyKey)
    {
        await using var db = Database.CreateDbContext();
        return await db.CardPurchases.AsNoTracking().Where(p => p.IdempotencyKey == idempotencyKey).ToListAsync();
    }

    public async Task<IReadOnlyList<string>> AuditActionsAsync(Guid requestId, string? company = null)
    {
        await using var db = company is null ? Database.CreateDbContext() : Database.CreateDbContext(company);
        return await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == ApprovalService.EntityType && a.EntityId == requestId.ToString())
            .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
    }

    /// <summary>What really exists at the sandbox with this reference, whatever the portal was told.</summary>
    public IReadOnlyList<SandboxPurchaseView> AtClara(string? reference) =>
        [.. _sandbox.Server.ListPurchases().Where(p => p.Reference == reference)];

    public async Task AddBandAsync(long? templateId, string? currency, decimal autoApproveUpTo, decimal twoApproversAbove)
    {
        await using var db = Database.CreateDbContext();
        db.ApprovalBands.Add(new ApprovalBand
        {
            TemplateId = templateId,
            Currency = currency,
            AutoApproveUpTo = autoApproveUpTo,
            TwoApproversAbove = twoApproversAbove,
            UpdatedBy = "dev-admin",
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    public async Task SetAuthorityAsync(string subject, string currency, decimal? singleCardLimit, decimal? monthlyBudget)
    {
        await using var db = Database.CreateDbContext();
        db.IssuerAuthorities.Add(new IssuerAuthority
        {
            Subject = subject,
            Currency = currency,
            SingleCardLimit = singleCardLimit,
            MonthlyBudget = monthlyBudget,
            UpdatedBy = "dev-admin",
            UpdatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>Records a sign-in as the portal does: the provider's roles, comma-separated.</summary>
    public async Task SignedInAsync(string subject, string displayName, params string[] roles)
    {
        await using var db = Database.CreateDbContext();
        var user = await db.Users.FirstOrDefaultAsync(u => u.Subject == subject);
        if (user is null)
        {
            user = new PortalUser { Subject = subject, Username = subject, DisplayName = displayName, FirstSeenAt = DateTimeOffset.UtcNow };
            db.Users.Add(user);
        }

        user.Roles = string.Join(',', roles);
        user.LastSeenAt = DateTimeOffset.UtcNow;
        await db.SaveChangesAsync();
    }

    /// <summary>Starts recording every approval notification published from now on.</summary>
    public NotificationRecorder RecordNotifications() => new(Harness.Service<IApprovalNotifications>(Requester));

    public async ValueTask DisposeAsync() => await Harness.DisposeAsync();
}

/// <summary>Every approval notification heard while it is subscribed.</summary>
public sealed class NotificationRecorder : IDisposable
{
    private readonly ConcurrentQueue<ApprovalNotification> _heard = new();
    private readonly IDisposable _subscription;

    public NotificationRecorder(IApprovalNotifications notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        _subscription = notifications.Subscribe(n =>
        {
            _heard.Enqueue(n);
            return Task.CompletedTask;
        });
    }

    public IReadOnlyList<ApprovalNotification> Heard => [.. _heard];

    public IReadOnlyList<ApprovalNotificationKind> KindsOf(Guid requestId) => [.. _heard.Where(n => n.RequestId == requestId).Select(n => n.Kind)];

    public void Dispose() => _subscription.Dispose();
}
