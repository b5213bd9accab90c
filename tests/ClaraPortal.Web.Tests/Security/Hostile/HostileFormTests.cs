using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Policy;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// Every form's service and every filter, fed the hostile catalogue through the real services (real SQLite file, real
/// sandbox over mutual TLS): each input gets a clear answer (a refusal with a message, an exception the portal words
/// specifically, or an acceptance), never "something went wrong"; what was stored before is still there unchanged; the
/// audit chain still verifies. Writes must refuse what no stored text may hold (control and direction-override
/// characters, unpaired surrogates, oversized text, card numbers) and every out-of-range amount and date.
/// </summary>
public sealed class HostileFormTests(HostileBed bed) : IClassFixture<HostileBed>
{
    private delegate Task<object?> TextForm(HostileBed bed, string text);

    private delegate Task<object?> AmountForm(HostileBed bed, decimal amount);

    private delegate Task<object?> DateForm(HostileBed bed, DateOnly date);

    private delegate Task<object?> IdForm(HostileBed bed, Guid id);

    /// <summary>Free-text fields of every form, and the text filters of every list (reads: only "no crash" is asked of them).</summary>
    private static readonly Dictionary<string, (bool Write, TextForm Act)> TextForms = new()
    {
        ["issue.reference"] = (true, async (b, t) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(IssuanceHarness.EasyRequest(1500m, reference: t))),
        ["issue.custom-field-value"] = (true, async (b, t) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(
            IssuanceHarness.EasyRequest(1500m, reference: "HOS-CF") with { CustomFields = [new CustomFieldValue("Project Code", t)] })),
        ["issue.custom-field-name"] = (true, async (b, t) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(
            IssuanceHarness.EasyRequest(1500m, reference: "HOS-CF") with { CustomFields = [new CustomFieldValue(t, "A1")] })),
        ["approval.justification"] = (true, async (b, t) => await b.Service<ApprovalService>(HostileBed.Issuer).RequestIssueAsync(
            IssuanceHarness.EasyRequest(25_000m, reference: "HOS-JUST"), t)),
        ["approval.approve-comment"] = (true, async (b, t) => await b.Service<ApprovalService>(HostileBed.Approver).ApproveAsync(await b.FileRequestAsync(), new ApprovalChanges(t))),
        ["approval.reject-comment"] = (true, async (b, t) => await b.Service<ApprovalService>(HostileBed.Approver).RejectAsync(await b.FileRequestAsync(), t)),
        ["cards.cancel-reason"] = (true, async (b, t) => await b.Service<VcnService>(HostileBed.Issuer).CancelAsync([b.OtherCompanysCard], t)),
        ["cards.reveal-reason"] = (true, async (b, t) => await b.Service<VcnService>(HostileBed.Issuer).RevealAsync(b.OtherUsersCard, t)),
        ["policy.band-currency"] = (true, async (b, t) => await b.Service<PolicyAdministration>(HostileBed.Admin).SaveBandAsync(null, t, 5_000m, 50_000m)),
        ["policy.authority-user"] = (true, async (b, t) => await b.Service<PolicyAdministration>(HostileBed.Admin).SaveAuthorityAsync(t, "MXN", 1_000m, null)),
        ["policy.authority-currency"] = (true, async (b, t) => await b.Service<PolicyAdministration>(HostileBed.Admin).SaveAuthorityAsync("dev-issuer-2", t, 1_000m, null)),
        ["companies.grant-user"] = (true, async (b, t) => await b.Service<CompanyAdministration>(HostileBed.Admin).GrantAsync(TestCompanies.Servicios.Key, t, "Issuer")),
        ["companies.grant-role"] = (true, async (b, t) => await b.Service<CompanyAdministration>(HostileBed.Admin).GrantAsync(TestCompanies.Servicios.Key, "dev-issuer", t)),
        ["companies.grant-company"] = (true, async (b, t) => await b.Service<CompanyAdministration>(HostileBed.Admin).GrantAsync(t, "dev-issuer", "Issuer")),
        ["history.cards-filter"] = (false, async (b, t) => await b.Service<HistoryQueries>(HostileBed.Auditor).CardsAsync(
            new CardHistoryFilter { Reference = t, IssuedBy = t, Currency = t }, new HistoryPageRequest<CardHistorySort>(CardHistorySort.Created))),
        ["history.events-filter"] = (false, async (b, t) => await b.Service<HistoryQueries>(HostileBed.Auditor).EventsAsync(
            new EventHistoryFilter { ActorId = t, Action = t, EntityType = t, EntityId = t }, new HistoryPageRequest<EventHistorySort>(EventHistorySort.Time))),
        ["catalog.supplier-search"] = (false, async (b, t) => await b.Service<CatalogQueries>(HostileBed.Issuer).SearchSuppliersAsync(new SupplierQuery(t))),
        ["cards.list-filter"] = (false, async (b, t) => await b.Service<CardQueries>(HostileBed.Admin).ListAsync(new CardListQuery { IssuedBy = t, Currency = t, MineOnly = false })),
    };

