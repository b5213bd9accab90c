using System.Collections.Concurrent;
using System.Security.Claims;
using ClaraPortal.Clara;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>
/// One real Clara sandbox per test class (real TLS, real tokens) and the real Clara client. Writes go
/// through the real VcnService; the client is wrapped only to record which purchases each cancel sent.
/// </summary>
public sealed class CardsSandbox : IAsyncLifetime
{
    public const long EasyTemplate = 50631000000101;
    public const long MxnFundingCard = 38105000000101;
    public const long FirstSupplier = 47401000000001;

    private SandboxHarness? _harness;
    private ClaraClient? _client;

    public SandboxServer Server => (_harness ?? throw new InvalidOperationException("The sandbox has not started.")).Server;

    public RecordingClaraClient Clara { get; private set; } = null!;

    /// <summary>The portal's clock for the card services built here; a test sets a FakeTimeProvider to move time.</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public async Task InitializeAsync()
    {
        _harness = await SandboxHarness.StartAsync(o => o.SupplierCount = 200);
        // A refusal (429) must reach the service as such: that is how the tests make a cancel fail.
        _client = _harness.CreateClient(o => o.MaxRetries = 0);
        Clara = new RecordingClaraClient(_client);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    /// <summary>The portal's card services over <paramref name="database"/> and this sandbox (the user comes from the caller).</summary>
    public void AddPortalCards(IServiceCollection services, TempPortalDatabase database) => AddPortalCards(services, () => database);

    /// <summary>
    /// The same, with the database resolved on first use: bUnit takes registrations only before its
    /// provider is built (in the test's constructor), while the database is created asynchronously later.
    /// </summary>
    public void AddPortalCards(IServiceCollection services, Func<TempPortalDatabase> database)
    {
        services.AddLogging();
        services.AddLocalization();
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(_ => database());
        services.AddSingleton<IClaraClient>(Clara);
        services.AddSingleton(Time);
        // The group's companies (a reveal counts a user's reveals across them); the database here is the owner's.
        services.TryAddSingleton(TestCompanies.Sandbox);
        services.AddCatalog(warmUp: false);
        services.AddTestAuditChainKey();
        services.AddIssuance();
        services.AddCards();
    }

    /// <summary>A fresh database with the sandbox's catalog synced into it, as the portal has after start.</summary>
    public async Task<TempPortalDatabase> NewDatabaseAsync()
    {
        var database = await TempPortalDatabase.CreateAsync();
        await new CatalogSync(database, Clara, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Admin)), new CatalogSyncGate(), TimeProvider.System, NullLogger<CatalogSync>.Instance)
            .SyncNowAsync();
        return database;
    }

    /// <summary>A VcnService acting as <paramref name="user"/>, outside any page (what another circuit would do).</summary>
    public VcnService ServiceFor(ClaimsPrincipal user, TempPortalDatabase database)
    {
        var services = new ServiceCollection().AddPortalSecurityFor(user);
        AddPortalCards(services, database);
        return services.BuildServiceProvider().CreateScope().ServiceProvider.GetRequiredService<VcnService>();
    }

    /// <summary>Issues a card through the service on the sandbox's easy path; returns its id, last four and (to look for it where it must not be) its number.</summary>
    public static async Task<(Guid Id, string Last4, string Number)> IssueAsync(VcnService service, decimal amount, string reference)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var result = await service.IssueAsync(new IssueCardRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            TemplateId = EasyTemplate,
            FundingCardId = MxnFundingCard,
            SupplierId = FirstSupplier,
            Amount = amount,
            Currency = "MXN",
            ValidFrom = today,
            ValidTo = today.AddDays(30),
            Reference = reference,
        });
        var issued = result as IssueCardResult.Issued
            ?? throw new Xunit.Sdk.XunitException($"Expected the card to be issued, got {result}");
        return (issued.CardPurchaseId, issued.Card.Last4, issued.Card.CardNumber);
    }
}

/// <summary>The real client, recording the purchase ids of each cancel call.</summary>
public sealed class RecordingClaraClient(IClaraClient inner) : IClaraClient
{
    public ConcurrentQueue<IReadOnlyList<long>> CancelCalls { get; } = new();

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default)
    {
        CancelCalls.Enqueue([.. purchaseIds]);
        return inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);
    }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => inner.GetCatalogAsync(detail, ct);

    public Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) => inner.SubmitAsync(request, idempotencyKey, ct);

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) => inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => inner.StartReportAsync(request, idempotencyKey, ct);

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

    /// <summary>How many times the card number was asked for.</summary>
    public int Reveals => _reveals;

    private int _reveals;

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default)
    {
        if (reveal)
        {
            Interlocked.Increment(ref _reveals);
        }

        return inner.GetPurchaseAsync(purchaseId, reveal, ct);
    }
}
