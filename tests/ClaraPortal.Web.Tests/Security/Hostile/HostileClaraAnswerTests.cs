using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ClaraPortal.Sandbox;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using ClaraPortal.Web.Tests.Features.Issuance;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// Clara (here the real sandbox over mutual TLS, scripted to answer before doing any work) answers something that is
/// not its contract: truncated JSON, wrong types, an empty body, JSON null, a proxy's HTML page. Every portal operation
/// that calls Clara must turn that into a clear sentence (never "something went wrong", never an exception escaping
/// as a 500), change nothing already stored beyond what its write path records by design (an unreadable answer to a
/// write leaves its outcome unknown: the row says so and the resolver replays the key), and never write a card number
/// or CVV to a log or a stored failure. Extra fields Clara may add later are not malformed: they are read and work.
/// </summary>
public sealed partial class HostileClaraAnswerTests(HostileBed bed) : IClassFixture<HostileBed>
{
    private const string Html = "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>";

    /// <summary>What a broken Clara (or something in front of it) may answer; each answered to every attempt of a call.</summary>
    private static readonly Dictionary<string, (int Status, string ContentType, string Body)> Answers = new()
    {
        ["truncated-json"] = (200, "application/json", "{\"purchaseId\": 99201000000001, \"reportId\": 70010000000001, \"status\": \"ACT"),
        ["string-where-number"] = (200, "application/json",
            "{\"purchaseId\":\"ninety-nine\",\"reportId\":\"ninety-nine\",\"status\":\"ACTIVE\",\"amount\":\"a lot\","
            + "\"results\":[{\"purchaseId\":\"ninety-nine\",\"status\":\"CANCELLED\"}],\"rcns\":[{\"id\":\"ninety-nine\",\"alias\":\"x\"}]}"),
        ["number-where-object"] = (200, "application/json",
            "{\"purchaseId\":99201000000001,\"reportId\":70010000000001,\"status\":{\"code\":\"ACTIVE\"},\"results\":7,\"rcns\":7,"
            + "\"templates\":7,\"suppliers\":7,\"transactions\":7,\"rows\":7}"),
        ["missing-fields"] = (200, "application/json", "{}"),
        ["html-502-from-proxy"] = (502, "text/html", Html),
        ["html-200-from-proxy"] = (200, "text/html; charset=utf-8", Html.Replace("502 Bad Gateway", "Sign in to the corporate network", StringComparison.Ordinal)),
        ["empty-200"] = (200, "application/json", ""),
        ["json-null"] = (200, "application/json", "null"),
    };

    public static TheoryData<string> AnswerNames => [.. Answers.Keys];

    private static bool IsGatewayError(string answer) => Answers[answer].Status >= 500;

    /// <summary>The sentence a read failing on this answer must give: unreadable, or Clara unavailable for a proxy's 502.</summary>
    private string ReadMessage(string answer) => bed.Localizer[IsGatewayError(answer) ? "Errors.ClaraUnavailable" : "Errors.ClaraUnreadable"].Value;

    private void Script(SandboxOperation operation, string answer)
    {
        var (status, contentType, body) = Answers[answer];
        bed.Sandbox.Server.Faults.ClearScript();
        // Every attempt of the call (the client retries reads and keyed writes) gets the same broken answer.
        for (var i = 0; i < 8; i++)
        {
            bed.Sandbox.Server.Faults.Enqueue(operation, SandboxFault.Malformed(status, contentType, body));
        }
    }

    private void Unscript() => bed.Sandbox.Server.Faults.ClearScript();

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Catalog_sync_fails_with_a_clear_message_and_keeps_the_catalog(string answer)
    {
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Read, answer);
        CatalogSyncResult result;
        try
        {
            result = (CatalogSyncResult)(await bed.OutcomeAsync(answer, async () => await bed.Service<CatalogSync>(HostileBed.Admin).SyncNowAsync())).Result!;
        }
        finally
        {
            Unscript();
        }

