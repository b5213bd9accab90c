namespace ClaraPortal.Web.Features.History;

/// <summary>The files History exports: CSV (any tool reads it) and XLSX (a spreadsheet with real numbers and dates).</summary>
public enum HistoryExportFormat
{
    Csv,
    Xlsx,
}

public static class HistoryExportFormats
{
    /// <summary>The name in the export's address (<c>format=csv</c>) and the file's extension.</summary>
    public static string Name(this HistoryExportFormat format) => format switch
    {
        HistoryExportFormat.Xlsx => "xlsx",
        _ => "csv",
    };

    public static string ContentType(this HistoryExportFormat format) => format switch
    {
        HistoryExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv; charset=utf-8",
    };

    /// <summary>The format an address names; null for anything else (never a guess).</summary>
    public static HistoryExportFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "csv" => HistoryExportFormat.Csv,
        "xlsx" => HistoryExportFormat.Xlsx,
        _ => null,
    };
}
