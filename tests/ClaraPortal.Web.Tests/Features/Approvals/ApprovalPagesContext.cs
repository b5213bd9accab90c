using System.Security.Claims;
using System.Text.Json;
using Bunit;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// bUnit over the real approval services and a real SQLite file, Clara scripted (the requests seeded here need two
/// approvals, so a test's single approval never reaches Clara). Requests are seeded directly, stamped with the owner company.
/// </summary>
public abstract class ApprovalPagesContext : PortalBunitContext
{
    public static readonly ClaimsPrincipal Approver = TestUsers.InRole(PortalRoles.Approver);
    public static readonly ClaimsPrincipal OtherApprover = TestUsers.WithRoles("dev-approver-2", "Arturo Approver", PortalRoles.Approver);
    public static readonly ClaimsPrincipal Issuer = TestUsers.InRole(PortalRoles.Issuer);

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
    private readonly DeferredContexts _contexts;

    protected ApprovalPagesContext()
        : this(new DeferredContexts(), new ScriptedClara())
    {
    }

    private ApprovalPagesContext(DeferredContexts contexts, ScriptedClara clara)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(contexts);
            services.AddSingleton<IClaraClient>(clara);
            services.AddSingleton(TimeProvider.System);
            services.TryAddScoped<CurrentCompany>();
            services.AddCatalog(warmUp: false);
            services.AddTestAuditChainKey();
            services.AddIssuance();
            services.AddApprovals(expireInBackground: false);
        })
    {
        _contexts = contexts;
        Clara = clara;
        SignIn(Approver);
    }

    /// <summary>Clara as scripted for these pages: counts what would have reached it.</summary>
    protected ScriptedClara Clara { get; }

    protected TempPortalDatabase Database { get; private set; } = null!;

    /// <summary>The snackbars shown (after <see cref="RenderProviders"/>).</summary>
    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = null!;

    protected IApprovalNotifications Notifications => Services.GetRequiredService<IApprovalNotifications>();

    public override async Task InitializeAsync()
    {
        Database = await TempPortalDatabase.CreateAsync();
        _contexts.Database = Database;
    }

    protected override async Task DisposeTestAsync() => await Database.DisposeAsync();

    /// <summary>The providers the pages' selects, dialogs and snackbars need.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        var dialogs = Render<MudDialogProvider>();
        Snackbars = Render<MudSnackbarProvider>();
        return dialogs;
    }

    /// <summary>A request to issue a card, by <paramref name="requester"/> (the issuer by default), in the owner company unless <paramref name="company"/>.</summary>
    protected async Task<ApprovalRequest> SeedRequestAsync(
        decimal amount = 150_000m, int requiredApprovals = 2, ClaimsPrincipal? requester = null, ApprovalStatus status = ApprovalStatus.Pending,
        TimeSpan? age = null, string? company = null, int approvalsGiven = 0)
    {
        var user = CurrentUserInfo.From(requester ?? Issuer)!;
        var now = DateTimeOffset.UtcNow;
        var rule = requiredApprovals == 2 ? ApprovalRuleKeys.TwoApprovers : ApprovalRuleKeys.OneApprover;
        var policy = new ApprovalAssessment(requiredApprovals, rule, requiredApprovals == 2 ? 100_000m : 10_000m, "MXN", 10_000m, 100_000m, null, null, 0m);
        var row = new ApprovalRequest
        {
            Id = Guid.NewGuid(),
            Kind = ApprovalKinds.IssueCard,
            RequestKey = Guid.NewGuid().ToString("N"),
            Summary = "New card for Hotel Sol (Travel)",
            PayloadJson = JsonSerializer.Serialize(IssuanceHarness.EasyRequest(amount), PayloadJson),
            Amount = amount,
            Currency = "MXN",
            Status = status,
            RequestedBy = user.Subject,
            RequestedByName = user.DisplayName,
            RequestedAt = now - (age ?? TimeSpan.FromHours(3)),
            Justification = "Team offsite in Monterrey",
            RequiredApprovals = requiredApprovals,
            ApprovalsGiven = approvalsGiven,
            RuleKey = rule,
            PolicyJson = JsonSerializer.Serialize(policy, PayloadJson),
            TemplateId = IssuanceHarness.EasyTemplate,
            SupplierId = 47401000000001,
            ValidTo = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10),
            ExpiresAt = now.AddHours(69),
        };
        await using var db = company is null ? Database.CreateDbContext() : Database.CreateDbContext(company);
        db.ApprovalRequests.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    protected async Task<ApprovalRequest> ReloadAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.ApprovalRequests.AsNoTracking().SingleAsync(r => r.Id == id);
    }
}