        Assert.False(result.Succeeded, $"{answer}: a sync of an unreadable catalog succeeded.");
        Assert.Equal(ReadMessage(answer), UserMessages.ForStored(result.Message, bed.Localizer));
        (await bed.SnapshotAsync()).AssertKeeps(before, answer);
        await AssertNoCardDataAsync(answer);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Issuing_records_the_outcome_as_unknown_and_the_replay_settles_it(string answer)
    {
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Submit, answer);
        HostileOutcome outcome;
        try
        {
            outcome = await bed.OutcomeAsync(answer, async () => await bed.Service<VcnService>(HostileBed.Issuer).IssueAsync(
                IssuanceHarness.EasyRequest(1100m, reference: $"MAL-{Guid.NewGuid():N}"[..20])));
        }
        finally
        {
            Unscript();
        }

        // The sandbox did nothing, but the portal cannot know that: Clara may have issued the card. Never "failed".
        var unknown = Assert.IsType<IssueCardResult.OutcomeUnknown>(outcome.Result);
        var row = await CardAsync(unknown.CardPurchaseId);
        Assert.Equal(CardPurchaseStatus.OutcomeUnknown, row.Status);
        Assert.Null(row.ClaraPurchaseId);
        (await bed.SnapshotAsync()).AssertKeeps(before, answer);

        // The replay with the recorded key is the first real submit: exactly one card, recorded on the same row.
        var settled = await bed.Service<VcnService>(HostileBed.Issuer).ResolveOutcomeAsync(unknown.CardPurchaseId);
        Assert.IsType<IssueCardResult.Issued>(settled);
        Assert.Equal(CardPurchaseStatus.Active, (await CardAsync(unknown.CardPurchaseId)).Status);
        await AssertNoCardDataAsync(answer);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Updating_leaves_the_change_unconfirmed_and_the_card_as_it_was(string answer)
    {
        var card = await IssueAsync();
        var stored = await CardAsync(card);
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Update, answer);
        HostileOutcome outcome;
        try
        {
            outcome = await bed.OutcomeAsync(answer, async () => await bed.Service<VcnService>(HostileBed.Issuer).UpdateAsync(card, new CardUpdate(stored.Amount + 50m, null, null)));
        }
        finally
        {
            Unscript();
        }

        var rejected = Assert.IsType<CardUpdateResult.Rejected>(outcome.Result);
        Assert.Equal(RejectionCodes.OutcomeUnknown, rejected.Code);
        Assert.Equal(bed.Localizer["Update.Error.OutcomeUnknown"].Value, rejected.Message);
        var after = await CardAsync(card);
        Assert.Equal(stored.Amount, after.Amount);
        Assert.Equal(stored.Available, after.Available);
        Assert.Equal(CardWriteKind.Update, after.PendingWrite);
        (await bed.SnapshotAsync()).AssertKeeps(before, answer, "CardPurchases");
        await AssertNoCardDataAsync(answer);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Cancelling_leaves_the_cancel_unconfirmed_never_failed(string answer)
    {
        var card = await IssueAsync();
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Cancel, answer);
        HostileOutcome outcome;
        try
        {
            outcome = await bed.OutcomeAsync(answer, async () => await bed.Service<VcnService>(HostileBed.Issuer).CancelAsync([card], "Order withdrawn"));
        }
        finally
        {
            Unscript();
        }

        var result = Assert.Single(Assert.IsAssignableFrom<IReadOnlyList<CardCancelResult>>(outcome.Result));
        Assert.Equal(CardCancelStatus.Unconfirmed, result.Status);
        var after = await CardAsync(card);
        Assert.Equal(CardPurchaseStatus.Active, after.Status);
        Assert.Equal(CardWriteKind.Cancel, after.PendingWrite);
        (await bed.SnapshotAsync()).AssertKeeps(before, answer, "CardPurchases");
        await AssertNoCardDataAsync(answer);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Revealing_says_the_answer_was_unreadable_and_shows_nothing(string answer)
    {
        // Each case as its own issuer: reveals are rate limited per user.
        var user = TestUsers.WithRoles($"mal-{answer}", "Mal Issuer", PortalRoles.Issuer);
        var card = await IssueAsync(user);
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Read, answer);
        HostileOutcome outcome;
        try
        {
            outcome = await bed.OutcomeAsync(answer, async () => await bed.Service<VcnService>(user).RevealAsync(card, "Paying the hotel"));
        }
        finally
        {
            Unscript();
        }

