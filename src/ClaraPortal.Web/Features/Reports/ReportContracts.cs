using System.ComponentModel.DataAnnotations;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Notifications;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>What a user asks for on "New report": a range of days (UTC, both inclusive) and a type.</summary>
public sealed record NewReportRequest(DateOnly From, DateOnly To, ReportKind Kind);

/// <summary>A field of <see cref="NewReportRequest"/> that is not acceptable, with the resource key of its message.</summary>
public sealed record ReportFieldError(string Field, string MessageKey, params object[] Arguments);

/// <summary>The outcome of "New report": started (it runs on in the background), or refused before anything was sent.</summary>
public abstract record ReportStart
{
    private ReportStart()
    {
    }

    public sealed record Started(Guid ReportId) : ReportStart;

    public sealed record Invalid(IReadOnlyList<ReportFieldError> Errors) : ReportStart;
}

/// <summary>Where a report stands, published on every change so open pages follow it without reloading.</summary>
public sealed record ReportNews(string Company, Guid ReportId, ReportState State, decimal Progress, int FetchedRows, int? TotalRows);

/// <summary>Live report news: in-process now; issue 13 puts PostgreSQL LISTEN/NOTIFY behind it.</summary>
public interface IReportNotifications
{
    void Publish(ReportNews news);

    IDisposable Subscribe(Func<ReportNews, Task> handler);
}

internal sealed class InProcessReportNotifications(ILogger<InProcessReportNotifications> logger)
    : InProcessPublisher<ReportNews>(logger), IReportNotifications;

/// <summary>What reports audit.</summary>
public static class ReportAuditActions
{
    public const string ReportEntity = "ReconciliationReport";
    public const string ScheduleEntity = "ReportSchedule";

    public const string Requested = "report.requested";
    public const string Ready = "report.ready";
    public const string Failed = "report.failed";
    public const string Exported = "report.exported";
    public const string ScheduleChanged = "report.schedule-changed";
}

/// <summary>The poller's pace (<c>Portal:Reports</c>).</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Portal:Reports";

    /// <summary>The first look after a start, and the unit of the backoff (doubling while nothing moves).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan FirstPoll { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MaxPollDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A report Clara has not finished by then is marked failed (Clara builds one in seconds).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often the poller looks for work nobody told it about (another instance, the daily schedule).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan IdleScan { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time of day (UTC) after which the previous day's scheduled report starts.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "23:59:59")]
    public TimeSpan DailyAtUtc { get; set; } = TimeSpan.FromHours(2);
}
