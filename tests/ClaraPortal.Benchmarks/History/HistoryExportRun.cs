namespace ClaraPortal.Benchmarks.History;

internal sealed record HistoryExportFigures(string Format, long Rows, double Seconds, double PeakMegabytes)
{
    public double RowsPerSecond => Seconds <= 0 ? 0 : Rows / Seconds;
}

/// <summary>Export rate and peak memory (filled in with the exporter).</summary>
internal static class HistoryExportRun
{
    public static Task<IReadOnlyList<HistoryExportFigures>> MeasureAsync(string path, int rows, TextWriter output, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<HistoryExportFigures>>([]);
}
