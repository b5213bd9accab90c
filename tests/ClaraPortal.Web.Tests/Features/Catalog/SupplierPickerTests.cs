using Bunit;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Extensions;
using Supplier = ClaraPortal.Web.Data.Entities.Supplier;

namespace ClaraPortal.Web.Tests.Features.Catalog;

/// <summary>The one supplier autocomplete, over a real (temp) catalog cache.</summary>
public sealed class SupplierPickerTests : PortalBunitContext
{
    private readonly DeferredContexts _contexts;
    private TempPortalDatabase _database = null!;

    public SupplierPickerTests()
        : this(new DeferredContexts())
    {
    }

    private SupplierPickerTests(DeferredContexts contexts)
        : base(services =>
        {
            services.AddSingleton<IDbContextFactory<PortalDbContext>>(contexts);
            services.AddScoped<CatalogQueries>();
        })
    {
        SignIn(TestUsers.InRole(PortalRoles.Issuer));
        _contexts = contexts;
    }

    public override async Task InitializeAsync()
    {
        _database = await TempPortalDatabase.CreateAsync();
        _contexts.Database = _database;
        await using var db = _database.CreateDbContext();
        var now = DateTimeOffset.UtcNow;
        db.Suppliers.Add(new Supplier { ClaraId = 11, Name = "Amazon México", TaxId = "ANE140618P37", Mcc = "5942", Country = "MX", SearchText = "amazon mexico ane140618p37 5942", LastSyncedAt = now });
        db.Suppliers.Add(new Supplier { ClaraId = 12, Name = "Hotel Núñez", TaxId = "HNU010101AB1", Mcc = "3501", Country = "MX", SearchText = "hotel nunez hnu010101ab1 3501", LastSyncedAt = now });
        db.Suppliers.Add(new Supplier { ClaraId = 13, Name = "Old Supplier", Mcc = "3501", SearchText = "old supplier 3501", LastSyncedAt = now, RemovedAt = now });
        await db.SaveChangesAsync();
    }

    protected override async Task DisposeTestAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Typing_searches_the_catalog_and_choosing_binds_the_supplier()
    {
        using var culture = new CultureScope("en-US");
        Render<MudPopoverProvider>();
        Supplier? chosen = null;
        var picker = Render<SupplierPicker>(p => p
            .Add(x => x.Label, "Supplier")
            .Add(x => x.ValueChanged, s => chosen = s));

        var found = await Search(picker, "nunez");
        Assert.Equal([12L], found.Select(s => s.ClaraId));

        await picker.InvokeAsync(() => Autocomplete(picker).ValueChanged.InvokeAsync(found[0]));
        Assert.Equal(12, chosen?.ClaraId);
    }

    [Fact]
    public async Task A_removed_supplier_is_never_offered()
    {
        var picker = Render<SupplierPicker>(p => p.Add(x => x.Label, "Supplier"));

        Assert.Empty(await Search(picker, "old supplier"));
        Assert.Equal([11L, 12L], (await Search(picker, "")).Select(s => s.ClaraId).Order());
    }

    [Theory]
    [InlineData("a")]
    [InlineData(" a  ")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task Below_the_minimum_it_does_not_search(string? text)
    {
        var picker = Render<SupplierPicker>(p => p.Add(x => x.Label, "Supplier").Add(x => x.MinCharacters, 2));

        Assert.Empty(await Search(picker, text));
        Assert.Equal([11L], (await Search(picker, "am")).Select(s => s.ClaraId));
    }

    [Fact]
    public void Label_help_required_error_disabled_and_test_id_reach_the_field()
    {
        using var culture = new CultureScope("en-US");
        var picker = Render<SupplierPicker>(p => p
            .Add(x => x.Label, "Supplier")
            .Add(x => x.HelperText, "Type at least 2 characters")
            .Add(x => x.Required, true)
            .Add(x => x.RequiredError, "Choose a supplier.")
            .Add(x => x.Error, true)
            .Add(x => x.ErrorText, "This supplier is not in the catalog any more.")
            .Add(x => x.Disabled, true)
            .Add(x => x.MaxItems, 20)
            .Add(x => x.ResetValueOnEmptyText, false)
            .AddUnmatched("data-testid", "field-supplier"));

        var field = Autocomplete(picker);
        Assert.Equal("Supplier", field.Label);
        Assert.True(field.Required);
        Assert.Equal("Choose a supplier.", field.RequiredError);
        Assert.True(field.GetState(x => x.Error));
        Assert.Equal("This supplier is not in the catalog any more.", field.GetState(x => x.ErrorText));
        Assert.True(field.Disabled);
        Assert.True(picker.Find("input").HasAttribute("disabled"));
        Assert.Equal(20, field.MaxItems);
        Assert.False(field.ResetValueOnEmptyText);
        Assert.NotNull(picker.Find("[data-testid=field-supplier]"));
        Assert.Contains("This supplier is not in the catalog any more.", picker.Markup, StringComparison.Ordinal);
        Assert.Contains("Supplier", picker.Find("label").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_the_filters_clearable_and_reset_on_empty_text()
    {
        var picker = Render<SupplierPicker>(p => p.Add(x => x.Label, "Supplier"));

        var field = Autocomplete(picker);
        Assert.True(field.Clearable);
        Assert.True(field.ResetValueOnEmptyText);
        Assert.False(field.Required);
        Assert.Equal(10, field.MaxItems);
        Assert.Null(field.ItemTemplate);
        Assert.Null(field.NoItemsTemplate);
        Assert.Equal("Amazon México", field.ToStringFunc!(new Supplier { ClaraId = 1, Name = "Amazon México", SearchText = "" }));
    }

    [Fact]
    public void With_details_each_option_shows_tax_id_mcc_and_country()
    {
        using var culture = new CultureScope("es-MX");
        var picker = Render<SupplierPicker>(p => p.Add(x => x.Label, "Proveedor").Add(x => x.ShowDetails, true));

        var field = Autocomplete(picker);
        var option = Render(field.ItemTemplate!(new Supplier { ClaraId = 11, Name = "Amazon México", TaxId = "ANE140618P37", Mcc = "5942", Country = "MX", SearchText = "" }));
        Assert.Equal("ANE140618P37 · MCC 5942 · MX", option.Find("[data-testid=supplier-option-details]").TextContent.Trim());
        Assert.Contains("Amazon México", option.Markup, StringComparison.Ordinal);
        Assert.NotNull(field.NoItemsTemplate);
    }

    [Fact]
    public void Details_leave_out_what_the_supplier_lacks()
    {
        Assert.Equal("MCC 3501", SupplierPicker.Details(new Supplier { ClaraId = 1, Name = "X", Mcc = "3501", SearchText = "" }));
        Assert.Equal("US-123 · US", SupplierPicker.Details(new Supplier { ClaraId = 1, Name = "X", TaxId = "US-123", Country = "US", SearchText = "" }));
        Assert.Equal("", SupplierPicker.Details(new Supplier { ClaraId = 1, Name = "X", SearchText = "" }));
    }

    private static MudAutocomplete<Supplier> Autocomplete(IRenderedComponent<SupplierPicker> picker) =>
        picker.FindComponent<MudAutocomplete<Supplier>>().Instance;

    private static async Task<List<Supplier>> Search(IRenderedComponent<SupplierPicker> picker, string? text)
    {
        var search = Autocomplete(picker).SearchFunc!;
        IEnumerable<Supplier>? found = null;
        await picker.InvokeAsync(async () => found = await search(text!, CancellationToken.None)!);
        return (found ?? []).ToList();
    }
}
