using System.Diagnostics;
using System.Globalization;
using ClaraPortal.Benchmarks.Support;
using ClaraPortal.Sandbox;
using ClaraPortal.Testing;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Issuance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Benchmarks.Faults;

/// <summary>
/// Drives the portal's real issuance path (<see cref="CardIssuer.IssueAsync"/> through DI, a real SQLite file, the
/// sandbox over mutual TLS with its state persisted) from several concurrent users while the sandbox injects server
/// errors, lost answers and 429 bursts and some callers walk away mid-call. Then it turns the faults off, lets the
/// outcome resolver settle every row, and compares what exists at "Clara" with what the portal recorded: every card
/// known exactly once, none twice, none missing, nothing left unsettled. Self-contained: its own sandbox, database and
/// temp folders, all removed at the end.
/// </summary>
public static class FaultRun
{
    public const string ReferencePrefix = "FR-";

    public static async Task<FaultRunResult> RunAsync(FaultRunOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var plan = Plan(options);

        await using var sandbox = await SandboxHarness.StartAsync(persistent: true, cancellationToken: ct);
        using var clara = sandbox.CreateClient(o =>
        {
            o.RequestTimeout = options.RequestTimeout;
            o.MaxRetries = options.ClientMaxRetries;
        });
        await using var portal = await PortalUnderTest.StartAsync(clara, ct: ct);

        // The catalog synced with no faults; from here on every API call may meet one.
        var faults = sandbox.Faults;
        faults.ServerErrorRate = options.ServerErrorRate;
        faults.ServerErrorStatuses = options.ServerErrorStatuses;
        faults.AnswerLostAfterCommitRate = options.AnswerLostAfterCommitRate;
        faults.RateLimitBurstRate = options.RateLimitBurstRate;
        faults.RateLimitBurstLength = options.RateLimitBurstLength;
        faults.RetryAfterSeconds = options.RetryAfterSeconds;

        var load = Stopwatch.StartNew();
        var calls = new CallRecord[plan.Count];
        var next = -1;
        var done = 0;
        var workers = Enumerable.Range(1, options.Users).Select(user => Task.Run(async () =>
        {
            // One scope per user for the whole run, like one circuit per browser tab.
            using var scope = portal.CreateScope(PortalUnderTest.Issuer(user));
            var issuer = scope.ServiceProvider.GetRequiredService<CardIssuer>();
            int index;
            while ((index = Interlocked.Increment(ref next)) < plan.Count)
            {
                calls[index] = await CallAsync(issuer, plan[index], ct);
                var finished = Interlocked.Increment(ref done);
                if (options.Progress is { } progress && finished % Math.Max(1, plan.Count / 10) == 0)
                {
                    await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {finished}/{plan.Count} calls, {load.Elapsed.TotalSeconds:0.0} s"));
                }
            }
        }, ct)).ToList();
        await Task.WhenAll(workers);
        load.Stop();

        // Calls whose caller left go on in the background; wait until none is in flight (no row left Requested) before
        // the faults go off, so the resolver meets them as the background job would.
        var settle = Stopwatch.StartNew();
        await WaitForAbandonedCallsAsync(portal, options, ct);
        settle.Stop();

        faults.Reset();
        var resolve = Stopwatch.StartNew();
        var passes = new List<ResolverPassSummary>();
        for (var pass = 0; pass < options.MaxResolverPasses; pass++)
        {
            using var scope = portal.CreateScope(PortalUnderTest.Admin);
            var result = await scope.ServiceProvider.GetRequiredService<OutcomeResolver>().ResolveDueAsync(ignoreSchedule: true, ct);
            passes.Add(new ResolverPassSummary(result.Looked, result.Settled, result.StillUnknown, result.NeedsAttention));
            if (result.Looked == 0)
            {
                break;
            }
        }

        resolve.Stop();

        List<CardPurchase> rows;
        await using (var db = portal.OwnerContext())
        {
            rows = await db.CardPurchases.AsNoTracking().ToListAsync(ct);
        }

        var cards = sandbox.Server.ListPurchases()
            .Where(p => p.Reference?.StartsWith(ReferencePrefix, StringComparison.Ordinal) == true)
            .ToList();
        return Compare(plan, calls, rows, cards, passes, load.Elapsed, settle.Elapsed, resolve.Elapsed);
    }