    /// <summary>Texts no write may store, whatever the field.</summary>
    private static readonly HashSet<string> NeverStored =
        ["oversized-1m", "oversized-10k", "nul", "control-chars", "rtl-override", "lone-surrogate", "unicode-line-separator", "card-number"];


    private static readonly Dictionary<string, (bool Write, AmountForm Act)> AmountForms = new()
    {
        ["issue.amount"] = (true, async (b, a) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(IssuanceHarness.EasyRequest(a, reference: "HOS-AMT"))),
        ["issue.amount-approval"] = (true, async (b, a) => await b.Service<ApprovalService>(HostileBed.Issuer).RequestIssueAsync(
            IssuanceHarness.EasyRequest(a, reference: "HOS-AMT"), "Big invoice")),
        ["cards.update-amount"] = (true, async (b, a) => await b.Service<VcnService>(HostileBed.Issuer).UpdateAsync(b.OwnCard, new CardUpdate(a, null, null))),
        ["approval.lower-amount"] = (true, async (b, a) => await b.Service<ApprovalService>(HostileBed.Approver).ApproveAsync(await b.FileRequestAsync(), new ApprovalChanges("ok", a))),
        ["policy.band"] = (true, async (b, a) => await b.Service<PolicyAdministration>(HostileBed.Admin).SaveBandAsync(null, "USD", a, Math.Max(a, 0m))),
        ["policy.authority"] = (true, async (b, a) => await b.Service<PolicyAdministration>(HostileBed.Admin).SaveAuthorityAsync("dev-issuer-2", "USD", a, a)),
        ["history.min-max"] = (false, async (b, a) => await b.Service<HistoryQueries>(HostileBed.Auditor).CardsAsync(
            new CardHistoryFilter { MinAmount = a, MaxAmount = a }, new HistoryPageRequest<CardHistorySort>(CardHistorySort.Amount))),
        ["history.count-min"] = (false, async (b, a) => await b.Service<HistoryQueries>(HostileBed.Auditor).CountCardsAsync(new CardHistoryFilter { MinAmount = a })),
        ["cards.list-min-max"] = (false, async (b, a) => await b.Service<CardQueries>(HostileBed.Admin).ListAsync(new CardListQuery { MinAmount = a, MaxAmount = -a, MineOnly = false })),
        ["approvals.queue-min"] = (false, async (b, a) => await b.Service<ApprovalQueries>(HostileBed.Approver).QueueAsync(new ApprovalQueueQuery(MinAmount: a))),
    };

