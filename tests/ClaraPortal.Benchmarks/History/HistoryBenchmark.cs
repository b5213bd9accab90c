using System.Globalization;

namespace ClaraPortal.Benchmarks.History;

internal sealed record HistoryBenchmarkOptions
{
    public int Purchases { get; init; } = 1_000_000;

    public int Events { get; init; } = 5_000_000;

    public int Runs { get; init; } = 30;

    public TextWriter Progress { get; init; } = TextWriter.Null;
}

/// <summary>
/// The history benchmark: the grid's queries against hand-written SQL on a cached dataset, then the exports' rate and
/// memory, each export in a child process of its own so its peak memory is the export's alone.
/// </summary>
internal static class HistoryBenchmark
{
    public const double PageGoalMilliseconds = 50;
    public const double RatioGoal = 1.5;
    public const double ExportMemoryGoalMegabytes = 200;

    public static async Task<int> RunAsync(HistoryBenchmarkOptions options, CancellationToken ct)
    {
        var output = Console.Out;
        var path = await HistoryDataset.EnsureAsync(options.Purchases, options.Events, options.Progress, ct);

        output.WriteLine();
        output.WriteLine($"queries: {options.Runs} runs each after 3 warm-up runs; portal = HistoryQueries (the page's code), sql = hand-written SQL (Microsoft.Data.Sqlite, a pooled connection per query as application code opens one)");
        IReadOnlyList<HistoryQueryFigures> figures;
        await using (var run = await HistoryQueryRun.OpenAsync(path, ct))
        {
            figures = await run.RunAsync(options.Runs, options.Progress, ct);
        }

        output.WriteLine($"{"query",-36}{"portal p50",12}{"portal p95",12}{"sql p50",10}{"sql p95",10}{"ratio p50",11}{"rows",6}");
        foreach (var f in figures)
        {
            var flag = f.Portal.P95 > PageGoalMilliseconds || f.Ratio > RatioGoal ? "  <-- over goal" : "";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{f.Name,-36}{f.Portal.P50,9:0.00} ms{f.Portal.P95,9:0.00} ms{f.HandWritten.P50,7:0.00} ms{f.HandWritten.P95,7:0.00} ms{f.Ratio,11:0.00}{f.Rows,6}{flag}"));
        }

        var exports = await HistoryExportRun.MeasureAsync(path, output, ct);

        var worstPage = figures.Max(f => f.Portal.P95);
        var worstRatio = figures.Max(f => f.Ratio);
        var peak = exports.Count == 0 ? 0 : exports.Max(e => e.PeakMegabytes);
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"goals: every page p95 <= {PageGoalMilliseconds:0} ms ({(worstPage <= PageGoalMilliseconds ? "met" : "missed")}), ratio <= {RatioGoal:0.0} ({(worstRatio <= RatioGoal ? "met" : "missed")}), export peak < {ExportMemoryGoalMegabytes:0} MB ({(peak < ExportMemoryGoalMegabytes ? "met" : "missed")})"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"history: {options.Purchases} purchases, {options.Events} events, worst page p95 {worstPage:0.0} ms, worst ratio {worstRatio:0.00}, export peak {peak:0} MB"));
        return 0;
    }
}
