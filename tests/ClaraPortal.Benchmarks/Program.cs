using ClaraPortal.Benchmarks.Faults;
using ClaraPortal.Benchmarks.History;
using ClaraPortal.Benchmarks.Issuance;
using ClaraPortal.Benchmarks.Support;

namespace ClaraPortal.Benchmarks;

internal static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project tests/ClaraPortal.Benchmarks -- <command> [options]

          faults     --issuances N (1000)  --users U (8)  --seed S  --server-error-rate (0.10)  --lost-answer-rate (0.05)
                     --burst-rate (0.02)  --retry-after S (1)  --cancel-rate (0.05)  --timeout-seconds (10)
                     --retries (3, the client's retries within one call)
          issuance   --count N (500)  --latency-ms L (100)  --warmup W (20)
          history    --purchases N (1000000)  --events M (5000000)  --runs R (30)
        """;

    private static async Task<int> Main(string[] args)
    {
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        try
        {
            var line = CommandLine.Parse(args);
            switch (line.Command)
            {
                case "faults":
                    return await FaultsAsync(line, stop.Token);
                case "issuance":
                    return await IssuanceAsync(line, stop.Token);
                case "history":
                    return await HistoryAsync(line, stop.Token);
                case "history-export":
                    // The history command's child process: one export, measured on its own.
                    return await HistoryExportRun.ExportOnceAsync(args[2], args[4], stop.Token);
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{line.Command}'.");
                    await Console.Error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }
    }

    private static async Task<int> FaultsAsync(CommandLine line, CancellationToken ct)
    {
        var defaults = new FaultRunOptions();
        var options = defaults with
        {
            Issuances = line.WholeNumber("issuances", defaults.Issuances, 1, 999_999),
            Users = line.WholeNumber("users", defaults.Users, 1, 256),
            Seed = line.WholeNumber("seed", defaults.Seed),
            ServerErrorRate = line.Number("server-error-rate", defaults.ServerErrorRate, 0, 1),
            AnswerLostAfterCommitRate = line.Number("lost-answer-rate", defaults.AnswerLostAfterCommitRate, 0, 1),
            RateLimitBurstRate = line.Number("burst-rate", defaults.RateLimitBurstRate, 0, 1),
            RetryAfterSeconds = line.WholeNumber("retry-after", defaults.RetryAfterSeconds, 0, 30),
            CallerCancelRate = line.Number("cancel-rate", defaults.CallerCancelRate, 0, 1),
            RequestTimeout = TimeSpan.FromSeconds(line.WholeNumber("timeout-seconds", (int)defaults.RequestTimeout.TotalSeconds, 1, 120)),
            ClientMaxRetries = line.WholeNumber("retries", defaults.ClientMaxRetries, 0, 10),
            Progress = Console.Out,
        };
        line.RejectUnknown();

        Console.WriteLine($"fault run: {options.Issuances} issuances from {options.Users} users, seed {options.Seed}");
        Console.WriteLine($"  sandbox faults: {options.ServerErrorRate:P0} server errors [{string.Join(", ", options.ServerErrorStatuses)}], " +
            $"{options.AnswerLostAfterCommitRate:P0} answers lost after commit, {options.RateLimitBurstRate:P0} 429 bursts of " +
            $"{options.RateLimitBurstLength} (Retry-After {options.RetryAfterSeconds} s); callers leaving: {options.CallerCancelRate:P0} " +
            $"after 0-{options.MaxCancelDelayMilliseconds} ms; client timeout {options.RequestTimeout.TotalSeconds:0} s, {options.ClientMaxRetries} retries");
        var result = await FaultRun.RunAsync(options, ct);
        result.WriteReport(Console.Out);
        return result.Passed ? 0 : 1;
    }

    private static async Task<int> IssuanceAsync(CommandLine line, CancellationToken ct)
    {
        var defaults = new IssuanceComparisonOptions();
        var options = defaults with
        {
            Count = line.WholeNumber("count", defaults.Count, 1, 100_000),
            LatencyMilliseconds = line.WholeNumber("latency-ms", defaults.LatencyMilliseconds, 0, 10_000),
            Warmup = line.WholeNumber("warmup", defaults.Warmup, 0, 10_000),
            Progress = Console.Out,
        };
        line.RejectUnknown();

        Console.WriteLine($"issuance: {options.Count} sequential calls each, portal (CardIssuer.IssueAsync) vs bare ClaraClient.SubmitAsync, " +
            $"sandbox latency {options.LatencyMilliseconds} ms then 0 ms");
        var result = await IssuanceComparison.RunAsync(options, ct);
        result.WriteReport(Console.Out);
        return 0;
    }

    private static async Task<int> HistoryAsync(CommandLine line, CancellationToken ct)
    {
        var defaults = new HistoryBenchmarkOptions();
        var purchases = line.WholeNumber("purchases", defaults.Purchases, 1_000, 10_000_000);
        var options = defaults with
        {
            Purchases = purchases,
            Events = line.WholeNumber("events", purchases * 5, purchases, 50_000_000),
            Runs = line.WholeNumber("runs", defaults.Runs, 5, 1_000),
            Progress = Console.Out,
        };
        line.RejectUnknown();
        return await HistoryBenchmark.RunAsync(options, ct);
    }
}