    private static readonly Dictionary<string, (bool Write, DateForm Act)> DateForms = new()
    {
        ["issue.valid-from"] = (true, async (b, d) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(IssuanceHarness.EasyRequest(1500m, reference: "HOS-DATE") with { ValidFrom = d })),
        ["issue.valid-to"] = (true, async (b, d) => await b.Service<VcnService>(HostileBed.Issuer).IssueAsync(IssuanceHarness.EasyRequest(1500m, reference: "HOS-DATE") with { ValidTo = d })),
        ["cards.update-valid-to"] = (true, async (b, d) => await b.Service<VcnService>(HostileBed.Issuer).UpdateAsync(b.OwnCard, new CardUpdate(null, null, d))),
        ["approval.shorter-valid-to"] = (true, async (b, d) => await b.Service<ApprovalService>(HostileBed.Approver).ApproveAsync(await b.FileRequestAsync(), new ApprovalChanges("ok", null, d))),
        ["reports.from"] = (true, async (b, d) => await b.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(new NewReportRequest(d, IssuanceHarness.Today, ReportKind.Clearing))),
        ["reports.to"] = (true, async (b, d) => await b.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(new NewReportRequest(IssuanceHarness.Today, d, ReportKind.Clearing))),
        ["history.cards-from-to"] = (false, async (b, d) => await b.Service<HistoryQueries>(HostileBed.Auditor).CardsAsync(
            new CardHistoryFilter { From = d, To = d }, new HistoryPageRequest<CardHistorySort>(CardHistorySort.Created))),
        ["history.events-from-to"] = (false, async (b, d) => await b.Service<HistoryQueries>(HostileBed.Auditor).EventsAsync(
            new EventHistoryFilter { From = d, To = d }, new HistoryPageRequest<EventHistorySort>(EventHistorySort.Time))),
        ["cards.list-created"] = (false, async (b, d) => await b.Service<CardQueries>(HostileBed.Admin).ListAsync(new CardListQuery { CreatedFrom = d, CreatedTo = d, MineOnly = false })),
    };

    /// <summary>Ids that are not the caller's to use: made up, empty, another issuer's, another company's, the wrong kind.</summary>
    private static readonly Dictionary<string, Func<HostileBed, Guid>> Ids = new()
    {
        ["random"] = _ => Guid.NewGuid(),
        ["empty"] = _ => Guid.Empty,
        ["other-users-card"] = b => b.OtherUsersCard,
        ["other-companys-card"] = b => b.OtherCompanysCard,
        ["request-as-card"] = b => b.PendingRequest,
    };

    private static readonly Dictionary<string, (bool Write, IdForm Act)> IdForms = new()
    {
        ["cards.update"] = (true, async (b, id) => await b.Service<VcnService>(HostileBed.Issuer).UpdateAsync(id, new CardUpdate(1000m, null, null))),
        ["cards.cancel"] = (true, async (b, id) => await b.Service<VcnService>(HostileBed.Issuer).CancelAsync([id], "Hostile test")),
        ["cards.reveal"] = (true, async (b, id) => await b.Service<VcnService>(HostileBed.Issuer).RevealAsync(id, "Hostile test")),
        ["cards.check-again"] = (true, async (b, id) => await b.Service<VcnService>(HostileBed.Issuer).ResolveOutcomeAsync(id)),
        ["approval.approve"] = (true, async (b, id) => await b.Service<ApprovalService>(HostileBed.Approver).ApproveAsync(Swap(b, id), new ApprovalChanges("ok"))),
        ["approval.reject"] = (true, async (b, id) => await b.Service<ApprovalService>(HostileBed.Approver).RejectAsync(Swap(b, id), "no")),
        ["approval.withdraw"] = (true, async (b, id) => await b.Service<ApprovalService>(HostileBed.OtherIssuer).WithdrawAsync(Swap(b, id))),
        ["approval.reveal-issued"] = (true, async (b, id) => await b.Service<ApprovalService>(HostileBed.OtherIssuer).RevealIssuedCardAsync(Swap(b, id))),
        ["cards.detail"] = (false, async (b, id) => await b.Service<CardQueries>(HostileBed.Issuer).GetAsync(id)),
        ["history.timeline"] = (false, async (b, id) => await b.Service<HistoryQueries>(HostileBed.Auditor).TimelineAsync(id)),
        ["approval.detail"] = (false, async (b, id) => await b.Service<ApprovalQueries>(HostileBed.Approver).DetailAsync(Swap(b, id))),
        ["reports.summary"] = (false, async (b, id) => await b.Service<ReportQueries>(HostileBed.Auditor).GetAsync(id)),
        ["reports.lines"] = (false, async (b, id) => await b.Service<ReportQueries>(HostileBed.Auditor).LinesAsync(id, ReportLineFilter.All, 0, 50)),
    };

    public static TheoryData<string, string> TextCases() => Cross(TextForms.Keys, HostileInputs.Texts.Keys);

