using Bunit;
using Bunit.TestDoubles;
using System.Security.Claims;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Cards;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>bUnit over the real history and catalog queries and a real SQLite file, signed in as the auditor.</summary>
public abstract class HistoryPagesContext : PortalBunitContext
{
    public static readonly ClaimsPrincipal Auditor = TestUsers.InRole(PortalRoles.Auditor);

    public static readonly string[] SupplierNames = ["Aerolínea Azul", "Hotel Núñez", "Café Central"];

    private readonly DeferredContexts _contexts;

    protected HistoryPagesContext()
        : this(new DeferredContexts())
    {
    }

    private HistoryPagesContext(DeferredContexts contexts)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(contexts);
            // Day boundaries of the date filters in UTC, as the seeded times are written.
            services.AddScoped(provider => new HistoryQueries(contexts, provider.GetRequiredService<ICurrentUser>(), TimeZoneInfo.Utc));
            services.AddScoped<CatalogQueries>();
        })
    {
        _contexts = contexts;
        SignIn(Auditor);
    }

    /// <summary>How long a test waits for the grid: loads go through a real database on a machine that may be busy.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected TempPortalDatabase Database { get; private set; } = null!;

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    public override async Task InitializeAsync()
    {
        Database = await TempPortalDatabase.CreateAsync();
        _contexts.Database = Database;
        await CardSeed.AddCatalogAsync(Database);
    }

    protected override async Task DisposeTestAsync() => await Database.DisposeAsync();

    /// <summary>The popovers the filters' selects and date pickers need.</summary>
    protected void RenderProviders() => Render<MudPopoverProvider>();

    /// <summary>A card as history stores it: with the catalog names it was issued with.</summary>
    protected static CardPurchase Card(
        decimal amount, long supplierId = 1, CardPurchaseStatus status = CardPurchaseStatus.Active, DateTimeOffset? createdAt = null,
        string reference = "PO-1", string issuedBy = "dev-issuer", string? last4 = null)
    {
        var card = CardSeed.Card(issuedBy, amount, status, supplierId, createdAt: createdAt, reference: reference, last4: last4);
        card.SupplierName = SupplierNames[(int)supplierId - 1];
        card.TemplateName = "Compras Generales";
        card.FundingCardName = "Clara Card Black";
        return card;
    }

    protected Task AddAsync(params CardPurchase[] cards) => CardSeed.AddAsync(Database, cards);

    /// <summary>Audit events through the real trail (chained as the portal writes them).</summary>
    protected async Task AuditAsync(params (string Actor, string ActorName, string Action, string EntityType, string EntityId, object? Before, object? After)[] events)
    {
        var trail = TestAuditChain.Trail(TimeProvider.System);
        await using var db = Database.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        foreach (var e in events)
        {
            await trail.AppendAsync(db, new AuditActor(e.Actor, e.ActorName), new AuditEntry(e.Action, e.EntityType, e.EntityId, e.Before, e.After), null);
        }

        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>An approved request that issued <paramref name="card"/>, approved by Arturo.</summary>
    protected async Task<Guid> ApprovedRequestForAsync(CardPurchase card)
    {
        var requestId = Guid.NewGuid();
        await using var db = Database.CreateDbContext();
        db.ApprovalRequests.Add(new ApprovalRequest
        {
            Id = requestId, Kind = ApprovalKinds.IssueCard, Summary = "s", Amount = card.Amount, Currency = "MXN", Status = ApprovalStatus.Approved,
            RequestedBy = "dev-issuer", RequestedByName = "Isabel Issuer", RequiredApprovals = 1, ApprovalsGiven = 1, IssuedCardPurchaseId = card.Id,
        });
        db.ApprovalDecisions.Add(new ApprovalDecision { ApprovalRequestId = requestId, ApproverSubject = "dev-approver", ApproverName = "Arturo Approver", Verdict = ApprovalVerdict.Approved });
        await db.SaveChangesAsync();
        return requestId;
    }
}
