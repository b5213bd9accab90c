using System.Globalization;

namespace ClaraPortal.Benchmarks.Faults;

/// <summary>What a <see cref="FaultRun"/> found, comparing the sandbox's cards with the portal's rows.</summary>
/// <param name="Requests">Calls to IssueAsync.</param>
/// <param name="Known">
/// Requests the portal accounts for: a row recorded for the request, or (for a caller that left before anything was
/// recorded) provably nothing sent: no row and no sandbox card with its reference.
/// </param>
/// <param name="Recorded">Requests with a portal row.</param>
/// <param name="DuplicateCards">Sandbox cards beyond the first for one reference.</param>
/// <param name="LostCards">Sandbox cards of the run whose purchaseId no portal row holds.</param>
/// <param name="Unresolved">Portal rows of the run not final after the resolver: Requested, OutcomeUnknown, a pending write, or flagged.</param>
/// <param name="Outcomes">Requests by how their call ended and where their row ended up, in table order.</param>
/// <param name="Problems">One line per problem found (duplicate, lost, unresolved, unaccounted), with ids.</param>
public sealed record FaultRunResult(
    int Requests,
    int Known,
    int Recorded,
    int DuplicateCards,
    int LostCards,
    int Unresolved,
    int SandboxCards,
    IReadOnlyList<KeyValuePair<string, int>> Outcomes,
    IReadOnlyList<ResolverPassSummary> ResolverPasses,
    double P50Milliseconds,
    double P95Milliseconds,
    double P99Milliseconds,
    double MaxMilliseconds,
    TimeSpan LoadElapsed,
    TimeSpan SettleElapsed,
    TimeSpan ResolveElapsed,
    IReadOnlyList<string> Problems)
{
    /// <summary>Every request known, no duplicate, no lost card, nothing unresolved.</summary>
    public bool Passed => Known == Requests && DuplicateCards == 0 && LostCards == 0 && Unresolved == 0;

    public string SummaryLine => string.Create(CultureInfo.InvariantCulture,
        $"fault run: {Requests} requests, {Known} known, {DuplicateCards} duplicate cards, {LostCards} lost cards, {Unresolved} unresolved, p50 {Math.Round(P50Milliseconds):0} ms, p95 {Math.Round(P95Milliseconds):0} ms");

    /// <summary>The table the command prints, ending with <see cref="SummaryLine"/>.</summary>
    public void WriteReport(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("outcome (first call -> final row)                          requests");
        output.WriteLine("------------------------------------------------------------------");
        foreach (var (kind, count) in Outcomes)
        {
            output.WriteLine(string.Create(c, $"{kind,-58} {count,8}"));
        }

        output.WriteLine();
        output.WriteLine("resolver pass   looked  settled  still unknown  needs attention");
        for (var i = 0; i < ResolverPasses.Count; i++)
        {
            var p = ResolverPasses[i];
            output.WriteLine(string.Create(c, $"{i + 1,13}   {p.Looked,6}  {p.Settled,7}  {p.StillUnknown,13}  {p.NeedsAttention,15}"));
        }

        output.WriteLine();
        output.WriteLine(string.Create(c, $"IssueAsync wall clock per call: p50 {P50Milliseconds:0.0} ms, p95 {P95Milliseconds:0.0} ms, p99 {P99Milliseconds:0.0} ms, max {MaxMilliseconds:0.0} ms"));
        output.WriteLine(string.Create(c, $"load {LoadElapsed.TotalSeconds:0.0} s, waiting for abandoned calls {SettleElapsed.TotalSeconds:0.0} s, resolver {ResolveElapsed.TotalSeconds:0.0} s"));
        output.WriteLine(string.Create(c, $"portal rows {Recorded}, sandbox cards {SandboxCards}"));
        if (Problems.Count > 0)
        {
            output.WriteLine();
            output.WriteLine(string.Create(c, $"problems ({Problems.Count}):"));
            foreach (var problem in Problems.Take(50))
            {
                output.WriteLine("  " + problem);
            }
        }

        output.WriteLine();
        output.WriteLine(SummaryLine);
    }
}

/// <summary>One resolver pass after the faults were turned off.</summary>
public sealed record ResolverPassSummary(int Looked, int Settled, int StillUnknown, int NeedsAttention);
