using System.Text.RegularExpressions;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Features.Demo;

/// <summary>
/// The real command, as <c>dotnet run -- seed-demo</c> runs it: the portal's host on a temp data folder, the embedded
/// sandbox over mutual TLS, the real services for today's cards. Three runs on one folder: seed, run again (nothing), top up.
/// </summary>
public sealed partial class SeedDemoCommandTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "clara-portal-tests", "seed-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleanup; the result stands.
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task Seeds_months_of_consistent_history_and_today_through_the_services_and_a_second_run_only_tops_up()
    {
        var first = new StringWriter();
        Assert.Equal(0, await RunAsync(first, purchases: 40));

        await using (var db = Open())
        {
            var cards = await db.CardPurchases.IgnoreQueryFilters().AsNoTracking().Where(p => p.IdempotencyKey.StartsWith("demo-")).ToListAsync();
            Assert.Equal(40, cards.Count);
            Assert.Contains(cards, c => c.Company == CompanyKeys.Owner);
            Assert.Contains(cards, c => c.Company != CompanyKeys.Owner);
            Assert.True(cards.Select(c => (c.CreatedAt.Year, c.CreatedAt.Month)).Distinct().Count() >= 6, "history spreads over months");
            Assert.Contains(cards, c => c.CreatedAt.UtcDateTime.Date == DateTime.UtcNow.Date); // today's, through the services
            Assert.All(cards.Where(c => c.Status != CardPurchaseStatus.Failed), c =>
            {
                Assert.NotNull(c.ClaraPurchaseId);
                Assert.Matches("^[0-9]{4}$", c.Last4!);
                Assert.False(string.IsNullOrEmpty(c.SupplierName) || string.IsNullOrEmpty(c.TemplateName) || string.IsNullOrEmpty(c.FundingCardName));
            });
            Assert.Contains(cards, c => c.Status is CardPurchaseStatus.Expired or CardPurchaseStatus.Exhausted or CardPurchaseStatus.Cancelled);

            // Separation of duties in every decision: never the requester, never one approver twice on a request.
            var requests = await db.ApprovalRequests.IgnoreQueryFilters().AsNoTracking().ToListAsync();
            var decisions = await db.ApprovalDecisions.IgnoreQueryFilters().AsNoTracking().ToListAsync();
            Assert.Contains(requests, r => r.Status == ApprovalStatus.Approved && r.IssuedCardPurchaseId is not null);
            foreach (var request in requests)
            {
                var mine = decisions.Where(d => d.ApprovalRequestId == request.Id).ToList();
                Assert.DoesNotContain(mine, d => d.ApproverSubject == request.RequestedBy);
                Assert.Equal(mine.Count, mine.Select(d => d.ApproverSubject).Distinct().Count());
                if (request.Status == ApprovalStatus.Approved)
                {
                    Assert.Equal(request.RequiredApprovals, mine.Count(d => d.Verdict == ApprovalVerdict.Approved));
                }
            }

            // Demo users exist with names, so filters show them.
            Assert.Equal(6, await db.Users.CountAsync(u => u.Subject.StartsWith("dev-")));
            Assert.Contains("Audit chain intact", first.ToString(), StringComparison.Ordinal);
            Assert.True((await VerifyChainAsync()).IsIntact);
            // History's events carry the past, not the moment of seeding.
            Assert.True(await db.AuditEvents.IgnoreQueryFilters().MinAsync(a => a.OccurredAt) < DateTimeOffset.UtcNow.AddMonths(-3));
        }

        await AssertSandboxHoldsEveryIssuedCardAsync();

        // Again with the same count: nothing new, not a card, not a request.
        var (cardEvents, requestCount) = await CountsAsync();
        var second = new StringWriter();
        Assert.Equal(0, await RunAsync(second, purchases: 40));
        Assert.Contains("Already there", second.ToString(), StringComparison.Ordinal);
        Assert.Equal((cardEvents, requestCount), await CountsAsync());

        // More asked for: exactly the difference is added, and the chain still holds.
        var third = new StringWriter();
        Assert.Equal(0, await RunAsync(third, purchases: 52));
        Assert.Contains("Audit chain intact", third.ToString(), StringComparison.Ordinal);
        Assert.True((await VerifyChainAsync()).IsIntact);
        await using (var db = Open())
        {
            Assert.Equal(52, await db.CardPurchases.IgnoreQueryFilters().CountAsync(p => p.IdempotencyKey.StartsWith("demo-")));
            Assert.Equal(52, await db.CardPurchases.IgnoreQueryFilters().Select(p => p.IdempotencyKey).Distinct().CountAsync());
        }

        // No card number or CVV anywhere the portal writes: not its database, not the command's output.
        var portalFile = await File.ReadAllBytesAsync(Path.Combine(_dataDirectory, "clara-portal.db"));
        Assert.DoesNotMatch(TestCardNumber(), System.Text.Encoding.Latin1.GetString(portalFile));
        Assert.DoesNotMatch(TestCardNumber(), first + second.ToString());
    }

    private Task<int> RunAsync(TextWriter output, int purchases) => SeedDemoCommand.RunAsync(
    [
        "seed-demo", "--purchases", purchases.ToString(System.Globalization.CultureInfo.InvariantCulture), "--live", "12",
        $"--Portal:DataDirectory={_dataDirectory}", "--Sandbox:Url=https://127.0.0.1:0", "--Sandbox:SupplierCount=300", "--environment=Development",
    ], output);

    private async Task AssertSandboxHoldsEveryIssuedCardAsync()
    {
        List<long> ids;
        await using (var db = Open())
        {
            ids = await db.CardPurchases.IgnoreQueryFilters().Where(p => p.ClaraPurchaseId != null).Select(p => p.ClaraPurchaseId!.Value).ToListAsync();
        }

        // The state file the command left, read back by a sandbox of our own on the same folder.
        await using var sandbox = await SandboxHarness.StartAsync(o => o.SupplierCount = 300, persistent: true, dataDirectory: Path.Combine(_dataDirectory, "sandbox"));
        var held = sandbox.Server.ListPurchases().ToDictionary(p => p.PurchaseId);
        Assert.All(ids, id => Assert.True(held.ContainsKey(id), $"purchase {id} is missing at the sandbox"));
        Assert.Contains(held.Values, p => p.Status == "EXHAUSTED");
        Assert.Contains(held.Values, p => p.Status == "CANCELLED");
    }

    private async Task<(int CardEvents, int Requests)> CountsAsync()
    {
        await using var db = Open();
        return (await db.AuditEvents.IgnoreQueryFilters().CountAsync(a => a.EntityType == "CardPurchase" || a.EntityType == "ApprovalRequest"),
            await db.ApprovalRequests.IgnoreQueryFilters().CountAsync());
    }

    /// <summary>The whole chain checked here, not by the command: with the data folder's own key and checkpoint file.</summary>
    private Task<AuditChainReport> VerifyChainAsync()
    {
        var key = new AuditChainKey(File.ReadAllBytes(Path.Combine(_dataDirectory, "keys", "audit-chain.key")));
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(options, new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDirectory, "clara-portal.db"), Pooling = false }.ToString());
        var checkpoints = new AuditCheckpointFile(Path.Combine(_dataDirectory, "audit", "checkpoints.log"), key);
        return new AuditChainVerifier(new PortalDatabase(options.Options), key, checkpoints, TimeProvider.System).VerifyAsync();
    }

    private PortalDbContext Open()
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(options, new SqliteConnectionStringBuilder { DataSource = Path.Combine(_dataDirectory, "clara-portal.db"), Pooling = false }.ToString());
        return new PortalDbContext(options.Options, CompanyKeys.Owner);
    }

    /// <summary>The sandbox's test BINs, 16 digits.</summary>
    [GeneratedRegex("(400000|555534)[0-9]{10}")]
    private static partial Regex TestCardNumber();
}