        Assert.True(outcome.Refused, $"{answer}: a card was revealed from a malformed answer.");
        Assert.Equal(ReadMessage(answer), outcome.Message);
        // The request is audited before Clara is called (by design); nothing else is written.
        (await bed.SnapshotAsync()).AssertKeeps(before, answer);
        await AssertNoCardDataAsync(answer);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Starting_a_report_keeps_it_starting_and_the_next_step_starts_it(string answer)
    {
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.ReportStart, answer);
        HostileOutcome outcome;
        try
        {
            outcome = await bed.OutcomeAsync(answer, async () => await bed.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(
                new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today, ReportKind.Clearing)));
        }
        finally
        {
            Unscript();
        }

        var started = Assert.IsType<ReportStart.Started>(outcome.Result);
        Assert.Equal(ReportState.Starting, (await ReportAsync(started.ReportId)).State);
        (await bed.SnapshotAsync()).AssertKeeps(before, answer);

        await bed.Service<ReconciliationReports>(HostileBed.Auditor).AdvanceAsync(started.ReportId);
        var report = await ReportAsync(started.ReportId);
        Assert.NotEqual(ReportState.Starting, report.State);
        Assert.NotEqual(ReportState.Failed, report.State);
    }

    [Theory]
    [MemberData(nameof(AnswerNames))]
    public async Task Polling_a_report_keeps_its_last_step(string answer)
    {
        var started = Assert.IsType<ReportStart.Started>(await bed.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(
            new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today, ReportKind.Clearing)));
        var stored = await ReportAsync(started.ReportId);
        Assert.Equal(ReportState.Pending, stored.State);
        var before = await bed.SnapshotAsync();
        Script(SandboxOperation.Read, answer);
        try
        {
            await bed.OutcomeAsync(answer, async () =>
            {
                await bed.Service<ReconciliationReports>(HostileBed.Auditor).AdvanceAsync(started.ReportId);
                return null;
            });
        }
        finally
        {
            Unscript();
        }

        var after = await ReportAsync(started.ReportId);
        Assert.Equal(ReportState.Pending, after.State);
        Assert.Equal(stored.ClaraReportId, after.ClaraReportId);
        Assert.Equal(0, after.FetchedRows);
        (await bed.SnapshotAsync()).AssertKeeps(before, answer, "Reports");
    }

    /// <summary>Extra fields are not malformed: the contract lets Clara add them, so the portal reads the answer and goes on.</summary>
    [Fact]
    public async Task Extra_fields_in_the_catalog_are_accepted()
    {
        var catalog = await RealAnswerAsync(HttpMethod.Get, "api/v1/vcn?companyDetail=ALL");
        catalog["schemaVersion"] = 2;
        catalog["rcns"]![0]!["loyaltyProgram"] = new JsonObject { ["tier"] = "gold", ["points"] = new JsonArray(1, 2) };
        catalog["templates"]![0]!["futureRule"] = "x";
        var result = await WithAnswerAsync(SandboxOperation.Read, catalog, () => bed.Service<CatalogSync>(HostileBed.Admin).SyncNowAsync());
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public async Task Extra_fields_in_a_submit_answer_are_accepted()
    {
        var request = IssuanceHarness.EasyRequest(1150m, reference: $"MAL-{Guid.NewGuid():N}"[..20]);
        var submitted = await RealAnswerAsync(HttpMethod.Post, "api/v1/vcn/submit", System.Text.Json.JsonSerializer.Serialize(
            new ClaraPortal.Clara.SubmitPurchaseRequest(request.FundingCardId, request.TemplateId, request.SupplierId, request.Amount, request.Currency,
                request.ValidFrom, request.ValidTo, request.Reference, []), ClaraPortal.Clara.ClaraJson.Options));
        submitted["network"] = new JsonObject { ["tokenized"] = true };
        submitted["riskScore"] = 0.02;
        var result = await WithAnswerAsync(SandboxOperation.Submit, submitted, () => bed.Service<VcnService>(HostileBed.Issuer).IssueAsync(request));
        var issued = Assert.IsType<IssueCardResult.Issued>(result);
        Assert.Equal(submitted["purchaseId"]!.GetValue<long>(), (await CardAsync(issued.CardPurchaseId)).ClaraPurchaseId);
        await AssertNoCardDataAsync("extra-fields submit", submitted["cardNumber"]!.GetValue<string>());
    }

    [Fact]
    public async Task Extra_fields_in_an_update_answer_are_accepted()
    {
        var card = await CardAsync(await IssueAsync());
        var amount = card.Amount + 75m;
        var updated = await RealAnswerAsync(HttpMethod.Post, $"api/v1/vcn/{card.ClaraPurchaseId}/update",
            $$"""{"amount": {{amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        updated["auditTrail"] = new JsonArray("changed-by-api");
        var result = await WithAnswerAsync(SandboxOperation.Update, updated, () => bed.Service<VcnService>(HostileBed.Issuer).UpdateAsync(card.Id, new CardUpdate(amount, null, null)));
        Assert.Equal(amount, Assert.IsType<CardUpdateResult.Updated>(result).Card.Amount);
        Assert.Null((await CardAsync(card.Id)).PendingWrite);
    }

    [Fact]
    public async Task Extra_fields_in_a_cancel_answer_are_accepted()
    {
        var card = await CardAsync(await IssueAsync());
        var cancelled = await RealAnswerAsync(HttpMethod.Post, "api/v1/vcn/cancel", $$"""{"purchaseIds": [{{card.ClaraPurchaseId}}], "reason": "Order withdrawn"}""");
        cancelled["batchId"] = "b-1";
        cancelled["results"]![0]!["refunded"] = new JsonObject { ["amount"] = 0, ["currency"] = "MXN" };
        var results = await WithAnswerAsync(SandboxOperation.Cancel, cancelled, () => bed.Service<VcnService>(HostileBed.Issuer).CancelAsync([card.Id], "Order withdrawn"));
        Assert.Equal(CardCancelStatus.Cancelled, Assert.Single(results).Status);
        Assert.Equal(CardPurchaseStatus.Cancelled, (await CardAsync(card.Id)).Status);
    }

    [Fact]
    public async Task Extra_fields_in_a_report_start_answer_are_accepted()
    {
        var today = IssuanceHarness.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var accepted = await RealAnswerAsync(HttpMethod.Post, "api/v1/vcn/report", $$"""{"from": "{{today}}", "to": "{{today}}", "type": "CLEARING"}""");
        accepted["estimatedSeconds"] = 3;
        accepted["links"] = new JsonObject { ["self"] = "https://example.invalid/report" };
        var start = await WithAnswerAsync(SandboxOperation.ReportStart, accepted, () => bed.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(
            new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today, ReportKind.Clearing)));
        var report = await ReportAsync(Assert.IsType<ReportStart.Started>(start).ReportId);
        Assert.Equal(ReportState.Pending, report.State);
        Assert.Equal(accepted["reportId"]!.GetValue<long>(), report.ClaraReportId);
    }

    [Fact]
    public async Task Extra_fields_in_a_reveal_answer_are_accepted()
    {
        var user = TestUsers.WithRoles("mal-extra-reveal", "Mal Issuer", PortalRoles.Issuer);
        var card = await CardAsync(await IssueAsync(user));
        var details = await RealAnswerAsync(HttpMethod.Get, $"api/v1/vcn/{card.ClaraPurchaseId}?reveal=true");
        details["tokenization"] = new JsonObject { ["applePay"] = false };
        details["transactions"] = new JsonArray();
        var revealed = await WithAnswerAsync(SandboxOperation.Read, details, () => bed.Service<VcnService>(user).RevealAsync(card.Id, "Paying the hotel"));
        Assert.Equal(details["cardNumber"]!.GetValue<string>(), revealed.CardNumber);
        await AssertNoCardDataAsync("extra-fields reveal", revealed.CardNumber);
    }

    [Fact]
    public async Task Extra_fields_in_a_report_page_are_accepted()
    {
        var started = Assert.IsType<ReportStart.Started>(await bed.Service<ReconciliationReports>(HostileBed.Auditor).StartAsync(
            new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today, ReportKind.Clearing)));
        var report = await ReportAsync(started.ReportId);
        var page = new JsonObject
        {
            ["reportId"] = report.ClaraReportId, ["status"] = "READY", ["progress"] = 1, ["totalRows"] = 0, ["rows"] = new JsonArray(),
            ["generatedBy"] = "clara-reports-v3", ["links"] = new JsonObject { ["csv"] = "https://example.invalid/r.csv" },
        };
        await WithAnswerAsync<object?>(SandboxOperation.Read, page, async () =>
        {
            await bed.Service<ReconciliationReports>(HostileBed.Auditor).AdvanceAsync(started.ReportId);
            return null;
        });
        Assert.Equal(ReportState.Ready, (await ReportAsync(started.ReportId)).State);
    }

    private async Task<T> WithAnswerAsync<T>(SandboxOperation operation, JsonObject answer, Func<Task<T>> act)
    {
        bed.Sandbox.Server.Faults.ClearScript();
        bed.Sandbox.Server.Faults.Enqueue(operation, SandboxFault.Malformed(200, "application/json", answer.ToJsonString()));
        try
        {
            return await act();
        }
        finally
        {
            Unscript();
        }
    }

    /// <summary>Clara's real answer to a call, as JSON to add fields to.</summary>
    private async Task<JsonObject> RealAnswerAsync(HttpMethod method, string path, string? body = null)
    {
        using var raw = bed.Sandbox.Harness.Raw();
        var token = await raw.GetTokenAsync();
        using var response = await raw.SendAsync(method, path, token, body, idempotencyKey: method == HttpMethod.Post ? Guid.NewGuid().ToString("N") : null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<Guid> IssueAsync(System.Security.Claims.ClaimsPrincipal? user = null)
    {
        var result = await bed.Service<VcnService>(user ?? HostileBed.Issuer).IssueAsync(IssuanceHarness.EasyRequest(1000m, reference: $"MAL-{Guid.NewGuid():N}"[..20]));
        return result is IssueCardResult.Issued issued ? issued.CardPurchaseId : throw new Xunit.Sdk.XunitException($"Setup: no card issued: {result}");
    }

    private async Task<CardPurchase> CardAsync(Guid id)
    {
        await using var db = bed.Database.CreateDbContext();
        return await db.CardPurchases.AsNoTracking().SingleAsync(p => p.Id == id);
    }

    private async Task<ReconciliationReport> ReportAsync(Guid id)
    {
        await using var db = bed.Database.CreateDbContext();
        return await db.Reports.AsNoTracking().SingleAsync(r => r.Id == id);
    }

    /// <summary>No log line and no stored failure holds a card number (or the given one). A 3-digit CVV cannot be told from other digits.</summary>
    private async Task AssertNoCardDataAsync(string what, params string[] secrets)
    {
        var lines = bed.Harness.Logs.Lines.Concat(bed.Sandbox.ClientLogs.Lines).ToList();
        await using (var db = bed.Database.CreateDbContext())
        {
            lines.AddRange(await db.CardPurchases.AsNoTracking().Select(p => (p.FailureCode ?? "") + " " + (p.FailureMessage ?? "")).ToListAsync());
            lines.AddRange(await db.Reports.AsNoTracking().Select(r => r.FailureMessage ?? "").ToListAsync());
            lines.AddRange(await db.CatalogSyncRuns.AsNoTracking().Select(r => r.Message ?? "").ToListAsync());
        }

        foreach (var line in lines)
        {
            Assert.False(CardNumber().IsMatch(line), $"{what}: a card number in \"{HostileInputs.Describe(line)}\"");
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"{what}: card data in \"{HostileInputs.Describe(line)}\"");
            }
        }
    }

    // The sandbox's test BINs (400000, 555534) followed by ten digits: a whole card number.
    [GeneratedRegex(@"(?<!\d)(400000|555534)\d{10}(?!\d)")]
    private static partial Regex CardNumber();
}
