using ClaraPortal.Web.Data.Conversions;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Data;

public sealed class MoneyStorageTests : IAsyncLifetime
{
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData("12500.01")]
    [InlineData("0.10")]
    [InlineData("0")]
    [InlineData("0.0001")]
    [InlineData("-42.5")]
    [InlineData("99999999999.9999")]
    public async Task Amounts_round_trip_exactly(string text)
    {
        var amount = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        var purchase = PortalDatabaseTests.NewPurchase(Guid.NewGuid().ToString(), amount);
        await using (var db = _database.CreateDbContext())
        {
            db.CardPurchases.Add(purchase);
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateDbContext();
        var stored = await read.CardPurchases.SingleAsync(p => p.Id == purchase.Id);
        Assert.Equal(amount, stored.Amount);
        Assert.Equal(amount.ToString("F4", System.Globalization.CultureInfo.InvariantCulture), stored.Amount.ToString("F4", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Amounts_sort_and_filter_as_numbers_in_sql()
    {
        // As TEXT these would sort "100.00" < "20.00" < "3.50" < "950.10".
        decimal[] amounts = [100.00m, 20.00m, 3.50m, 950.10m, 20.01m];
        await using (var db = _database.CreateDbContext())
        {
            db.CardPurchases.AddRange(amounts.Select(a => PortalDatabaseTests.NewPurchase(Guid.NewGuid().ToString(), a)));
            await db.SaveChangesAsync();
        }

        await using var read = _database.CreateDbContext();
        var sorted = await read.CardPurchases.OrderBy(p => p.Amount).Select(p => p.Amount).ToListAsync();
        var over20 = await read.CardPurchases.Where(p => p.Amount > 20.00m).OrderByDescending(p => p.Amount).Select(p => p.Amount).ToListAsync();

        Assert.Equal([3.50m, 20.00m, 20.01m, 100.00m, 950.10m], sorted);
        Assert.Equal([950.10m, 100.00m, 20.01m], over20);
    }

    [Fact]
    public void More_than_four_decimal_places_is_refused_rather_than_rounded()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ScaledDecimalConverter.ToScaled(1.00001m));
        Assert.Equal(125000100L, ScaledDecimalConverter.ToScaled(12500.01m));
        Assert.Equal(12500.01m, ScaledDecimalConverter.FromScaled(125000100L));
    }
}
