using System.Text;
using ClaraPortal.Clara;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static ClaraPortal.Web.Tests.Features.Issuance.IssuanceHarness;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>Issuing against the real sandbox over mutual TLS, recorded in a real SQLite file.</summary>
public sealed class VcnServiceIssueTests(IssuanceSandbox sandbox) : IClassFixture<IssuanceSandbox>, IAsyncLifetime
{
    private IssuanceHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await CreateAsync(sandbox.Client);

    public async Task DisposeAsync()
    {
        sandbox.Server.Faults.TimeoutAfterCommitCount = 0;
        await _harness.DisposeAsync();
    }

    [Fact]
    public async Task Issuing_records_an_active_card_with_its_last_four_and_shows_the_full_card_once()
    {
        var request = EasyRequest(1234.50m) with { Reference = "PO-2026-00842" };

        var result = await _harness.Vcn().IssueAsync(request);

        var issued = Assert.IsType<IssueCardResult.Issued>(result);
        Assert.Equal(16, issued.Card.CardNumber.Length);
        Assert.Equal("Visa", issued.Card.Brand);
        Assert.Equal(issued.Card.CardNumber[^4..], issued.Card.Last4);
        Assert.Matches(@"^\d{2}/\d{2}$", issued.Card.ExpirationDate);
        Assert.DoesNotContain(issued.Card.CardNumber, issued.Card.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Card.Cvv, issued.Card.ToString().Replace(issued.Card.Last4, "", StringComparison.Ordinal), StringComparison.Ordinal);

        await using var db = _harness.Database.CreateDbContext();
        var row = await db.CardPurchases.SingleAsync();
        Assert.Equal(issued.CardPurchaseId, row.Id);
        Assert.Equal((CardPurchaseStatus.Active, issued.Card.Last4, 1234.50m, "PO-2026-00842", "dev-issuer"), (row.Status, row.Last4, row.Amount, row.Reference, row.IssuedBy));
        Assert.Equal("Visa", row.Brand);
        Assert.NotNull(row.ClaraPurchaseId);
        Assert.NotNull(row.IssuedAt);
        Assert.Equal((0m, 1234.50m), (row.Spent, row.Available));
        Assert.Equal(request.IdempotencyKey, row.IdempotencyKey);

        var events = await db.AuditEvents.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([AuditActions.IssueRequested, AuditActions.Issued], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal((row.Id.ToString(), "CardPurchase", "dev-issuer"), (e.EntityId, e.EntityType, e.ActorId)));
        Assert.Equal(events[0].CorrelationId, events[1].CorrelationId);
        Assert.True((await TestAuditChain.VerifyAsync(db)).IsIntact);
        var everything = string.Join("|", events.Select(e => e.BeforeJson + e.AfterJson));
        Assert.DoesNotContain(issued.Card.CardNumber, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Card.CardNumber, string.Join("\n", _harness.Logs.Lines.Concat(sandbox.ClientLogs.Lines)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_the_rules_refuse_is_neither_recorded_nor_sent()
    {
        var before = await _harness.AvailableCreditAsync(MxnRcn);

        var result = await _harness.Vcn().IssueAsync(EasyRequest(300_000m) with { Currency = "EUR", ValidTo = Today.AddDays(400) });

        var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
        Assert.Null(rejected.CardPurchaseId);
        Assert.Equal(RejectionCodes.Validation, rejected.Code);
        Assert.Equal([IssueFields.Amount, IssueFields.Currency, IssueFields.ValidTo], rejected.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        await using var db = _harness.Database.CreateDbContext();
        Assert.Empty(await db.CardPurchases.ToListAsync());
        Assert.Empty(await db.AuditEvents.ToListAsync());
        Assert.Equal(before, await _harness.AvailableCreditAsync(MxnRcn));
    }

    [Fact]
    public async Task A_rule_only_clara_can_judge_comes_back_as_a_failed_row_and_an_error_on_the_amount_field()
    {
        // 1,000 USD on the 5,000 MXN petty-cash card: the portal cannot convert currencies, Clara can (B011).
        var request = EasyRequest(1000m) with { FundingCardId = PettyCashRcn, Currency = "USD" };

        var result = await _harness.Vcn().IssueAsync(request);

        var rejected = Assert.IsType<IssueCardResult.Rejected>(result);
        Assert.Equal("B011", rejected.Code);
        Assert.Equal(IssueFields.Amount, Assert.Single(rejected.Errors).Field);
        await using var db = _harness.Database.CreateDbContext();
        var row = await db.CardPurchases.SingleAsync();
        Assert.Equal((rejected.CardPurchaseId, CardPurchaseStatus.Failed, "B011"), ((Guid?)row.Id, row.Status, row.FailureCode));
        Assert.Null(row.ClaraPurchaseId);
        Assert.Equal([AuditActions.IssueRequested, AuditActions.IssueFailed], await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        // The same key again is the same request: not sent twice.
        var again = await _harness.Vcn().IssueAsync(request);
        Assert.Equal(new IssueCardResult.AlreadySubmitted(row.Id, CardPurchaseStatus.Failed), again);
    }

    [Fact]
    public async Task Clara_422s_are_mapped_onto_the_form_fields_when_the_cache_is_out_of_date()
    {
        // The cached template says nothing is required and the maximum is higher than Clara's: only Clara knows better.
        await using (var db = _harness.Database.CreateDbContext())
        {
            var hotels = await db.CardTemplates.SingleAsync(t => t.ClaraId == HotelsTemplate);
            var definition = hotels.ReadDefinition();
            hotels.WriteDefinition(definition with { CustomFields = [], PurchaseTypes = [], MaxAmount = 10_000_000m });
            var easy = await db.CardTemplates.SingleAsync(t => t.ClaraId == EasyTemplate);
            easy.WriteDefinition(easy.ReadDefinition() with { MaxAmount = 10_000_000m });
            // A policy that issues anything at once, so the amount reaches Clara rather than an approver.
            db.ApprovalBands.Add(new ApprovalBand { AutoApproveUpTo = 10_000_000m, TwoApproversAbove = 20_000_000m, UpdatedBy = "test" });
            await db.SaveChangesAsync();
        }

        var overMaximum = await _harness.Vcn().IssueAsync(EasyRequest(260_000m));
        var missingFields = await _harness.Vcn().IssueAsync(EasyRequest(100m) with { TemplateId = HotelsTemplate });

        var amount = Assert.IsType<IssueCardResult.Rejected>(overMaximum);
        Assert.Equal("B013", amount.Code);
        Assert.Equal(IssueFields.Amount, Assert.Single(amount.Errors).Field);
        var fields = Assert.IsType<IssueCardResult.Rejected>(missingFields);
        Assert.Contains(fields.Errors, e => e.Field.StartsWith(IssueFields.CustomFieldPrefix, StringComparison.Ordinal));
        Assert.Contains(fields.Errors, e => e.Field == IssueFields.Supplier);
        Assert.All(fields.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public async Task A_second_submit_with_the_same_key_returns_already_submitted_and_clara_issues_one_card()
    {
        var before = await _harness.AvailableCreditAsync(MxnRcn);
        var request = EasyRequest(777m);

        var first = Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn().IssueAsync(request));
        var second = await _harness.Vcn().IssueAsync(request);

        Assert.Equal(new IssueCardResult.AlreadySubmitted(first.CardPurchaseId, CardPurchaseStatus.Active), second);
        Assert.Equal(before - 777m, await _harness.AvailableCreditAsync(MxnRcn));
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(1, await db.CardPurchases.CountAsync());
        await AssertNextPurchaseFollowsAsync(await db.CardPurchases.Select(p => p.ClaraPurchaseId!.Value).SingleAsync());
    }

    [Fact]
    public async Task Two_submits_with_one_key_at_the_same_moment_make_one_card()
    {
        var before = await _harness.AvailableCreditAsync(MxnRcn);
        var request = EasyRequest(555m);

        var results = await Task.WhenAll(
            Task.Run(() => _harness.Vcn().IssueAsync(request)),
            Task.Run(() => _harness.Vcn().IssueAsync(request)),
            Task.Run(() => _harness.Vcn().IssueAsync(request)));

        Assert.Single(results.OfType<IssueCardResult.Issued>());
        Assert.Equal(2, results.OfType<IssueCardResult.AlreadySubmitted>().Count());
        Assert.Single(results.Select(r => r.CardPurchaseId).Distinct());
        Assert.Equal(before - 555m, await _harness.AvailableCreditAsync(MxnRcn));
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal(1, await db.CardPurchases.CountAsync());
    }

    [Fact]
    public async Task A_timeout_after_commit_is_outcome_unknown_and_check_again_finds_the_same_card_without_a_second_one()
    {
        // Only this client gives up early, and it does not retry by itself. Early, not hasty: the replay below must
        // still fit in it on a busy 2-core machine (its token was fetched by the catalog sync in CreateAsync).
        using var impatient = sandbox.CreateClient(o =>
        {
            o.MaxRetries = 0;
            o.RequestTimeout = TimeSpan.FromSeconds(3);
        });
        await using var lossy = await CreateAsync(impatient);
        var before = await _harness.AvailableCreditAsync(MxnRcn);
        var request = EasyRequest(4321m);
        sandbox.Server.Faults.TimeoutAfterCommitCount = 1;

        var unknown = Assert.IsType<IssueCardResult.OutcomeUnknown>(await lossy.Vcn().IssueAsync(request));

        await using (var db = lossy.Database.CreateDbContext())
        {
            var row = await db.CardPurchases.SingleAsync();
            Assert.Equal((CardPurchaseStatus.OutcomeUnknown, (long?)null, (string?)null), (row.Status, row.ClaraPurchaseId, row.Last4));
        }

        // A refresh or double click with the same key must not send it again either.
        Assert.Equal(new IssueCardResult.AlreadySubmitted(unknown.CardPurchaseId, CardPurchaseStatus.OutcomeUnknown), await lossy.Vcn().IssueAsync(request));

        var resolved = Assert.IsType<IssueCardResult.Issued>(await lossy.Vcn().ResolveOutcomeAsync(unknown.CardPurchaseId));

        Assert.Equal(unknown.CardPurchaseId, resolved.CardPurchaseId);
        Assert.Equal(before - 4321m, await _harness.AvailableCreditAsync(MxnRcn));
        await using var after = lossy.Database.CreateDbContext();
        var card = await after.CardPurchases.SingleAsync();
        Assert.Equal((CardPurchaseStatus.Active, resolved.Card.Last4, resolved.Card.Brand), (card.Status, card.Last4, card.Brand));
        Assert.Equal("Visa", card.Brand);
        await AssertNextPurchaseFollowsAsync(card.ClaraPurchaseId!.Value);
        Assert.Equal(
            [AuditActions.IssueRequested, AuditActions.OutcomeUnknown, AuditActions.Issued],
            await after.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());

        // Resolved once; asking again says so and shows nothing.
        Assert.Equal(new IssueCardResult.AlreadySubmitted(card.Id, CardPurchaseStatus.Active), await lossy.Vcn().ResolveOutcomeAsync(card.Id));
    }

    [Fact]
    public async Task Only_issuers_and_admins_may_issue_and_a_refused_user_leaves_no_trace()
    {
        foreach (var role in new[] { PortalRoles.Approver, PortalRoles.Auditor })
        {
            var error = await Assert.ThrowsAsync<AccessDeniedException>(() => _harness.Vcn(TestUsers.InRole(role)).IssueAsync(EasyRequest()));
            Assert.Equal(PortalPolicies.CanIssue, error.Policy);
        }

        Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn(Admin).IssueAsync(EasyRequest(10m)));
        await using var db = _harness.Database.CreateDbContext();
        Assert.Equal("dev-admin", (await db.CardPurchases.SingleAsync()).IssuedBy);
    }

    [Fact]
    public async Task Neither_the_database_file_nor_its_wal_nor_the_logs_hold_the_card_number_or_cvv()
    {
        var issued = Assert.IsType<IssueCardResult.Issued>(await _harness.Vcn().IssueAsync(EasyRequest(99m)));
        var id = issued.CardPurchaseId;
        var revealed = await _harness.Vcn().RevealAsync(id, "Supplier asked for the number again");
        Assert.Equal(issued.Card.CardNumber, revealed.CardNumber);

        var files = new[] { _harness.Database.FilePath, _harness.Database.FilePath + "-wal" }.Where(File.Exists).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // Read while the portal may still hold it open, as a backup tool would.
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new MemoryStream();
            await stream.CopyToAsync(reader);
            var bytes = reader.ToArray();
            foreach (var secret in Secrets(issued.Card))
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"{Path.GetFileName(file)} holds card data");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"{Path.GetFileName(file)} holds card data (UTF-16)");
            }
        }

        var logs = string.Join("\n", _harness.Logs.Lines.Concat(sandbox.ClientLogs.Lines));
        foreach (var secret in Secrets(issued.Card))
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task When_recording_an_issued_card_fails_the_card_is_still_shown_the_row_is_left_unknown_and_the_resolver_records_the_same_card()
    {
        var interceptor = new FailActivation();
        await using var broken = await CreateAsync(sandbox.Client, contexts: database => new InterceptedContexts(database, interceptor));
        var request = EasyRequest(321m, reference: "PO-RECORD-FAILS");

        // Clara issued it: the person who asked sees the card now, whatever the database did.
        var issued = Assert.IsType<IssueCardResult.Issued>(await broken.Vcn().IssueAsync(request));

        await using (var db = broken.Database.CreateDbContext())
        {
            var row = await db.CardPurchases.SingleAsync();
            Assert.Equal(issued.CardPurchaseId, row.Id);
            Assert.Equal((CardPurchaseStatus.OutcomeUnknown, (string?)null), (row.Status, row.Last4));
            Assert.NotNull(row.NextResolveAt);
            Assert.Equal([AuditActions.IssueRequested, AuditActions.OutcomeUnknown], await db.AuditEvents.OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        }

        interceptor.Armed = false;
        var pass = await broken.ResolveEverythingAsync();

        Assert.Equal(1, pass.Settled);
        await using var after = broken.Database.CreateDbContext();
        var settled = await after.CardPurchases.SingleAsync();
        Assert.Equal((CardPurchaseStatus.Active, issued.Card.Last4), (settled.Status, settled.Last4));
        Assert.Null(settled.NextResolveAt);
        Assert.Single(sandbox.Server.ListPurchases(), p => p.Reference == "PO-RECORD-FAILS");
        Assert.True((await TestAuditChain.VerifyAsync(after)).IsIntact);
    }

    /// <summary>Fails any save that turns a card Active: the database refusing at the worst moment.</summary>
    private sealed class FailActivation : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        public bool Armed { get; set; } = true;

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData,
            Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            if (Armed && eventData.Context!.ChangeTracker.Entries<CardPurchase>().Any(e => e.State == EntityState.Modified && e.Entity.Status == CardPurchaseStatus.Active))
            {
                throw new InvalidOperationException("Disk full (simulated).");
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }

    private sealed class InterceptedContexts(TempPortalDatabase database, FailActivation interceptor) : IDbContextFactory<ClaraPortal.Web.Data.PortalDbContext>
    {
        public ClaraPortal.Web.Data.PortalDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<ClaraPortal.Web.Data.PortalDbContext>();
            ClaraPortal.Web.Data.PortalDataExtensions.ConfigureSqlite(builder, database.ConnectionString).AddInterceptors(interceptor);
            return new ClaraPortal.Web.Data.PortalDbContext(builder.Options, ClaraPortal.Web.Data.Entities.CompanyKeys.Owner);
        }
    }

    /// <summary>
    /// The number in every spelling, and the CVV where it could only be card data: three digits alone occur by
    /// chance in any binary file (ids, ticks), so the CVV is looked for as a stored value.
    /// </summary>
    private static IEnumerable<string> Secrets(RevealedCard card) =>
    [
        card.CardNumber, card.GroupedNumber, card.CardNumber[..12], "cvv", "Cvv", "CVV",
        $"\"{card.Cvv}\"", $":{card.Cvv},", $":{card.Cvv}}}", $"={card.Cvv};",
    ];

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;

    /// <summary>Clara hands out purchase ids in order: the next card following directly proves none was made in between.</summary>
    private async Task AssertNextPurchaseFollowsAsync(long claraPurchaseId)
    {
        var probe = await _harness.Clara.SubmitAsync(
            new SubmitPurchaseRequest(MxnRcn, EasyTemplate, 47401000000002, 1.00m, "MXN", Today, Today.AddDays(1), "PROBE", []),
            Guid.NewGuid().ToString("N"));
        Assert.Equal(claraPurchaseId + 1, probe.PurchaseId);
    }
}
