using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>
/// bUnit over the real report services: a real SQLite file reached through the portal's own company-scoped context
/// factory (the signed-in user's company, as in a circuit), the real queries and start, the sandbox over mTLS as Clara.
/// The background poller does not run: a test moves a report on itself, as the poller would, with <see cref="AdvanceAsync"/>.
/// </summary>
/// <remarks>Each test class joins <see cref="ReportsSandboxCollection"/> to share the sandbox.</remarks>
public abstract class ReportPagesContext : PortalBunitContext
{
    public static readonly ClaimsPrincipal Auditor = TestUsers.InRole(PortalRoles.Auditor);
    public static readonly ClaimsPrincipal Issuer = TestUsers.InRole(PortalRoles.Issuer);
    public static readonly ClaimsPrincipal Admin = TestUsers.InRole(PortalRoles.Admin);

    /// <summary>How long a test waits for the page: reads go through a real database on a machine that may be busy.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly DeferredDatabase _database;

    protected ReportPagesContext(ReportsSandbox sandbox)
        : this(sandbox, new DeferredDatabase())
    {
    }

    private ReportPagesContext(ReportsSandbox sandbox, DeferredDatabase database)
        : base(services =>
        {
            services.AddLogging();
            services.AddScoped<CurrentCompany>();
            services.AddScoped<IDbContextFactory<PortalDbContext>>(provider =>
                new CompanyDbContextFactory(database.Value.Options, provider.GetRequiredService<CurrentCompany>()));
            services.AddSingleton<IClaraClient>(sandbox.Clara);
            services.AddSingleton(TimeProvider.System);
            services.AddTestAuditChainKey();
            services.TryAddSingleton<AuditTrail>();
            services.AddReports(pollInBackground: false);
        })
    {
        _database = database;
        Sandbox = sandbox;
        SignIn(Auditor);
    }

    protected ReportsSandbox Sandbox { get; }

    protected TempPortalDatabase Database => _database.Value;

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    protected IReportNotifications Notifications => Services.GetRequiredService<IReportNotifications>();

    /// <summary>The snackbars shown (after <see cref="RenderProviders"/>).</summary>
    protected IRenderedComponent<MudSnackbarProvider> Snackbars { get; private set; } = null!;

    public override async Task InitializeAsync() => _database.Value = await TempPortalDatabase.CreateAsync();

    protected override async Task DisposeTestAsync() => await Database.DisposeAsync();

    /// <summary>The popovers the form's pickers and selects need, and the snackbars.</summary>
    protected void RenderProviders()
    {
        Render<MudPopoverProvider>();
        Snackbars = Render<MudSnackbarProvider>();
    }

    /// <summary>What the poller does when a report is due: one step on (or through to the end, once Clara has it ready).</summary>
    protected Task AdvanceAsync(Guid reportId) => Services.GetRequiredService<ReconciliationReports>().AdvanceAsync(reportId);

    /// <summary>A report as the service stores it, in <paramref name="company"/> (the owner's unless given).</summary>
    protected async Task<ReconciliationReport> AddReportAsync(
        ReportState state, ReportKind kind = ReportKind.Clearing, DateOnly? from = null, DateOnly? to = null, DateTimeOffset? createdAt = null,
        string requestedBy = "dev-auditor", string requestedByName = "Aurora Auditor", string? company = null, Action<ReconciliationReport>? change = null)
    {
        var created = createdAt ?? DateTimeOffset.UtcNow;
        var report = new ReconciliationReport
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Kind = kind,
            From = from ?? new DateOnly(2026, 11, 1),
            To = to ?? new DateOnly(2026, 11, 30),
            State = state,
            RequestedBy = requestedBy,
            RequestedByName = requestedByName,
            CreatedAt = created,
            UpdatedAt = created,
            CompletedAt = state is ReportState.Ready or ReportState.Failed ? created.AddSeconds(5) : null,
        };
        change?.Invoke(report);
        await using var db = Database.CreateDbContext(company ?? CompanyKeys.Owner);
        db.Reports.Add(report);
        await db.SaveChangesAsync();
        return report;
    }

    /// <summary>Lines (and a transaction each) of a report, as the poller stores them once it has matched the rows.</summary>
    protected async Task AddLinesAsync(Guid reportId, params ReportLine[] lines)
    {
        await using var db = Database.CreateDbContext();
        var row = 0;
        foreach (var line in lines)
        {
            line.ReportId = reportId;
            db.ReportLines.Add(line);
            db.ReportTransactions.Add(new ReportTransaction
            {
                ReportId = reportId,
                RowNumber = ++row,
                PurchaseId = line.PurchaseId,
                TransactionId = line.PurchaseId * 10 + row,
                PostedAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero),
                Type = TransactionType.Charge,
                Amount = line.Spent,
                Currency = line.Currency,
                MerchantName = "AWS EMEA",
                Mcc = "7372",
            });
        }

        await db.SaveChangesAsync();
    }

    /// <summary>A line of a purchase the portal knows (its card, last four, supplier, limit) or, without a card, one it does not.</summary>
    protected static ReportLine Line(long purchaseId, decimal spent, decimal? limit = null, Guid? card = null, string currency = "MXN",
        string? last4 = null, string? supplier = null, decimal refunded = 0m, int declines = 0, decimal declined = 0m)
    {
        var matched = card is not null;
        var difference = limit - (spent - refunded);
        return new ReportLine
        {
            PurchaseId = purchaseId,
            Currency = currency,
            CardPurchaseId = card,
            Last4 = last4,
            SupplierName = supplier,
            Reference = matched ? $"PO-{purchaseId % 1000}" : null,
            Limit = limit,
            Spent = spent,
            Refunded = refunded,
            Declines = declines,
            DeclinedAmount = declined,
            Difference = difference,
            Matched = matched,
            OverLimit = difference < 0,
            Transactions = 1,
        };
    }

    protected async Task<ReconciliationReport?> FindReportAsync(Guid id)
    {
        await using var db = Database.CreateDbContext();
        return await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id);
    }

    /// <summary>The database, known once the test has started (bUnit takes registrations in the constructor, before it).</summary>
    private sealed class DeferredDatabase
    {
        private TempPortalDatabase? _value;

        public TempPortalDatabase Value
        {
            get => _value ?? throw new InvalidOperationException("No database yet.");
            set => _value = value;
        }
    }
}
