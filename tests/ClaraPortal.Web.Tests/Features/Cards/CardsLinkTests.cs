using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ClaraPortal.Web.Tests.Features.Cards.CardSeed;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>The cards list's address (what the dashboard links to) and the filters only a link sets: currency, expiring within N days.</summary>
public sealed class CardsLinkTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public void An_address_round_trips_and_writes_only_what_is_set()
    {
        var link = new CardsLink
        {
            Status = CardPurchaseStatus.Active,
            SupplierId = 12,
            TemplateId = 7,
            From = new DateOnly(2026, 1, 1),
            To = new DateOnly(2026, 1, 31),
            Currency = "USD",
            ExpiringWithinDays = 14,
        };

        var address = CardsUrl.For(link);

        Assert.Equal("/cards?status=active&supplier=12&template=7&from=2026-01-01&to=2026-01-31&currency=USD&expiring=14", address);
        Assert.Equal(link, CardsUrl.Parse(address));
        Assert.Equal("/cards", CardsUrl.For(new CardsLink()));
    }

    [Theory]
    [InlineData("/cards?status=3&supplier=-1&from=2026-13-01&currency=MXNN&expiring=400")]
    [InlineData("status=nope&template=x&to=yesterday&currency=$$$&expiring=-2")]
    public void Values_that_do_not_parse_are_dropped_not_guessed(string address)
    {
        Assert.Equal(new CardsLink(), CardsUrl.Parse(address));
    }

    [Fact]
    public async Task Expiring_keeps_active_cards_valid_until_today_or_the_next_days_and_currency_keeps_its_own()
    {
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        await AddAsync(_database,
            Card("dev-issuer", 1m, last4: "1111", validTo: today),
            Card("dev-issuer", 2m, last4: "2222", validTo: today.AddDays(14), currency: "USD"),
            Card("dev-issuer", 3m, last4: "3333", validTo: today.AddDays(15)),
            Card("dev-issuer", 4m, last4: "4444", validTo: today.AddDays(-1)),
            Card("dev-issuer", 5m, CardPurchaseStatus.Cancelled, last4: "5555", validTo: today.AddDays(2)));
        var queries = new CardQueries(_database, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Issuer)), new ScriptedClaraReads(),
            NullLogger<CardQueries>.Instance, new FakeTimeProvider(Now), TimeZoneInfo.Utc);

        var expiring = await queries.ListAsync(new CardListQuery { ExpiringWithinDays = 14 });
        var dollars = await queries.ListAsync(new CardListQuery { Currency = "USD" });

        Assert.Equal(["1111", "2222"], expiring.Items.Select(c => c.Last4).Order());
        Assert.Equal("2222", Assert.Single(dollars.Items).Last4);
    }
}
