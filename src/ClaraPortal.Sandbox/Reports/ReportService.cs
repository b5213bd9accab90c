using System.Globalization;
using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Purchases;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;
using static ClaraPortal.Sandbox.Contract.WireValues;

namespace ClaraPortal.Sandbox.Reports;

/// <summary>
/// Reconciliation reports. A report takes its rows when it is created (transactions of the company's
/// cards posted between from and to, UTC dates, inclusive; CLEARING leaves out DECLINE rows,
/// AUTHORIZATION keeps them), then "builds" on TimeProvider time: PENDING for the first second,
/// PROCESSING until 2.5 s, READY after (or FAILED, when fault injection decided so at creation).
/// Reports are deleted 7 days after creation.
/// </summary>
internal sealed class ReportService(SandboxState state, SandboxClock clock, SandboxFaultOptions faults)
{
    public const int MaxRowsPerPage = 100;
    public const int MaxRangeDays = 366;
    public static readonly TimeSpan PendingFor = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ReadyAfter = TimeSpan.FromSeconds(2.5);
    public static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public ApiResponse Start(Company company, ReportRequestDto request)
    {
        var now = clock.Now;
        var type = string.IsNullOrWhiteSpace(request.Type) ? ReportClearing : request.Type.Trim().ToUpperInvariant();
        FieldIssue[] issues =
        [
            .. request.From is null ? [new FieldIssue("from", "is required")] : Array.Empty<FieldIssue>(),
            .. request.To is null ? [new FieldIssue("to", "is required")] : Array.Empty<FieldIssue>(),
            .. type is ReportClearing or ReportAuthorization ? Array.Empty<FieldIssue>() : [new FieldIssue("type", "AUTHORIZATION or CLEARING")],
        ];
        if (issues.Length > 0)
        {
            return ApiResponse.Validation(now, issues);
        }

        var (from, to) = (request.From!.Value, request.To!.Value);
        if (from > to || to.DayNumber - from.DayNumber >= MaxRangeDays)
        {
            return ApiResponse.Business(now,
                [new(ErrorCodes.ReportRangeInvalid, "from", $"from must be on or before to, at most {MaxRangeDays} days", "Invalid report range")]);
        }

        lock (state.Gate)
        {
            var rows = state.Purchases.Values
                .Where(p => p.CompanyTaxId == company.TaxId)
                .SelectMany(p => p.Transactions.Select(t => (Purchase: p, Transaction: t)))
                .Where(x => type == ReportAuthorization || x.Transaction.Type != TransactionDecline)
                .Where(x => DateOnly.FromDateTime(x.Transaction.PostedAt.UtcDateTime) is var day && day >= from && day <= to)
                .OrderBy(x => x.Transaction.PostedAt).ThenBy(x => x.Transaction.Id)
                .Select(x => x.Transaction.ToDto(x.Purchase))
                .ToList();
            var report = new ReportRecord
            {
                Id = state.NextReportId(),
                CompanyTaxId = company.TaxId,
                From = from,
                To = to,
                Type = type,
                CreatedAt = now,
                Failed = faults.TryTakeReportFailure(),
                Rows = rows,
            };
            state.Reports[report.Id] = report;
            state.Save(report);
            return ApiResponse.Json(StatusCodes.Status202Accepted, new ReportStartedDto(report.Id, ReportPending));
        }
    }

    public ApiResponse GetPage(Company company, string? reportIdText, string? fromText, string? toText)
    {
        var now = clock.Now;
        if (!long.TryParse(reportIdText, NumberStyles.None, CultureInfo.InvariantCulture, out var reportId))
        {
            return ApiResponse.Validation(now, new FieldIssue("reportId", "is required (an integer)"));
        }

        if (!TryRow(fromText, 1, out var fromRow) || !TryRow(toText, fromRow + MaxRowsPerPage - 1, out var toRow)
            || fromRow < 1 || toRow < fromRow || toRow - fromRow + 1 > MaxRowsPerPage)
        {
            return ApiResponse.Validation(now, new FieldIssue("from", $"rows are numbered from 1; 1 <= from <= to, at most {MaxRowsPerPage} rows a call"));
        }

        lock (state.Gate)
        {
            if (!state.Reports.TryGetValue(reportId, out var report) || report.CompanyTaxId != company.TaxId)
            {
                return ApiResponse.NotFound(now, "Unknown report", "reportId");
            }

            if (report.CreatedAt + Retention <= now)
            {
                state.Reports.Remove(report.Id);
                state.DeleteReport(report.Id);
                return ApiResponse.NotFound(now, "Report deleted (reports are kept 7 days)", "reportId");
            }

            var elapsed = now - report.CreatedAt;
            if (elapsed < PendingFor)
            {
                return ApiResponse.Ok(new ReportPageDto(report.Id, ReportPending, 0m, 0, []));
            }

            if (elapsed < ReadyAfter)
            {
                var progress = Math.Round((decimal)((elapsed - PendingFor) / (ReadyAfter - PendingFor)), 2);
                return ApiResponse.Ok(new ReportPageDto(report.Id, ReportProcessing, Math.Clamp(progress, 0.01m, 0.99m), 0, []));
            }

            if (report.Failed)
            {
                return ApiResponse.Ok(new ReportPageDto(report.Id, ReportFailed, 1.0m, 0, []));
            }

            var rows = report.Rows.Skip(fromRow - 1).Take(toRow - fromRow + 1).ToList();
            return ApiResponse.Ok(new ReportPageDto(report.Id, ReportReady, 1.0m, report.Rows.Count, rows));
        }
    }

    private static bool TryRow(string? text, int fallback, out int row)
    {
        if (string.IsNullOrEmpty(text))
        {
            row = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out row);
    }
}
