using Bunit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Cards;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>The dashboard lists the card requests the portal cannot settle by itself, to their issuer and to Admins.</summary>
public sealed class NeedsAttentionCardTests : PortalBunitContext
{
    private readonly TempPortalDatabase _database;

    public NeedsAttentionCardTests()
        : this(TempPortalDatabase.CreateAsync().GetAwaiter().GetResult())
    {
    }

    private NeedsAttentionCardTests(TempPortalDatabase database)
        : base(services =>
        {
            services.AddSingleton(new ClaraCredentialStatus(() => DateTimeOffset.UtcNow.AddYears(1), TimeProvider.System));
            DashboardServices.AddDashboardReads(services, database);
        }) => _database = database;

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_issuer_sees_their_own_flagged_request_with_a_link_and_not_someone_elses()
    {
        using var culture = new CultureScope("en-US");
        var mine = CardSeed.Card("dev-issuer", 1234m, CardPurchaseStatus.OutcomeUnknown);
        mine.FlagNeedsAttention(ClaraPortal.Web.Features.Issuance.AttentionReasons.SubmitKeyExpired, DateTimeOffset.UtcNow);
        var theirs = CardSeed.Card("dev-issuer-2", 999m, CardPurchaseStatus.OutcomeUnknown);
        theirs.FlagNeedsAttention(ClaraPortal.Web.Features.Issuance.AttentionReasons.SubmitKeyExpired, DateTimeOffset.UtcNow);
        var settled = CardSeed.Card("dev-issuer", 50m);
        await using (var db = _database.CreateDbContext())
        {
            db.CardPurchases.AddRange(mine, theirs, settled);
            await db.SaveChangesAsync();
        }

        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=dashboard-needs-attention]")));
        var links = page.FindAll("[data-testid=dashboard-needs-attention] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal([$"/cards/{mine.Id}"], links);
        Assert.Contains("Needs attention (1)", page.Find("[data-testid=dashboard-needs-attention]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_shows_while_every_request_is_settled()
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));

        var page = Render<DashboardPage>();

        page.WaitForAssertion(() => Assert.Contains("Dashboard", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("[data-testid=dashboard-needs-attention]"));
    }
}
