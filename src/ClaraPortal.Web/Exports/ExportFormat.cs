namespace ClaraPortal.Web.Exports;

/// <summary>The files the portal exports (history, reports): CSV (any tool reads it) and XLSX (a spreadsheet with real numbers and dates).</summary>
public enum ExportFormat
{
    Csv,
    Xlsx,
}

public static class ExportFormats
{
    /// <summary>The name in the export's address (<c>format=csv</c>) and the file's extension.</summary>
    public static string Name(this ExportFormat format) => format switch
    {
        ExportFormat.Xlsx => "xlsx",
        _ => "csv",
    };

    public static string ContentType(this ExportFormat format) => format switch
    {
        ExportFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "text/csv; charset=utf-8",
    };

    /// <summary>The format an address names; null for anything else (never a guess).</summary>
    public static ExportFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        _ => null,
    };
}

/// <summary>How an export ended, as its audit event records it.</summary>
public enum ExportOutcome
{
    Completed,
    Cancelled,
    Failed,
}