    private static List<PlannedRequest> Plan(FaultRunOptions options)
    {
        var random = new Random(options.Seed);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var plan = new List<PlannedRequest>(options.Issuances);
        for (var i = 1; i <= options.Issuances; i++)
        {
            // 10.00 to 50.00 MXN: a thousand cards stay far below the funding card's 5,000,000 credit.
            var amount = 10.00m + (random.Next(0, 4001) / 100m);
            var cancel = random.NextDouble() < options.CallerCancelRate;
            var delay = random.Next(0, options.MaxCancelDelayMilliseconds + 1);
            var reference = ReferencePrefix + i.ToString("D6", CultureInfo.InvariantCulture);
            var request = new IssueCardRequest
            {
                IdempotencyKey = $"fault-run-{options.Seed}-{i}-{Guid.NewGuid():N}",
                TemplateId = KnownIds.EasyTemplate,
                FundingCardId = KnownIds.MxnRcn,
                SupplierId = KnownIds.Supplier,
                Amount = amount,
                Currency = "MXN",
                ValidFrom = today,
                ValidTo = today.AddDays(10),
                Reference = reference,
            };
            plan.Add(new PlannedRequest(request, cancel ? delay : null));
        }

        return plan;
    }

    private static async Task<CallRecord> CallAsync(CardIssuer issuer, PlannedRequest planned, CancellationToken runToken)
    {
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(runToken);
        if (planned.CancelAfterMilliseconds is { } delay)
        {
            leave.CancelAfter(delay);
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var result = await issuer.IssueAsync(planned.Request, leave.Token);
            return new CallRecord(Describe(result), result.CardPurchaseId, clock.Elapsed.TotalMilliseconds);
        }
        catch (OperationCanceledException) when (leave.IsCancellationRequested && !runToken.IsCancellationRequested)
        {
            return new CallRecord(CallKind.Cancelled, null, clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
        {
            // Not expected from IssueAsync: reported as a problem, never hidden.
            return new CallRecord(new CallKind("error", ex.GetType().Name + ": " + ex.Message), null, clock.Elapsed.TotalMilliseconds);
        }
    }

    private static CallKind Describe(IssueCardResult result) => result switch
    {
        IssueCardResult.Issued => CallKind.Issued,
        IssueCardResult.OutcomeUnknown => CallKind.Unknown,
        IssueCardResult.Rejected { CardPurchaseId: null } r => new CallKind("refused by the portal's rules", r.Code),
        IssueCardResult.Rejected r => new CallKind("refused by Clara", r.Code),
        IssueCardResult.AlreadySubmitted a => new CallKind("already submitted", a.Status.ToString()),
        _ => new CallKind("other", result.GetType().Name),
    };

    private static async Task WaitForAbandonedCallsAsync(PortalUnderTest portal, FaultRunOptions options, CancellationToken ct)
    {
        // Bounded by what one call may take (every attempt timing out), plus slack; a row left Requested for good (the
        // caller left during the insert's commit, so nothing was sent) stops changing and ends the wait earlier.
        var limit = Stopwatch.StartNew();
        var bound = options.RequestTimeout * 5 + TimeSpan.FromSeconds(10);
        var last = -1;
        var unchangedSince = Stopwatch.StartNew();
        while (limit.Elapsed < bound)
        {
            int requested;
            await using (var db = portal.OwnerContext())
            {
                requested = await db.CardPurchases.CountAsync(p => p.Status == CardPurchaseStatus.Requested, ct);
            }

            if (requested == 0)
            {
                return;
            }

            if (requested != last)
            {
                last = requested;
                unchangedSince.Restart();
            }
            else if (unchangedSince.Elapsed > TimeSpan.FromSeconds(5))
            {
                return;
            }

            await Task.Delay(200, ct);
        }
    }

    private static FaultRunResult Compare(
        List<PlannedRequest> plan, CallRecord[] calls, List<CardPurchase> rows, List<SandboxPurchaseView> cards,
        List<ResolverPassSummary> passes, TimeSpan load, TimeSpan settle, TimeSpan resolve)
    {
        var problems = new List<string>();
        var rowsByKey = rows.ToDictionary(r => r.IdempotencyKey, StringComparer.Ordinal);
        var cardsByReference = cards.ToLookup(c => c.Reference!, StringComparer.Ordinal);
        var recordedIds = rows.Where(r => r.ClaraPurchaseId is not null).Select(r => r.ClaraPurchaseId!.Value).ToHashSet();
        var cardIds = cards.Select(c => c.PurchaseId).ToHashSet();

        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int known = 0, recorded = 0, unresolved = 0;
        for (var i = 0; i < plan.Count; i++)
        {
            var request = plan[i].Request;
            var call = calls[i];
            rowsByKey.TryGetValue(request.IdempotencyKey, out var row);
            var cardsOfRequest = cardsByReference[request.Reference!].ToList();
            string kind;
            if (row is not null)
            {
                recorded++;
                known++;
                var final = FinalState(row);
                kind = call.Kind.Name switch
                {
                    "issued" => "issued",
                    "refused by Clara" => $"refused by Clara ({call.Kind.Detail})",
                    "unknown" => $"unknown, then resolved: {final}",
                    "cancelled by caller" => $"cancelled by caller, then: {final}",
                    _ => $"{call.Kind.Name} ({call.Kind.Detail}), then: {final}",
                };
                if (!IsFinal(row))
                {
                    unresolved++;
                    problems.Add($"unresolved: {request.Reference} key {request.IdempotencyKey} row {row.Id} status {row.Status} pending {row.PendingWrite} attempts {row.ResolveAttempts} attention '{row.NeedsAttentionReason}' next {row.NextResolveAt:O}; first call {call.Kind}; sandbox cards [{string.Join(",", cardsOfRequest.Select(c => c.PurchaseId))}]");
                }

                if (row.Status == CardPurchaseStatus.Active && (row.ClaraPurchaseId is null || !cardIds.Contains(row.ClaraPurchaseId.Value)))
                {
                    problems.Add($"active row without a sandbox card: {request.Reference} row {row.Id} ClaraPurchaseId {row.ClaraPurchaseId}");
                }
            }
            else if (cardsOfRequest.Count == 0 && call.Kind.Name is "cancelled by caller" or "refused by the portal's rules")
            {
                // The caller left (or the rules refused) before anything was recorded: nothing was sent, nothing exists.
                known++;
                kind = call.Kind.Name == "cancelled by caller" ? "cancelled by caller before recording (nothing sent, no card)" : $"refused by the portal's rules ({call.Kind.Detail})";
            }
            else
            {
                kind = $"NOT RECORDED: {call.Kind.Name}";
                problems.Add($"not recorded: {request.Reference} key {request.IdempotencyKey}; call {call.Kind}; sandbox cards [{string.Join(",", cardsOfRequest.Select(c => c.PurchaseId))}]");
            }

            outcomes[kind] = outcomes.GetValueOrDefault(kind) + 1;
        }

        var duplicates = 0;
        foreach (var group in cardsByReference.Where(g => g.Count() > 1))
        {
            duplicates += group.Count() - 1;
            problems.Add($"duplicate: reference {group.Key} has {group.Count()} sandbox cards [{string.Join(",", group.Select(c => $"{c.PurchaseId}@{c.CreatedAt:HH:mm:ss.fff}"))}]");
        }

        var lost = 0;
        foreach (var card in cards.Where(c => !recordedIds.Contains(c.PurchaseId)))
        {
            lost++;
            var row = rows.FirstOrDefault(r => r.Reference == card.Reference);
            problems.Add($"lost: sandbox card {card.PurchaseId} ({card.Reference}, {card.Amount} {card.Currency}, {card.CreatedAt:HH:mm:ss.fff}) in no portal row; the reference's row: {(row is null ? "none" : $"{row.Id} {row.Status} {row.FailureCode} ClaraPurchaseId {row.ClaraPurchaseId}")}");
        }

        var latency = new Percentiles(calls.Select(c => c.Milliseconds));
        return new FaultRunResult(plan.Count, known, recorded, duplicates, lost, unresolved, cards.Count,
            [.. outcomes.OrderByDescending(o => o.Value).ThenBy(o => o.Key, StringComparer.Ordinal)], passes,
            latency.P50, latency.P95, latency.P99, latency.Max, load, settle, resolve, problems);
    }

    private static bool IsFinal(CardPurchase row) => !row.IsUnsettled && row.NeedsAttentionAt is null;

    private static string FinalState(CardPurchase row) => row.Status switch
    {
        CardPurchaseStatus.Active => "issued",
        CardPurchaseStatus.Failed => $"failed ({row.FailureCode})",
        _ => row.Status.ToString(),
    };

    private sealed record PlannedRequest(IssueCardRequest Request, int? CancelAfterMilliseconds);

    private sealed record CallRecord(CallKind Kind, Guid? CardPurchaseId, double Milliseconds);

    private sealed record CallKind(string Name, string? Detail = null)
    {
        public static readonly CallKind Issued = new("issued");
        public static readonly CallKind Unknown = new("unknown");
        public static readonly CallKind Cancelled = new("cancelled by caller");

        public override string ToString() => Detail is null ? Name : $"{Name} ({Detail})";
    }
}
