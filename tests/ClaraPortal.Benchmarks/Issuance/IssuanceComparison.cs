using System.Diagnostics;
using System.Globalization;
using ClaraPortal.Benchmarks.Support;
using ClaraPortal.Clara;
using ClaraPortal.Testing;
using ClaraPortal.Web.Features.Issuance;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Benchmarks.Issuance;

/// <summary>How <see cref="IssuanceComparison"/> runs.</summary>
public sealed record IssuanceComparisonOptions
{
    /// <summary>Measured calls of each kind per latency.</summary>
    public int Count { get; init; } = 500;

    /// <summary>Latency the sandbox adds to every API call in the first round.</summary>
    public int LatencyMilliseconds { get; init; } = 100;

    /// <summary>Unmeasured calls of each kind before each round.</summary>
    public int Warmup { get; init; } = 20;

    public TextWriter? Progress { get; init; }
}

/// <summary>p50/p95 of the portal's issuance and of a bare submit at one sandbox latency, with the portal's phases.</summary>
public sealed record IssuanceRound(int LatencyMilliseconds, Percentiles Portal, Percentiles Bare, IReadOnlyList<IssuePhases> Phases, int NotIssued);

public sealed record IssuanceComparisonResult(IssuanceRound AtLatency, IssuanceRound AtZero, SqliteProbeResult Sqlite)
{
    public double Ratio => AtLatency.Portal.P50 / AtLatency.Bare.P50;

    public double AddedAtZero => AtZero.Portal.P50 - AtZero.Bare.P50;

    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"issuance: portal p50 {AtLatency.Portal.P50:0.0} ms, bare p50 {AtLatency.Bare.P50:0.0} ms, ratio {Ratio:0.00}, added p50 {AddedAtZero:0.0} ms at 0 ms latency");

    public void WriteReport(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine();
        output.WriteLine("latency  path     calls     p50 ms     p95 ms     p99 ms    mean ms");
        foreach (var round in new[] { AtLatency, AtZero })
        {
            Row(output, round.LatencyMilliseconds, "portal", round.Portal);
            Row(output, round.LatencyMilliseconds, "bare", round.Bare);
        }

        output.WriteLine();
        output.WriteLine("portal phases (ms)     checks  record Requested   Clara call  record outcome  portal total");
        foreach (var round in new[] { AtLatency, AtZero })
        {
            Phase(output, $"{round.LatencyMilliseconds} ms, p50", round.Phases, 50);
            Phase(output, $"{round.LatencyMilliseconds} ms, mean", round.Phases, null);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SQLite steps (p50 ms): context + pooled connection open {Sqlite.ContextOpen:0.000} (bare connection {Sqlite.RawOpen:0.000}, bare + WAL pragmas {Sqlite.RawOpenWithPragmas:0.000}), indexed read {Sqlite.IndexedRead:0.000}, empty write transaction {Sqlite.EmptyTransaction:0.000}"));

        var notIssued = AtLatency.NotIssued + AtZero.NotIssued;
        if (notIssued > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warning: {notIssued} portal call(s) did not end Issued"));
        }

        output.WriteLine();
        output.WriteLine(SummaryLine);
    }

    private static void Row(TextWriter output, int latency, string path, Percentiles p) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{latency,4} ms  {path,-6} {p.Count,6} {p.P50,10:0.0} {p.P95,10:0.0} {p.P99,10:0.0} {p.Mean,10:0.0}"));

    private static void Phase(TextWriter output, string label, IReadOnlyList<IssuePhases> phases, double? percentile)
    {
        double Of(Func<IssuePhases, double> pick)
        {
            var values = new Percentiles(phases.Select(pick));
            return percentile is { } at ? values.At(at) : values.Mean;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label,-18} {Of(p => p.Checks),10:0.00} {Of(p => p.RecordRequested),17:0.00} {Of(p => p.Clara),12:0.00} {Of(p => p.RecordOutcome),15:0.00} {Of(p => p.Portal),13:0.00}"));
    }
}

