using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>Reports' words for what they show: types, where a report stands, why it failed, its range, in the reader's language.</summary>
public static class ReportText
{
    public static string Kind(IStringLocalizer L, ReportKind kind)
    {
        ArgumentNullException.ThrowIfNull(L);
        return L[$"Reports.Kind.{kind}"].Value;
    }

    /// <summary>"1/11/2026 – 30/11/2026" in the reader's date format.</summary>
    public static string Range(ReportSummary report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"{PortalFormat.Date(report.From)} – {PortalFormat.Date(report.To)}";
    }

    /// <summary>Where a report stands: "Processing 45%", "Fetching rows 200 of 1,000", "Ready".</summary>
    public static string State(IStringLocalizer L, ReportSummary report)
    {
        ArgumentNullException.ThrowIfNull(L);
        ArgumentNullException.ThrowIfNull(report);
        return report.State switch
        {
            ReportState.Processing => L["Reports.State.ProcessingPercent", Percent(report.Progress)].Value,
            ReportState.Fetching when report.TotalRows is { } total => L["Reports.State.FetchingRows", report.FetchedRows, total].Value,
            _ => L[$"Reports.State.{report.State}"].Value,
        };
    }

    /// <summary>Why a report failed, in words; a code the portal does not know yet as Clara's generic failure.</summary>
    public static string Failure(IStringLocalizer L, string? code)
    {
        ArgumentNullException.ThrowIfNull(L);
        return L[$"Reports.Failure.{code}"] is { ResourceNotFound: false } text ? text.Value : L[$"Reports.Failure.{ReportFailures.ClaraFailed}"].Value;
    }

    /// <summary>Who started it: a person's name, or the daily schedule.</summary>
    public static string RequestedBy(IStringLocalizer L, ReportSummary report)
    {
        ArgumentNullException.ThrowIfNull(L);
        ArgumentNullException.ThrowIfNull(report);
        return report.IsScheduled ? L["Reports.Scheduled"].Value : report.RequestedByName;
    }

    /// <summary>0..1 as a whole percentage for a progress bar or a sentence.</summary>
    public static int Percent(decimal progress) => (int)Math.Round(Math.Clamp(progress, 0m, 1m) * 100m, MidpointRounding.AwayFromZero);

    /// <summary>
    /// The summary as the news says it stands now (the news carries no counts: those come with the next read). News is
    /// delivered to each listener on its own task, so an older step can arrive after a newer one: it changes nothing.
    /// </summary>
    public static ReportSummary With(this ReportSummary report, ReportNews news)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(news);
        var older = news.State < report.State || (news.State == report.State && news.Progress < report.Progress);
        return older ? report : report with { State = news.State, Progress = news.Progress, FetchedRows = news.FetchedRows, TotalRows = news.TotalRows };
    }
}