    public static TheoryData<string, string> AmountCases() => Cross(AmountForms.Keys, HostileInputs.Amounts.Keys);

    public static TheoryData<string, string> DateCases() => Cross(DateForms.Keys, HostileInputs.Dates.Keys);

    public static TheoryData<string, string> IdCases() => Cross(IdForms.Keys, Ids.Keys);

    [Theory]
    [MemberData(nameof(TextCases))]
    public async Task Hostile_text_gets_a_clear_answer_and_leaves_what_is_stored_alone(string form, string input)
    {
        var (write, act) = TextForms[form];
        var outcome = await AttackAsync($"{form} <- text {input}", b => act(b, HostileInputs.Texts[input]));
        if (write && NeverStored.Contains(input))
        {
            Assert.True(outcome.Refused, $"{form} stored the {input} text instead of refusing it.");
        }
    }

    [Theory]
    [MemberData(nameof(AmountCases))]
    public async Task Hostile_amounts_get_a_clear_answer_and_leave_what_is_stored_alone(string form, string input)
    {
        var (write, act) = AmountForms[form];
        var outcome = await AttackAsync($"{form} <- amount {input}", b => act(b, HostileInputs.Amounts[input]));
        // Zero is a fair policy figure (everything needs an approver); for a card it is no amount at all.
        if (write && !(form.StartsWith("policy.", StringComparison.Ordinal) && input == "zero"))
        {
            Assert.True(outcome.Refused, $"{form} accepted the amount {input} ({HostileInputs.Amounts[input]}).");
        }
    }

    [Theory]
    [MemberData(nameof(DateCases))]
    public async Task Hostile_dates_get_a_clear_answer_and_leave_what_is_stored_alone(string form, string input)
    {
        var (write, act) = DateForms[form];
        var outcome = await AttackAsync($"{form} <- date {input}", b => act(b, HostileInputs.Dates[input]));
        if (write)
        {
            Assert.True(outcome.Refused, $"{form} accepted the date {input} ({HostileInputs.Dates[input]}).");
        }
    }

    [Theory]
    [MemberData(nameof(IdCases))]
    public async Task Ids_that_are_not_the_callers_get_a_clear_answer_and_leave_what_is_stored_alone(string form, string input)
    {
        var (write, act) = IdForms[form];
        var outcome = await AttackAsync($"{form} <- id {input}", b => act(b, Ids[input](b)));
        if (write)
        {
            Assert.True(outcome.Refused, $"{form} acted on the {input} id.");
        }
        else if (input != "other-users-card" || form == "cards.detail")
        {
            // An Auditor's timeline may show another issuer's card of the company; nothing else may show anything.
            Assert.True(outcome.Refused || ShowsNothing(outcome.Result), $"{form} showed something for the {input} id: {outcome.Result}.");
        }
    }

    private async Task<HostileOutcome> AttackAsync(string what, Func<HostileBed, Task<object?>> act)
    {
        var before = await bed.SnapshotAsync();
        var outcome = await bed.OutcomeAsync(what, () => act(bed));
        var after = await bed.SnapshotAsync();
        after.AssertKeeps(before, what, outcome.Refused ? [] : MayChangeWhenAccepted);
        await bed.AssertChainIntactAsync(what);
        return outcome;
    }

    /// <summary>Tables an accepted write may update in place (a policy row being set again, the catalog's cached credit).</summary>
    private static readonly string[] MayChangeWhenAccepted = ["ApprovalBands", "IssuerAuthorities", "FundingCards"];

    private static bool ShowsNothing(object? result) => result switch
    {
        null => true,
        CardLookup.NotFound => true,
        ReportPage<ReportLine> page => page.Items.Count == 0,
        _ => false,
    };

    /// <summary>The approval forms take request ids: a card id stands for "the wrong kind", the pending request for itself.</summary>
    private static Guid Swap(HostileBed b, Guid id) => id == b.PendingRequest ? b.OwnCard : id;

    private static TheoryData<string, string> Cross(IEnumerable<string> forms, IEnumerable<string> inputs)
    {
        var data = new TheoryData<string, string>();
        foreach (var form in forms)
        {
            foreach (var input in inputs)
            {
                data.Add(form, input);
            }
        }

        return data;
    }
}