/// <summary>
/// The portal's issuance path (<see cref="CardIssuer.IssueAsync"/>: checks, SQLite, audit, client) against a bare submit
/// through the same <see cref="ClaraClient"/> (same mTLS pool, same token), one call at a time, interleaved so both see
/// the same machine. First with the sandbox adding latency, then at 0 ms, where the difference is the portal's own work.
/// </summary>
public static class IssuanceComparison
{
    public static async Task<IssuanceComparisonResult> RunAsync(IssuanceComparisonOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        await using var sandbox = await SandboxHarness.StartAsync(cancellationToken: ct);
        using var clara = sandbox.CreateClient(o => o.RequestTimeout = TimeSpan.FromSeconds(10));
        await using var portal = await PortalUnderTest.StartAsync(new PhaseTimedClaraClient(clara), [new PhaseTransactionInterceptor()], ct: ct);
        using var scope = portal.CreateScope(PortalUnderTest.Issuer(1));
        var issuer = scope.ServiceProvider.GetRequiredService<CardIssuer>();
        var counter = 0;

        async Task<IssuanceRound> RoundAsync(int latency)
        {
            sandbox.Faults.LatencyMilliseconds = latency;
            options.Progress?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {latency} ms latency: {options.Warmup} warm-up + {options.Count} calls of each"));
            for (var i = 0; i < options.Warmup; i++)
            {
                await PortalCallAsync(issuer, ++counter, ct);
                await BareCallAsync(clara, ++counter, ct);
            }

            var portalTimes = new List<double>(options.Count);
            var bareTimes = new List<double>(options.Count);
            var phases = new List<IssuePhases>(options.Count);
            var notIssued = 0;
            for (var i = 0; i < options.Count; i++)
            {
                var (portalMs, issued, phase) = await PortalCallAsync(issuer, ++counter, ct);
                portalTimes.Add(portalMs);
                notIssued += issued ? 0 : 1;
                if (phase is not null)
                {
                    phases.Add(phase);
                }

                bareTimes.Add(await BareCallAsync(clara, ++counter, ct));
            }

            return new IssuanceRound(latency, new Percentiles(portalTimes), new Percentiles(bareTimes), phases, notIssued);
        }

        var atLatency = await RoundAsync(options.LatencyMilliseconds);
        var atZero = await RoundAsync(0);
        var probe = await SqliteProbe.RunAsync(portal, Math.Min(options.Count, 200), ct);
        return new IssuanceComparisonResult(atLatency, atZero, probe);
    }

    private static async Task<(double Milliseconds, bool Issued, IssuePhases? Phases)> PortalCallAsync(CardIssuer issuer, int n, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = new IssueCardRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            TemplateId = KnownIds.EasyTemplate,
            FundingCardId = KnownIds.MxnRcn,
            SupplierId = KnownIds.Supplier,
            Amount = 10.00m + (n % 4000 / 100m),
            Currency = "MXN",
            ValidFrom = today,
            ValidTo = today.AddDays(10),
            Reference = "BENCH-P-" + n.ToString("D6", CultureInfo.InvariantCulture),
        };
        var clock = PhaseClock.Start();
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await issuer.IssueAsync(request, ct);
            var elapsed = watch.Elapsed.TotalMilliseconds;
            return (elapsed, result is IssueCardResult.Issued, clock.Finish());
        }
        finally
        {
            PhaseClock.Stop();
        }
    }

    private static async Task<double> BareCallAsync(ClaraClient clara, int n, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var request = new SubmitPurchaseRequest(KnownIds.MxnRcn, KnownIds.EasyTemplate, KnownIds.Supplier, 10.00m + (n % 4000 / 100m), "MXN",
            today, today.AddDays(10), "BENCH-B-" + n.ToString("D6", CultureInfo.InvariantCulture), []);
        var watch = Stopwatch.StartNew();
        await clara.SubmitAsync(request, Guid.NewGuid().ToString("N"), ct);
        return watch.Elapsed.TotalMilliseconds;
    }
}
