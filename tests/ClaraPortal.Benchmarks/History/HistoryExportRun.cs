using System.Diagnostics;
using System.Globalization;
using ClaraPortal.Web.Exports;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Resources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;

namespace ClaraPortal.Benchmarks.History;

internal sealed record HistoryExportFigures(string Format, long Rows, double Seconds, double PeakMegabytes, long Bytes)
{
    public double RowsPerSecond => Seconds <= 0 ? 0 : Rows / Seconds;
}

/// <summary>
/// Every card exported as CSV and as XLSX through <see cref="HistoryExporter"/> (what the download endpoint runs), each in
/// a child process of its own: the peak resident memory it reports is the export's, not the dataset build's or the
/// query run's.
/// </summary>
internal static class HistoryExportRun
{
    private const string ResultPrefix = "export-result ";

    public static async Task<IReadOnlyList<HistoryExportFigures>> MeasureAsync(string path, TextWriter output, CancellationToken ct)
    {
        var figures = new List<HistoryExportFigures>();
        output.WriteLine();
        output.WriteLine($"{"export",-8}{"rows",10}{"seconds",10}{"rows/s",10}{"MB written",12}{"peak MB",10}");
        foreach (var format in new[] { "csv", "xlsx" })
        {
            var child = new ProcessStartInfo(Environment.ProcessPath!)
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            // Under `dotnet run` the process is the dotnet host running this assembly; run the same way.
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
            {
                child.ArgumentList.Add(typeof(HistoryExportRun).Assembly.Location);
            }

            foreach (var argument in new[] { "history-export", "--db", path, "--format", format })
            {
                child.ArgumentList.Add(argument);
            }

            using var process = Process.Start(child)!;
            var text = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            var line = text.Split('\n').LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The {format} export process ended with {process.ExitCode} and no result:\n{text}");
            var parts = line[ResultPrefix.Length..].Split(' ');
            var result = new HistoryExportFigures(format, long.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture),
                double.Parse(parts[2], CultureInfo.InvariantCulture), long.Parse(parts[3], CultureInfo.InvariantCulture));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Format,-8}{result.Rows,10}{result.Seconds,10:0.0}{result.RowsPerSecond,10:0}{result.Bytes / 1024d / 1024d,12:0.0}{result.PeakMegabytes,10:0}"));
            figures.Add(result);
        }

        return figures;
    }

    /// <summary>The child's side: one export of every card to a temporary file, then one result line.</summary>
    public static async Task<int> ExportOnceAsync(string path, string format, CancellationToken ct)
    {
        await using var run = await HistoryQueryRun.OpenAsync(path, ct);
        using var scope = run.CreateScope();
        var exporter = new HistoryExporter(
            scope.ServiceProvider.GetRequiredService<HistoryQueries>(),
            scope.ServiceProvider.GetRequiredService<IStringLocalizer<SharedResource>>(),
            NullLogger<HistoryExporter>.Instance);
        var file = Path.Combine(Path.GetTempPath(), $"clara-portal-history-export-{Environment.ProcessId}.{format}");
        try
        {
            var clock = Stopwatch.StartNew();
            long rows;
            await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                rows = await exporter.WriteAsync(stream, new HistoryView(), format == "xlsx" ? ExportFormat.Xlsx : ExportFormat.Csv, null, ct);
            }

            var seconds = clock.Elapsed.TotalSeconds;
            using var self = Process.GetCurrentProcess();
            self.Refresh();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{ResultPrefix}{rows} {seconds:0.000} {self.PeakWorkingSet64 / 1024d / 1024d:0.0} {new FileInfo(file).Length}"));
            return 0;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
