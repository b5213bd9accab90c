using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>
/// Every submit rule of the contract answers 422 with a code and field details the portal can show next to the
/// fields. Ids are chosen from the catalog by the rule they break.
/// </summary>
public sealed class SubmitRuleTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    private readonly ClaraClient _client = sandbox.Client;

    private async Task<ClaraApiException> RejectedAsync(Func<ClaraCatalog, SubmitPurchaseRequest> build)
    {
        var catalog = await _client.GetCatalogAsync();
        var error = await Assert.ThrowsAsync<ClaraApiException>(() => _client.SubmitAsync(build(catalog), CatalogPicks.NewKey()));
        Assert.Equal(422, error.StatusCode);
        Assert.False(string.IsNullOrEmpty(error.Code));
        Assert.False(string.IsNullOrEmpty(error.ClaraMessage));
        Assert.NotEmpty(error.Details);
        Assert.NotNull(error.Timestamp);
        Assert.Contains(error.Details[0].Issue, error.Message, StringComparison.Ordinal);
        return error;
    }

    private static void AssertField(ClaraApiException error, params string[] anyOf) =>
        Assert.Contains(error.Details, d => anyOf.Any(field => d.Field.Contains(field, StringComparison.OrdinalIgnoreCase)));

    [Fact]
    public async Task Amount_above_the_template_maximum_is_B013()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with { Amount = CatalogPicks.EasyTemplate(c).MaxAmount!.Value + 0.01m });

        Assert.Equal("B013", error.Code);
        AssertField(error, "amount");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5.00")]
    public async Task Amount_must_be_positive(string amount)
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with { Amount = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) });

        AssertField(error, "amount");
    }

    [Fact]
    public async Task Currency_not_allowed_by_the_template()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with { Currency = "EUR" });

        AssertField(error, "currency");
    }

    [Fact]
    public async Task ValidFrom_after_validTo()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with
        {
            ValidFrom = CatalogPicks.Today.AddDays(9),
            ValidTo = CatalogPicks.Today.AddDays(3),
        });

        AssertField(error, "valid");
    }

    [Fact]
    public async Task ValidTo_beyond_the_template_validity_window()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with
        {
            ValidTo = CatalogPicks.Today.AddDays(CatalogPicks.EasyTemplate(c).ValidityDays!.Value + 5),
        });

        AssertField(error, "validTo");
    }

    [Fact]
    public async Task Supplier_whose_MCC_the_template_does_not_allow()
    {
        var error = await RejectedAsync(c =>
        {
            var template = c.Templates.First(t => t.PurchaseTypes.Count > 0);
            var allowed = template.PurchaseTypes.Select(p => p.Mcc).ToHashSet();
            var supplier = c.Suppliers.First(s => s.Mcc is not null && !allowed.Contains(s.Mcc));
            return Valid(c, template) with { SupplierId = supplier.Id };
        });

        AssertField(error, "supplier");
    }

    [Fact]
    public async Task Required_custom_field_missing()
    {
        var error = await RejectedAsync(c =>
        {
            var template = c.Templates.First(t => t.CustomFields.Any(f => f.IsRequired));
            return Valid(c, template) with { CustomFields = [] };
        });

        AssertField(error, "customFields");
    }

    [Fact]
    public async Task Custom_field_longer_than_its_maximum()
    {
        var error = await RejectedAsync(c =>
        {
            var template = c.Templates.First(t => t.CustomFields.Any(f => f.DataType == "Alphanumeric" && f.DisplayType == "Text" && f.MaxLength is < 100));
            var field = template.CustomFields.First(f => f.DataType == "Alphanumeric" && f.DisplayType == "Text" && f.MaxLength is < 100);
            var valid = Valid(c, template);
            return valid with { CustomFields = [.. valid.CustomFields.Where(v => v.Name != field.Name), new CustomFieldValue(field.Name, new string('x', field.MaxLength!.Value + 1))] };
        });

        AssertField(error, "customFields");
    }

    [Fact]
    public async Task Custom_field_of_the_wrong_data_type()
    {
        var error = await RejectedAsync(c =>
        {
            var template = c.Templates.First(t => t.CustomFields.Any(f => f.DataType == "Numeric"));
            var field = template.CustomFields.First(f => f.DataType == "Numeric");
            var valid = Valid(c, template);
            return valid with { CustomFields = [.. valid.CustomFields.Where(v => v.Name != field.Name), new CustomFieldValue(field.Name, "ABC")] };
        });

        AssertField(error, "customFields");
    }

    [Fact]
    public async Task Custom_field_the_template_does_not_define()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with { CustomFields = [new CustomFieldValue("Not A Field", "x")] });

        AssertField(error, "customFields");
    }

    [Fact]
    public async Task Amount_with_more_than_two_decimals()
    {
        var error = await RejectedAsync(c => CatalogPicks.EasyRequest(c) with { Amount = 10.125m });

        AssertField(error, "amount");
    }

    [Fact]
    public async Task Blocked_funding_card()
    {
        var error = await RejectedAsync(c =>
        {
            var blocked = c.Rcns.First(r => r.Status == "BLOCKED");
            return CatalogPicks.EasyRequest(c) with { RcnId = blocked.Id, Currency = blocked.Currency };
        });

        AssertField(error, "rcn");
    }

    [Fact]
    public async Task Funding_card_without_enough_credit()
    {
        var error = await RejectedAsync(c =>
        {
            var template = CatalogPicks.EasyTemplate(c);
            var poor = c.Rcns.Where(r => r.Status == "ACTIVE" && r.Currency == template.Currency && r.AvailableCredit < template.MaxAmount)
                .MinBy(r => r.AvailableCredit)!;
            return CatalogPicks.EasyRequest(c) with { RcnId = poor.Id, Amount = poor.AvailableCredit!.Value + 1m };
        });

        // The contract names no field for this rule: the card or the amount are both fair.
        AssertField(error, "rcnId", "amount");
    }

    [Fact]
    public async Task A_valid_request_for_a_template_with_rules_and_custom_fields_is_accepted()
    {
        var catalog = await _client.GetCatalogAsync();
        var template = catalog.Templates.First(t => t.PurchaseTypes.Count > 0 && t.CustomFields.Any(f => f.IsRequired));

        var card = await _client.SubmitAsync(Valid(catalog, template), CatalogPicks.NewKey());

        Assert.Equal(template.Id, card.TemplateId);
    }

    /// <summary>A request the template accepts: an allowed supplier and every custom field filled by its type.</summary>
    private static SubmitPurchaseRequest Valid(ClaraCatalog catalog, CardTemplate template)
    {
        var currency = template.Currency ?? "MXN";
        var allowed = template.PurchaseTypes.Select(p => p.Mcc).ToHashSet();
        var supplier = catalog.Suppliers.First(s => allowed.Count == 0 || (s.Mcc is not null && allowed.Contains(s.Mcc)));
        var fields = template.CustomFields.Select(f => new CustomFieldValue(f.Name, f switch
        {
            { Options.Count: > 0 } => f.Options[0],
            { DataType: "Numeric" } => "123",
            { DataType: "Date" } => CatalogPicks.Today.AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => "Test",
        })).ToList();
        var amount = Math.Min(100m, template.MaxAmount ?? 100m);
        var days = Math.Min(5, (template.ValidityDays ?? 30) - 1);
        return new SubmitPurchaseRequest(CatalogPicks.ActiveRcn(catalog, currency).Id, template.Id, supplier.Id, amount, currency,
            CatalogPicks.Today, CatalogPicks.Today.AddDays(days), "PO-RULES", fields);
    }
}
