using ClaraPortal.Clara;
using ClaraPortal.Clara.Tests.Infrastructure;

namespace ClaraPortal.Clara.Tests;

/// <summary>X-Tax-Identifier makes the same credentials act for a subsidiary company.</summary>
public sealed class SubsidiaryTests(SandboxFixture sandbox) : IClassFixture<SandboxFixture>
{
    /// <summary>RFC of the subsidiary the sandbox seeds (its catalog is separate from the owner's).</summary>
    private const string SubsidiaryRfc = "CPS920315KX7";

    [Fact]
    public async Task The_subsidiary_sees_its_own_catalog_and_purchases_only()
    {
        using var subsidiary = sandbox.CreateClient(configure: o => o.TaxIdentifier = SubsidiaryRfc);
        var owner = sandbox.Client;

        var ownerCatalog = await owner.GetCatalogAsync();
        var subsidiaryCatalog = await subsidiary.GetCatalogAsync();

        Assert.NotEmpty(subsidiaryCatalog.Rcns);
        Assert.Empty(subsidiaryCatalog.Rcns.Select(r => r.Id).Intersect(ownerCatalog.Rcns.Select(r => r.Id)));
        Assert.Empty(subsidiaryCatalog.Templates.Select(t => t.Id).Intersect(ownerCatalog.Templates.Select(t => t.Id)));

        var card = await subsidiary.SubmitAsync(CatalogPicks.EasyRequest(subsidiaryCatalog, 250m, "PO-SUB"), CatalogPicks.NewKey());

        Assert.Equal(card.PurchaseId, (await subsidiary.GetPurchaseAsync(card.PurchaseId)).PurchaseId);
        var hidden = await Assert.ThrowsAsync<ClaraApiException>(() => owner.GetPurchaseAsync(card.PurchaseId));
        Assert.Equal(404, hidden.StatusCode);
    }

    [Fact]
    public async Task One_client_acts_for_the_subsidiary_through_a_view_sharing_its_token()
    {
        var logs = new LogCapture();
        using var owner = sandbox.CreateClient(logs);
        var subsidiary = owner.ForTaxIdentifier(SubsidiaryRfc);

        var ownerRcns = (await owner.GetCatalogAsync(CatalogDetail.Rcn)).Rcns.Select(r => r.Id).ToList();
        var subsidiaryRcns = (await subsidiary.GetCatalogAsync(CatalogDetail.Rcn)).Rcns.Select(r => r.Id).ToList();
        var backToOwner = (await owner.ForTaxIdentifier(null).GetCatalogAsync(CatalogDetail.Rcn)).Rcns.Select(r => r.Id).ToList();

        Assert.Empty(ownerRcns.Intersect(subsidiaryRcns));
        Assert.Equal(ownerRcns, backToOwner);
        Assert.Equal(1, logs.TokensObtained);
        Assert.Throws<ArgumentException>(() => owner.ForTaxIdentifier("bad rfc"));
    }

    [Fact]
    public async Task A_tax_identifier_the_credentials_may_not_act_for_is_403()
    {
        using var stranger = sandbox.CreateClient(configure: o => o.TaxIdentifier = "XAXX010101000");

        var error = await Assert.ThrowsAsync<ClaraApiException>(() => stranger.GetCatalogAsync(CatalogDetail.Rcn));

        Assert.Equal(403, error.StatusCode);
        Assert.Equal("FORBIDDEN", error.Code);
        Assert.False(error.IsRetryable);
    }
}
