using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using Microsoft.EntityFrameworkCore;
using static ClaraPortal.Web.Tests.Features.Approvals.ApprovalTestBed;

namespace ClaraPortal.Web.Tests.Features.Approvals;

/// <summary>
/// The policy in force decides how many approvers a card needs: the bands (default, per template, per currency), the
/// issuer's own authority, and the policy frozen onto a request when it is filed. Real sandbox, real SQLite.
/// </summary>
public sealed class ApprovalPolicyTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private ApprovalTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await CreateAsync(sandbox);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Theory]
    [InlineData("10000")]
    [InlineData("9999.99")]
    public async Task A_card_at_or_below_the_auto_approve_limit_is_issued_directly_with_no_request(string amount)
    {
        var request = Card(Parse(amount));

        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(request, "Stock for the quarter"));
        var issued = Assert.IsType<IssueCardResult.Issued>(await _bed.Issuer(Requester).IssueAsync(request));

        Assert.Equal(Parse(amount), Assert.Single(_bed.AtClara(request.Reference)).Amount);
        Assert.Equal(issued.CardPurchaseId, Assert.Single(await _bed.CardsWithKeyAsync(request.IdempotencyKey)).Id);
        await using var db = _bed.Database.CreateDbContext();
        Assert.Empty(await db.ApprovalRequests.ToListAsync());
    }

    [Theory]
    [InlineData("10000.01", 1, ApprovalRuleKeys.OneApprover, "10000")]
    [InlineData("100000", 1, ApprovalRuleKeys.OneApprover, "10000")]
    [InlineData("100000.01", 2, ApprovalRuleKeys.TwoApprovers, "100000")]
    [InlineData("150000", 2, ApprovalRuleKeys.TwoApprovers, "100000")]
    public async Task Above_the_auto_approve_limit_the_default_band_asks_for_one_then_two_approvers(string amount, int approvers, string rule, string ruleAmount)
    {
        var request = Card(Parse(amount));

        var filing = await _bed.Approvals(Requester).RequestIssueAsync(request, "Annual contract");

        var filed = Assert.IsType<ApprovalFiling.Filed>(filing);
        Assert.Equal((approvers, rule, Parse(ruleAmount)), (filed.Assessment.RequiredApprovals, filed.Assessment.RuleKey, filed.Assessment.RuleAmount));
        var row = await _bed.RequestAsync(filed.RequestId);
        Assert.Equal((ApprovalStatus.Pending, approvers, 0, Parse(amount), rule), (row.Status, row.RequiredApprovals, row.ApprovalsGiven, row.Amount, row.RuleKey));
        Assert.Equal((ApprovalKinds.IssueCard, request.IdempotencyKey, "dev-issuer"), (row.Kind, row.RequestKey, row.RequestedBy));
        Assert.Empty(_bed.AtClara(request.Reference));
        Assert.Empty(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
    }

    [Theory]
    [InlineData("10000.01")]
    [InlineData("150000")]
    public async Task Issuing_an_over_band_card_directly_is_refused_as_approval_required_and_nothing_reaches_the_sandbox(string amount)
    {
        foreach (var user in new[] { Requester, Admin })
        {
            var request = Card(Parse(amount));

            var result = await _bed.Issuer(user).IssueAsync(request);

            var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
            Assert.Equal(RejectionCodes.ApprovalRequired, rejected.Code);
            Assert.Null(rejected.CardPurchaseId);
            Assert.Empty(_bed.AtClara(request.Reference));
            Assert.Empty(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
        }
    }

    [Fact]
    public async Task A_band_of_the_template_wins_over_the_company_default()
    {
        await _bed.AddBandAsync(null, null, 50_000m, 200_000m);
        await _bed.AddBandAsync(IssuanceHarness.EasyTemplate, null, 1_000m, 5_000m);

        var filed = Assert.IsType<ApprovalFiling.Filed>(await _bed.Approvals(Requester).RequestIssueAsync(Card(6_000m), "Event"));
        Assert.Equal((2, 1_000m, 5_000m), (filed.Assessment.RequiredApprovals, filed.Assessment.AutoApproveUpTo, filed.Assessment.TwoApproversAbove));

        // Another template still reads the company's default: 20,000 needs nobody there, while the default band would have asked.
        var other = await AssessAsync(Card(20_000m) with { TemplateId = AdvertisingTemplate });
        Assert.Equal((0, 50_000m, 200_000m), (other.RequiredApprovals, other.AutoApproveUpTo, other.TwoApproversAbove));
    }

    [Theory]
    [InlineData(IssuanceHarness.EasyTemplate, "MXN", 4_000, 8_000)] // template without currency beats the currency band
    [InlineData(IssuanceHarness.EasyTemplate, "USD", 500, 1_000)] // template and currency beats everything
    [InlineData(AdvertisingTemplate, "MXN", 2_000, 300_000)] // the currency band beats the default
    [InlineData(AdvertisingTemplate, "USD", 50_000, 200_000)] // nothing specific: the company default
    public async Task The_most_specific_band_applies_template_and_currency_then_template_then_currency_then_default(
        long templateId, string currency, int auto, int two)
    {
        await _bed.AddBandAsync(null, null, 50_000m, 200_000m);
        await _bed.AddBandAsync(null, "MXN", 2_000m, 300_000m);
        await _bed.AddBandAsync(IssuanceHarness.EasyTemplate, null, 4_000m, 8_000m);
        await _bed.AddBandAsync(IssuanceHarness.EasyTemplate, "USD", 500m, 1_000m);

        var assessment = await AssessAsync(Card(100m, currency) with { TemplateId = templateId });

        Assert.Equal(((decimal)auto, (decimal)two), (assessment.AutoApproveUpTo, assessment.TwoApproversAbove));
    }

    [Fact]
    public async Task A_currency_band_sends_a_usd_card_to_approvers_through_the_service_and_leaves_mxn_on_its_own_band()
    {
        await _bed.AddBandAsync(null, "USD", 1_000m, 5_000m);

        var usd = Assert.IsType<ApprovalFiling.Filed>(await _bed.Approvals(Requester).RequestIssueAsync(Card(6_000m, "USD"), "US supplier"));
        Assert.Equal((2, ApprovalRuleKeys.TwoApprovers, 5_000m, "USD"), (usd.Assessment.RequiredApprovals, usd.Assessment.RuleKey, usd.Assessment.RuleAmount, usd.Assessment.Currency));
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(6_000m), "MXN supplier"));
    }

    [Fact]
    public void Band_for_picks_the_most_specific_band_whatever_the_order_they_are_stored_in()
    {
        ApprovalBand Band(long? template, string? currency, decimal auto) =>
            new() { TemplateId = template, Currency = currency, AutoApproveUpTo = auto, TwoApproversAbove = auto * 10, UpdatedBy = "t" };
        var bands = new[] { Band(null, null, 1), Band(null, "MXN", 2), Band(7, null, 3), Band(7, "MXN", 4) };

        Assert.Equal(4m, ApprovalRules.BandFor(bands, 7, "MXN").AutoApproveUpTo);
        Assert.Equal(3m, ApprovalRules.BandFor(bands, 7, "USD").AutoApproveUpTo);
        Assert.Equal(2m, ApprovalRules.BandFor(bands, 8, "MXN").AutoApproveUpTo);
        Assert.Equal(1m, ApprovalRules.BandFor(bands, 8, "USD").AutoApproveUpTo);
        Assert.Equal(4m, ApprovalRules.BandFor([.. bands.Reverse()], 7, "MXN").AutoApproveUpTo);
        Assert.Equal((ApprovalRules.DefaultAutoApproveUpTo, ApprovalRules.DefaultTwoApproversAbove), ApprovalRules.BandFor([], 7, "MXN"));
    }

    [Fact]
    public async Task A_card_above_the_issuer_s_single_card_limit_needs_one_approver_even_below_the_band()
    {
        await _bed.SetAuthorityAsync("dev-issuer", "MXN", singleCardLimit: 2_000m, monthlyBudget: null);

        var filed = Assert.IsType<ApprovalFiling.Filed>(await _bed.Approvals(Requester).RequestIssueAsync(Card(3_000m), "Catering"));
        Assert.Equal((1, ApprovalRuleKeys.SingleCardLimit, 2_000m), (filed.Assessment.RequiredApprovals, filed.Assessment.RuleKey, filed.Assessment.RuleAmount));

        var direct = Card(3_000m);
        Assert.Equal(RejectionCodes.ApprovalRequired, Assert.IsType<IssueCardResult.Rejected>(await _bed.Issuer(Requester).IssueAsync(direct)).Code);
        Assert.Empty(_bed.AtClara(direct.Reference));

        // At the limit, in another currency, or for another issuer: nothing to approve.
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(2_000m), "Catering"));
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(3_000m, "USD"), "Catering"));
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(OtherIssuer).RequestIssueAsync(Card(3_000m), "Catering"));
        var usd = Card(3_000m, "USD");
        Assert.IsType<IssueCardResult.Issued>(await _bed.Issuer(Requester).IssueAsync(usd));
        Assert.Single(_bed.AtClara(usd.Reference));
    }

    [Fact]
    public async Task The_monthly_budget_counts_the_cards_issued_this_calendar_month_plus_this_one()
    {
        await _bed.SetAuthorityAsync("dev-issuer", "MXN", singleCardLimit: null, monthlyBudget: 5_000m);
        var first = Assert.IsType<IssueCardResult.Issued>(await _bed.Issuer(Requester).IssueAsync(Card(3_000m)));

        // 3,000 + 2,000 is the budget exactly; 3,000 + 2,500 goes over it.
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(2_000m), "Office"));
        var filed = Assert.IsType<ApprovalFiling.Filed>(await _bed.Approvals(Requester).RequestIssueAsync(Card(2_500m), "Office"));
        Assert.Equal((1, ApprovalRuleKeys.MonthlyBudget, 5_000m, 3_000m),
            (filed.Assessment.RequiredApprovals, filed.Assessment.RuleKey, filed.Assessment.RuleAmount, filed.Assessment.MonthToDate));
        var direct = Card(2_500m);
        Assert.Equal(RejectionCodes.ApprovalRequired, Assert.IsType<IssueCardResult.Rejected>(await _bed.Issuer(Requester).IssueAsync(direct)).Code);
        Assert.Empty(_bed.AtClara(direct.Reference));

        // Other currencies and other issuers have budgets of their own (none here).
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(4_000m, "USD"), "Office"));
        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(OtherIssuer).RequestIssueAsync(Card(4_000m), "Office"));

        // A card of last month does not count against this month's budget.
        await using (var db = _bed.Database.CreateDbContext())
        {
            var now = DateTimeOffset.UtcNow;
            var lastMonth = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddDays(-1);
            await db.CardPurchases.Where(p => p.Id == first.CardPurchaseId).ExecuteUpdateAsync(s => s.SetProperty(p => p.CreatedAt, lastMonth));
        }

        Assert.IsType<ApprovalFiling.NotNeeded>(await _bed.Approvals(Requester).RequestIssueAsync(Card(2_500m), "Office"));
    }

    [Fact]
    public async Task A_request_keeps_the_one_approval_it_was_filed_with_after_the_band_is_tightened()
    {
        var request = Card(50_000m);
        var id = await _bed.FileAsync(request);
        await _bed.AddBandAsync(null, null, 1_000m, 20_000m);
        Assert.Equal(2, (await AssessAsync(Card(50_000m))).RequiredApprovals);

        var result = await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges("Fine"));

        Assert.Equal(ApprovalStatus.Approved, Assert.IsType<ApprovalActionResult.Done>(result).Status);
        var row = await _bed.RequestAsync(id);
        Assert.Equal((1, 1, ApprovalRuleKeys.OneApprover), (row.RequiredApprovals, row.ApprovalsGiven, row.RuleKey));
        Assert.Contains("\"twoApproversAbove\":100000", row.PolicyJson, StringComparison.Ordinal);
        Assert.NotNull(row.IssuedCardPurchaseId);
        Assert.Equal(50_000m, Assert.Single(_bed.AtClara(request.Reference)).Amount);
    }

    [Fact]
    public async Task A_request_keeps_its_two_approvals_after_the_band_is_loosened()
    {
        await _bed.AddBandAsync(IssuanceHarness.EasyTemplate, null, 1_000m, 5_000m);
        var request = Card(6_000m);
        var id = await _bed.FileAsync(request);
        await using (var db = _bed.Database.CreateDbContext())
        {
            await db.ApprovalBands.ExecuteUpdateAsync(s => s.SetProperty(b => b.AutoApproveUpTo, 10_000m).SetProperty(b => b.TwoApproversAbove, 100_000m));
        }

        Assert.False((await AssessAsync(Card(6_000m))).NeedsApproval);

        var first = Assert.IsType<ApprovalActionResult.Done>(await _bed.Approvals(Approver).ApproveAsync(id, new ApprovalChanges(null)));

        Assert.Equal((ApprovalStatus.Pending, 1, 2), (first.Status, first.ApprovalsGiven, first.RequiredApprovals));
        Assert.Empty(_bed.AtClara(request.Reference));
        var second = Assert.IsType<ApprovalActionResult.Done>(await _bed.Approvals(SecondApprover).ApproveAsync(id, new ApprovalChanges(null)));
        Assert.Equal((ApprovalStatus.Approved, 2, 2), (second.Status, second.ApprovalsGiven, second.RequiredApprovals));
        Assert.Single(_bed.AtClara(request.Reference));
    }

    private async Task<ApprovalAssessment> AssessAsync(IssueCardRequest request) =>
        await _bed.Harness.Service<IApprovalGate>(Requester).AssessIssueAsync(request, new CurrentUserInfo("dev-issuer", "Isabel Issuer", "dev-issuer", null, [PortalRoles.Issuer]));

    private static decimal Parse(string amount) => decimal.Parse(amount, CultureInfo.InvariantCulture);
}
