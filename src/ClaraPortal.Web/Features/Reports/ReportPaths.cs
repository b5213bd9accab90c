using System.Globalization;
using ClaraPortal.Web.Exports;
using Microsoft.AspNetCore.WebUtilities;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>
/// Reports' addresses: the list, a report (its line filter in the query, <c>/reports/{id}?filter=unmatched</c>, so a
/// bookmark or a shared link opens the same view) and a report's export, which reads the same filter.
/// </summary>
public static class ReportPaths
{
    public const string List = "/reports";

    public const string FilterParameter = "filter";

    public static string Report(Guid id, ReportLineFilter filter = ReportLineFilter.All) =>
        filter == ReportLineFilter.All ? $"{List}/{id}" : QueryHelpers.AddQueryString($"{List}/{id}", FilterParameter, FilterName(filter));

    public static string Export(Guid id, ReportLineFilter filter, ExportFormat format)
    {
        var path = QueryHelpers.AddQueryString($"{List}/{id}/export", "format", format.Name());
        return filter == ReportLineFilter.All ? path : QueryHelpers.AddQueryString(path, FilterParameter, FilterName(filter));
    }

    /// <summary>
    /// The file's name: <c>report-2026-11-01-2026-11-30-clearing.csv</c>, <c>…-clearing-unmatched.csv</c> for a filtered
    /// view. The range says which report it is better than an id a reader cannot match to anything.
    /// </summary>
    public static string FileName(ReportSummary report, ReportLineFilter filter, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(report);
        var name = string.Create(CultureInfo.InvariantCulture, $"report-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}-{report.Kind.ToString().ToLowerInvariant()}");
        return filter == ReportLineFilter.All ? $"{name}.{format.Name()}" : $"{name}-{FilterName(filter)}.{format.Name()}";
    }

    /// <summary>The filter as the address names it: <c>all</c>, <c>unmatched</c>, <c>over-limit</c>.</summary>
    public static string FilterName(ReportLineFilter filter) => filter switch
    {
        ReportLineFilter.UnmatchedOnly => "unmatched",
        ReportLineFilter.OverLimitOnly => "over-limit",
        _ => "all",
    };

    /// <summary>The filter an address names; anything else (or nothing) is every line, never a guess.</summary>
    public static ReportLineFilter ParseFilter(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "unmatched" => ReportLineFilter.UnmatchedOnly,
        "over-limit" => ReportLineFilter.OverLimitOnly,
        _ => ReportLineFilter.All,
    };
}
