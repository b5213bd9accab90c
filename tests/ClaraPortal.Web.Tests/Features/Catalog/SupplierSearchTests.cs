using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using static ClaraPortal.Web.Tests.Features.Catalog.CatalogFixtures;

namespace ClaraPortal.Web.Tests.Features.Catalog;

public sealed class SupplierSearchTests : IAsyncLifetime
{
    private TempPortalDatabase _database = null!;
    private CatalogQueries _queries = null!;

    public async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        var clara = new FakeClaraClient
        {
            Catalog = CatalogOf(suppliers:
            [
                Supplier(1, "Hotel Núñez", "HNU010101AB1", "3501"),
                Supplier(2, "Aerolínea Azul", "AAZ020202CD2", "4511"),
                Supplier(3, "AWS EMEA", "US-123", "7372", "US"),
                Supplier(4, "Café 100% Orgánico", "CAF030303EF3", "5814"),
                .. Enumerable.Range(1, 45).Select(i => Supplier(1000 + i, $"Proveedor {i:00}", $"PRV{i:000}", "5045")),
            ]),
        };
        await new CatalogSync(_database, clara, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Admin)), new CatalogSyncGate(), TimeProvider.System, NullLogger<CatalogSync>.Instance)
            .SyncNowAsync();
        _queries = new CatalogQueries(_database, PortalServices.CurrentUser(TestUsers.InRole(PortalRoles.Auditor)));
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Theory]
    [InlineData("nunez", 1)]
    [InlineData("NÚÑEZ", 1)]
    [InlineData("aerolinea", 2)]
    [InlineData("aaz020202", 2)]
    [InlineData("7372", 3)]
    [InlineData("100%", 4)]
    public async Task Finds_by_name_without_accents_by_tax_id_and_by_mcc(string search, long expectedId)
    {
        var page = await _queries.SearchSuppliersAsync(new SupplierQuery(search));

        Assert.Equal(expectedId, Assert.Single(page.Items).ClaraId);
        Assert.Equal(1, page.TotalCount);
    }

    [Fact]
    public async Task Like_wildcards_typed_by_the_user_match_literally()
    {
        var page = await _queries.SearchSuppliersAsync(new SupplierQuery("_"));

        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public async Task Pages_through_the_matches_with_a_total()
    {
        var first = await _queries.SearchSuppliersAsync(new SupplierQuery("proveedor", Skip: 0, Take: 20));
        var third = await _queries.SearchSuppliersAsync(new SupplierQuery("proveedor", Skip: 40, Take: 20));

        Assert.Equal(45, first.TotalCount);
        Assert.Equal(20, first.Items.Count);
        Assert.Equal("Proveedor 01", first.Items[0].Name);
        Assert.Equal(["Proveedor 41", "Proveedor 42", "Proveedor 43", "Proveedor 44", "Proveedor 45"], third.Items.Select(s => s.Name));
    }

    [Fact]
    public async Task Sorts_on_the_server()
    {
        var byNameDescending = await _queries.SearchSuppliersAsync(new SupplierQuery(Take: 3, SortBy: SupplierSort.Name, Descending: true));
        var byMcc = await _queries.SearchSuppliersAsync(new SupplierQuery(Take: 2, SortBy: SupplierSort.Mcc));

        Assert.Equal(["Proveedor 45", "Proveedor 44", "Proveedor 43"], byNameDescending.Items.Select(s => s.Name));
        Assert.Equal(["3501", "4511"], byMcc.Items.Select(s => s.Mcc));
        Assert.Equal(49, byNameDescending.TotalCount);
    }

    [Fact]
    public async Task Reading_the_catalog_needs_a_signed_in_user()
    {
        var anonymous = new CatalogQueries(_database, PortalServices.CurrentUser(TestUsers.Anonymous));

        await Assert.ThrowsAsync<AccessDeniedException>(() => anonymous.SearchSuppliersAsync(new SupplierQuery()));
    }
}
