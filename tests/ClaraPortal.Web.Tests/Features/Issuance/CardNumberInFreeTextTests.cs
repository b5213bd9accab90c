using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Approvals;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using static ClaraPortal.Web.Tests.Features.Approvals.ApprovalTestBed;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>
/// Every free text the portal accepts, through the real services (SQLite file, sandbox over mutual TLS): a card number
/// in it is refused with the same message in the user's language, and nothing is stored or sent to Clara.
/// </summary>
public sealed class CardNumberInFreeTextTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private const string English = "This looks like a card number. Leave card numbers out: what you type here is stored and audited.";

    private ApprovalTestBed _bed = null!;

    /// <summary>A card number as people paste it: plain, grouped, with dashes.</summary>
    public static TheoryData<string> Pasted => new()
    {
        TestCardNumbers.Visa,
        TestCardNumbers.VisaGrouped,
        TestCardNumbers.VisaGrouped.Replace(' ', '-'),
    };

    public async Task InitializeAsync() => _bed = await CreateAsync(sandbox);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    [Theory]
    [MemberData(nameof(Pasted))]
    public async Task Issuing_refuses_a_reference_holding_a_card_number_and_sends_nothing(string number)
    {
        var request = IssuanceHarness.EasyRequest(100m, reference: $"PO {number}");

        var result = await _bed.Harness.Vcn().IssueAsync(request);

        var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
        var error = Assert.Single(rejected.Errors);
        Assert.Equal((IssueFields.Reference, English), (error.Field, error.Message));
        Assert.Empty(_bed.AtClara(request.Reference));
        Assert.Empty(await _bed.CardsWithKeyAsync(request.IdempotencyKey));
    }

    [Theory]
    [MemberData(nameof(Pasted))]
    public async Task Filing_for_approval_refuses_a_card_number_in_the_reference_or_the_justification(string number)
    {
        var inReference = Card(20_000m) with { Reference = $"Card {number}" };
        var byReference = Assert.IsType<ApprovalFiling.Rejected>(await _bed.Approvals(Requester).RequestIssueAsync(inReference, "Trade fair"));
        var byJustification = Assert.IsType<ApprovalFiling.Rejected>(await _bed.Approvals(Requester).RequestIssueAsync(Card(20_000m), $"Pay with {number}"));

        Assert.Equal([(IssueFields.Reference, English)], byReference.Errors.Select(e => (e.Field, e.Message)));
        Assert.Equal([(ApprovalFields.Justification, English)], byJustification.Errors.Select(e => (e.Field, e.Message)));
        await using var db = _bed.Database.CreateDbContext();
        Assert.Equal(0, await db.ApprovalRequests.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Pasted))]
    public async Task Approving_or_rejecting_refuses_a_comment_holding_a_card_number_and_decides_nothing(string number)
    {
        var id = await _bed.FileAsync(Card(20_000m));

        var approve = Assert.IsType<ApprovalActionResult.Refused>(await _bed.Approvals(Approver).ApproveAsync(id, new($"Use {number}")));
        var reject = Assert.IsType<ApprovalActionResult.Refused>(await _bed.Approvals(Approver).RejectAsync(id, $"Wrong card {number}"));

        Assert.Equal((English, English), (approve.Message, reject.Message));
        var row = await _bed.RequestAsync(id);
        Assert.Equal((ApprovalStatus.Pending, 0), (row.Status, row.ApprovalsGiven));
        Assert.Empty(await _bed.DecisionsAsync(id));
    }

    [Theory]
    [MemberData(nameof(Pasted))]
    public async Task Cancelling_and_revealing_refuse_a_reason_holding_a_card_number(string number)
    {
        var card = Assert.IsType<IssueCardResult.Issued>(await _bed.Harness.Vcn().IssueAsync(IssuanceHarness.EasyRequest(100m))).CardPurchaseId;

        var cancel = await Assert.ThrowsAsync<CardNumberInTextException>(() => _bed.Harness.Vcn().CancelAsync([card], $"Pasted {number}"));
        var reveal = await Assert.ThrowsAsync<CardNumberInTextException>(() => _bed.Harness.Vcn().RevealAsync(card, $"Check {number}"));

        Assert.Equal((English, English), (Message(cancel), Message(reveal)));
        await using var db = _bed.Database.CreateDbContext();
        Assert.Equal(CardPurchaseStatus.Active, (await db.CardPurchases.SingleAsync(p => p.Id == card)).Status);
        Assert.Equal(0, await db.AuditEvents.CountAsync(a => a.Action.StartsWith("card.reveal") || a.Action.StartsWith("card.cancel")));
    }

    [Theory]
    [InlineData("Alphanumeric")]
    [InlineData("Numeric")]
    public void A_custom_field_holding_a_card_number_is_refused_whatever_its_type(string dataType)
    {
        var rules = IssueCardRulesTests.NewRules();
        TemplateCustomField[] fields = [new("Booking", 40, "Text", dataType, true, [])];
        var catalog = new IssueCardCatalog(IssueCardRulesTests.Template(fields: fields), IssueCardRulesTests.Rcn(), IssueCardRulesTests.Supplier());

        var errors = rules.Validate(IssueCardRulesTests.Request(fields: new CustomFieldValue("Booking", TestCardNumbers.Visa)), catalog, new DateOnly(2026, 11, 24));

        var error = Assert.Single(errors);
        Assert.Equal(("CustomField:Booking", English), (error.Field, error.Message));
        Assert.Null(rules.CustomFieldError(fields[0], "4500012345"));
    }

    [Fact]
    public void The_message_is_said_in_spanish_too()
    {
        using var culture = new CultureScope("es-MX");
        Assert.Equal(
            "Esto parece un número de tarjeta. No incluyas números de tarjeta: lo que escribes aquí se guarda y se audita.",
            CardNumberText.Problem(TestCardNumbers.VisaGrouped, Localizer()));
    }

    private static string Message(Exception exception)
    {
        using var culture = new CultureScope("en-US");
        return UserMessages.For(exception, Localizer());
    }

    private static IStringLocalizer<SharedResource> Localizer() =>
        new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
}
