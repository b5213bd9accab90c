using ClaraPortal.Clara;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>
/// The write path of reconciliation reports for the scope's company: a user starts one; the poller carries it through
/// Clara's states (PENDING, PROCESSING, READY or FAILED) with backoff, copies every row here 100 at a time (resuming
/// where it stopped after a restart), then matches the rows to the portal's cards. Every state is saved before the next
/// call to Clara, so no fault loses a report or starts a second one.
/// </summary>
public sealed partial class ReconciliationReports(
    IDbContextFactory<PortalDbContext> contexts,
    IClaraClient clara,
    ICurrentUser currentUser,
    AuditTrail auditTrail,
    IReportNotifications notifications,
    ReportPollerSignal pollerSignal,
    IOptions<ReportOptions> options,
    TimeProvider time,
    ILogger<ReconciliationReports> logger)
{
    public const int MaxRangeDays = 366;
    private const int MatchBatch = 500;
    private static readonly AuditActor ScheduleActor = new(ReportRequesters.Schedule, "Daily report schedule");
    private static readonly AuditActor PollerActor = new("system:report-poller", "Report poller");

    private ReportOptions Options => options.Value;

    /// <summary>Checks the range, saves the report, asks Clara to start it, and leaves the rest to the poller.</summary>
    public async Task<ReportStart> StartAsync(NewReportRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var user = await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        var errors = Validate(request, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (errors.Count > 0)
        {
            return new ReportStart.Invalid(errors);
        }

        var id = await CreateAsync(request, Guid.NewGuid().ToString("N"), AuditActor.From(user), cancellationToken);
        try
        {
            // The first step at once, so the page shows "Pending" rather than "Starting"; the poller does the rest.
            await AdvanceAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFirstStepFailed(logger, id, ex);
        }

        pollerSignal.Wake();
        return new ReportStart.Started(id);
    }

    public static IReadOnlyList<ReportFieldError> Validate(NewReportRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new List<ReportFieldError>();
        if (request.From > request.To)
        {
            errors.Add(new(nameof(request.To), "Reports.Error.ToBeforeFrom"));
        }
        else if (request.To.DayNumber - request.From.DayNumber + 1 > MaxRangeDays)
        {
            errors.Add(new(nameof(request.To), "Reports.Error.RangeTooLong", MaxRangeDays));
        }

        if (request.To > today)
        {
            errors.Add(new(nameof(request.To), "Reports.Error.ToInFuture"));
        }

        if (request.From < today.AddYears(-5))
        {
            errors.Add(new(nameof(request.From), "Reports.Error.FromTooOld"));
        }

        if (!Enum.IsDefined(request.Kind))
        {
            errors.Add(new(nameof(request.Kind), "Reports.Error.Kind"));
        }

        return errors;
    }

    /// <summary>Switches the company's daily report of the previous day on or off (Admin).</summary>
    public async Task SetScheduleAsync(bool dailyEnabled, ReportKind dailyKind, CancellationToken cancellationToken = default)
    {
        var user = await currentUser.DemandAsync(PortalPolicies.CanManagePolicy, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var schedule = await db.ReportSchedules.FirstOrDefaultAsync(cancellationToken);
        var before = schedule is null ? null : new { schedule.DailyEnabled, Kind = schedule.DailyKind.ToString() };
        if (schedule is null)
        {
            schedule = new ReportSchedule();
            db.ReportSchedules.Add(schedule);
        }

        var now = time.GetUtcNow();
        if (dailyEnabled && !schedule.DailyEnabled)
        {
            // Switched on now: the first run is tomorrow's (yesterday's report is the user's to start by hand).
            schedule.LastDailyDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        }

        schedule.DailyEnabled = dailyEnabled;
        schedule.DailyKind = dailyKind;
        schedule.UpdatedBy = user.Subject;
        schedule.UpdatedAt = now;
        await SaveAuditedAsync(db, AuditActor.From(user),
            new AuditEntry(ReportAuditActions.ScheduleChanged, ReportAuditActions.ScheduleEntity, null, before, new { DailyEnabled = dailyEnabled, Kind = dailyKind.ToString() }),
            cancellationToken);
    }

    public async Task<ReportSchedule?> GetScheduleAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanViewReports, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ReportSchedules.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The poller's pass for this company: starts the daily report when it is due, then advances every unfinished report
    /// whose time has come. Returns when the next one is due (null: none is waiting).
    /// </summary>
    public async Task<DateTimeOffset?> AdvanceDueAsync(CancellationToken cancellationToken = default)
    {
        await StartDailyIfDueAsync(cancellationToken);
        var now = time.GetUtcNow();
        List<Guid> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Reports.AsNoTracking().Where(r => r.NextPollAt != null && r.NextPollAt <= now)
                .OrderBy(r => r.NextPollAt).Select(r => r.Id).Take(50).ToListAsync(cancellationToken);
        }

        foreach (var id in due)
        {
            await AdvanceAsync(id, cancellationToken);
        }

        await using var read = await contexts.CreateDbContextAsync(cancellationToken);
        return await read.Reports.AsNoTracking().Where(r => r.NextPollAt != null)
            .OrderBy(r => r.NextPollAt).Select(r => r.NextPollAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Takes one report one step on (or through to the end, once Clara has it ready).</summary>
    public async Task AdvanceAsync(Guid reportId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var report = await db.Reports.FirstOrDefaultAsync(r => r.Id == reportId, cancellationToken);
        if (report is null || report.IsFinished)
        {
            return;
        }

        try
        {
            if (report.State == ReportState.Starting)
            {
                await StartAtClaraAsync(db, report, cancellationToken);
            }
            else if (report.State is ReportState.Pending or ReportState.Processing)
            {
                await PollAsync(db, report, cancellationToken);
            }

            if (report.State == ReportState.Fetching)
            {
                await FetchAsync(db, report, cancellationToken);
            }
        }
        catch (DbUpdateException ex)
        {
            // Another pass (another instance) moved it first, or stored the same rows: it goes on from what was saved.
            LogNotSaved(logger, reportId, ex);
        }
        catch (ClaraApiException ex) when (ex.StatusCode == 404 && report.State != ReportState.Starting)
        {
            await FailAsync(db, report, ReportFailures.Deleted, ex.ClaraMessage, cancellationToken);
        }
        catch (ClaraApiException ex) when (report.State == ReportState.Starting && ex.IsAboutTheRequest)
        {
            await FailAsync(db, report, ReportFailures.Refused, ex.ClaraMessage ?? ex.Message, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Transport faults, Clara's 5xx and 429, and answers this client could not read all go the same way: try
            // again later from the last saved step, until GiveUpAfter.
            await BackOffAsync(db, report, ex, cancellationToken);
        }
    }

    private async Task<Guid> CreateAsync(NewReportRequest request, string idempotencyKey, AuditActor actor, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var report = AddReport(db, request, idempotencyKey, actor);
        await SaveAuditedAsync(db, actor, Requested(report), ct);
        LogRequested(logger, report.Id, report.Kind, report.From, report.To);
        Tell(db, report);
        return report.Id;
    }

    /// <summary>Adds the report to <paramref name="db"/>; the caller saves it with its <see cref="Requested"/> event.</summary>
    private ReconciliationReport AddReport(PortalDbContext db, NewReportRequest request, string idempotencyKey, AuditActor actor)
    {
        var now = time.GetUtcNow();
        var report = new ReconciliationReport
        {
            Id = Guid.NewGuid(),
            IdempotencyKey = idempotencyKey,
            Kind = request.Kind,
            From = request.From,
            To = request.To,
            State = ReportState.Starting,
            RequestedBy = actor.Id,
            RequestedByName = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
            // Not due at once: whoever created it takes the first step; the poller only when that did not happen.
            NextPollAt = now + Options.FirstPoll,
        };
        db.Reports.Add(report);
        return report;
    }

    private static AuditEntry Requested(ReconciliationReport report) =>
        new(ReportAuditActions.Requested, ReportAuditActions.ReportEntity, report.Id.ToString(), After: new { report.From, report.To, Kind = report.Kind.ToString() });

    /// <summary>Saves the change and its audit event in one transaction (the chain is appended inside it).</summary>
    private async Task SaveAuditedAsync(PortalDbContext db, AuditActor actor, AuditEntry entry, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await auditTrail.AppendAsync(db, actor, entry, AuditTrail.NewCorrelationId(), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task StartDailyIfDueAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        if (now.UtcDateTime.TimeOfDay < Options.DailyAtUtc)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        var schedule = await db.ReportSchedules.FirstOrDefaultAsync(ct);
        if (schedule is not { DailyEnabled: true } || schedule.LastDailyDay >= yesterday)
        {
            return;
        }

        // The day is marked and its report added in one save, under a key of the day's: whoever saves first starts it,
        // a second pass (another instance) fails on the unique key and starts nothing.
        schedule.LastDailyDay = yesterday;
        var key = $"daily-{db.CompanyKey}-{yesterday:yyyyMMdd}";
        ReconciliationReport report;
        try
        {
            report = AddReport(db, new NewReportRequest(yesterday, yesterday, schedule.DailyKind), key, ScheduleActor);
            await SaveAuditedAsync(db, ScheduleActor, Requested(report), ct);
        }
        catch (DbUpdateException)
        {
            LogDailyTakenElsewhere(logger, yesterday);
            return;
        }

        LogRequested(logger, report.Id, report.Kind, report.From, report.To);
        Tell(db, report);
    }

    private async Task StartAtClaraAsync(PortalDbContext db, ReconciliationReport report, CancellationToken ct)
    {
        var started = await clara.StartReportAsync(new ReportRequest(report.From, report.To, WireType(report.Kind)), report.IdempotencyKey, ct);
        report.ClaraReportId = started.ReportId;
        report.State = ReportState.Pending;
        report.QuietPolls = 0;
        await SaveStepAsync(db, report, ct);
    }

    private async Task PollAsync(PortalDbContext db, ReconciliationReport report, CancellationToken ct)
    {
        var page = await clara.GetReportPageAsync(report.ClaraReportId!.Value, 1, ClaraClient.MaxReportPageRows, ct);
        switch (page.Status.ToUpperInvariant())
        {
            case ReportStatus.Failed:
                await FailAsync(db, report, ReportFailures.ClaraFailed, null, ct);
                return;
            case ReportStatus.Ready:
                report.State = ReportState.Fetching;
                report.TotalRows = page.TotalRows;
                report.Progress = 0m;
                report.QuietPolls = 0;
                // The poll brought the first page already: keep it rather than asking again.
                await StoreRowsAsync(db, report, page.Rows, ct);
                return;
            default:
                var state = page.Status.Equals(ReportStatus.Processing, StringComparison.OrdinalIgnoreCase) ? ReportState.Processing : ReportState.Pending;
                var progress = Math.Round(Math.Clamp(page.Progress, 0m, 1m), 4);
                var moved = state != report.State || progress != report.Progress;
                report.State = state;
                report.Progress = progress;
                report.QuietPolls = moved ? 0 : report.QuietPolls + 1;
                if (GaveUp(report))
                {
                    await FailAsync(db, report, ReportFailures.TimedOut, null, ct);
                    return;
                }

                await SaveStepAsync(db, report, ct);
                return;
        }
    }

    private async Task FetchAsync(PortalDbContext db, ReconciliationReport report, CancellationToken ct)
    {
        while (report.State == ReportState.Fetching && report.FetchedRows < (report.TotalRows ?? 0))
        {
            var from = report.FetchedRows + 1;
            var to = Math.Min(report.TotalRows!.Value, report.FetchedRows + ClaraClient.MaxReportPageRows);
            var page = await clara.GetReportPageAsync(report.ClaraReportId!.Value, from, to, ct);
            if (page.Rows.Count == 0)
            {
                throw new ClaraApiException(502, "EMPTY_PAGE", $"Clara returned no rows for {from}..{to} of {report.TotalRows}.");
            }

            await StoreRowsAsync(db, report, page.Rows, ct);
        }

        if (report.State == ReportState.Fetching)
        {
            await FinishAsync(db, report, ct);
        }
    }

    /// <summary>Stores one page of rows and the count in one save, so fetching resumes exactly after the last stored row.</summary>
    private async Task StoreRowsAsync(PortalDbContext db, ReconciliationReport report, IReadOnlyList<CardTransaction> rows, CancellationToken ct)
    {
        if (rows.FirstOrDefault(r => !ReportMatching.IsWellFormed(r)) is { } bad)
        {
            // Never rounded or guessed: money that breaks Clara's contract stops the report with a reason people can act on.
            await FailAsync(db, report, ReportFailures.Malformed, $"transaction {bad.TransactionId}", ct);
            return;
        }

        var room = (report.TotalRows ?? 0) - report.FetchedRows;
        var number = report.FetchedRows;
        foreach (var row in rows.Take(room))
        {
            db.ReportTransactions.Add(ReportMatching.Row(report.Id, ++number, row));
        }

        report.FetchedRows = number;
        report.Progress = report.TotalRows is > 0 ? Math.Round((decimal)number / report.TotalRows.Value, 4) : 1m;
        report.QuietPolls = 0;
        await SaveStepAsync(db, report, ct);
        db.ChangeTracker.Clear();
        db.Attach(report);
    }

    /// <summary>Matches the stored rows to the portal's cards, adds them to the company's ledger, and marks the report Ready.</summary>
    private async Task FinishAsync(PortalDbContext db, ReconciliationReport report, CancellationToken ct)
    {
        var tallies = new Dictionary<(long, string), PurchaseTally>();
        var transactions = new Dictionary<long, ReportTransaction>();
        await foreach (var row in db.ReportTransactions.AsNoTracking().Where(r => r.ReportId == report.Id).OrderBy(r => r.RowNumber).AsAsyncEnumerable().WithCancellation(ct))
        {
            var key = (row.PurchaseId, row.Currency);
            if (!tallies.TryGetValue(key, out var tally))
            {
                tallies[key] = tally = new PurchaseTally(row.PurchaseId, row.Currency);
            }

            tally.Add(row.Type, row.Amount);
            transactions.TryAdd(row.TransactionId, row);
        }

        var cards = new Dictionary<long, MatchedCard>();
        foreach (var batch in tallies.Keys.Select(k => (long?)k.Item1).Distinct().Chunk(MatchBatch))
        {
            var found = await db.CardPurchases.AsNoTracking().Where(p => batch.Contains(p.ClaraPurchaseId))
                .Select(p => new MatchedCard(p.Id, p.ClaraPurchaseId!.Value, p.Amount, p.Currency, p.Last4, p.SupplierName, p.Reference))
                .ToListAsync(ct);
            foreach (var card in found)
            {
                cards[card.ClaraPurchaseId] = card;
            }
        }

        foreach (var batch in transactions.Values.Chunk(MatchBatch))
        {
            var ids = batch.Select(t => t.TransactionId).ToArray();
            var known = (await db.PostedTransactions.AsNoTracking().Where(t => ids.Contains(t.TransactionId)).Select(t => t.TransactionId).ToListAsync(ct)).ToHashSet();
            db.PostedTransactions.AddRange(batch.Where(t => !known.Contains(t.TransactionId)).Select(t => new PostedTransaction
            {
                TransactionId = t.TransactionId,
                PurchaseId = t.PurchaseId,
                CardPurchaseId = cards.GetValueOrDefault(t.PurchaseId)?.Id,
                PostedAt = t.PostedAt,
                Type = t.Type,
                Amount = t.Amount,
                Currency = t.Currency,
                MerchantName = t.MerchantName,
            }));
        }

        var lines = tallies.Values.Select(t => ReportMatching.Line(report.Id, t, cards.GetValueOrDefault(t.PurchaseId))).ToList();
        var unmatched = lines.Count(l => !l.Matched);
        report.Purchases = lines.Count;
        report.Unmatched = unmatched;
        report.OverLimit = lines.Count(l => l.OverLimit);
        db.ReportLines.AddRange(lines);
        var now = time.GetUtcNow();
        report.State = ReportState.Ready;
        report.Progress = 1m;
        report.CompletedAt = now;
        report.NextPollAt = null;
        await SaveStepAsync(db, report, ct, audit: new AuditEntry(ReportAuditActions.Ready, ReportAuditActions.ReportEntity, report.Id.ToString(),
            After: new { Rows = report.FetchedRows, Purchases = lines.Count, Unmatched = unmatched }));
        LogReady(logger, report.Id, report.FetchedRows, tallies.Count, unmatched);
    }

    /// <summary>Marks it failed: the code says why (the page puts it in words); the message is only Clara's own words or a fact, never ours in English.</summary>
    private async Task FailAsync(PortalDbContext db, ReconciliationReport report, string code, string? message, CancellationToken ct)
    {
        report.State = ReportState.Failed;
        report.FailureCode = code;
        report.FailureMessage = message is { Length: > 2000 } ? message[..2000] : message;
        report.CompletedAt = time.GetUtcNow();
        report.NextPollAt = null;
        await SaveStepAsync(db, report, ct, audit: new AuditEntry(ReportAuditActions.Failed, ReportAuditActions.ReportEntity, report.Id.ToString(),
            After: new { Code = code, report.FetchedRows }));
        LogFailed(logger, report.Id, code);
    }

    private async Task BackOffAsync(PortalDbContext db, ReconciliationReport report, Exception failure, CancellationToken ct)
    {
        LogCallFailed(logger, report.Id, report.State, failure);
        if (GaveUp(report))
        {
            await FailAsync(db, report, ReportFailures.TimedOut, null, ct);
            return;
        }

        report.QuietPolls++;
        var retryAfter = (failure as ClaraApiException)?.RetryAfter ?? TimeSpan.Zero;
        await SaveStepAsync(db, report, ct, retryAfter);
    }

    /// <summary>Saves the step with the next look scheduled (doubling while nothing moves), then tells open pages.</summary>
    private async Task SaveStepAsync(PortalDbContext db, ReconciliationReport report, CancellationToken ct, TimeSpan atLeast = default, AuditEntry? audit = null)
    {
        var now = time.GetUtcNow();
        report.UpdatedAt = now;
        if (!report.IsFinished)
        {
            report.NextPollAt = report.State == ReportState.Fetching ? now : now + Max(NextDelay(report.QuietPolls), atLeast);
        }

        if (audit is null)
        {
            await db.SaveChangesAsync(ct);
        }
        else
        {
            await SaveAuditedAsync(db, PollerActor, audit, ct);
        }

        Tell(db, report);
    }

    private TimeSpan NextDelay(int quietPolls)
    {
        var delay = Options.FirstPoll * Math.Pow(2, Math.Min(quietPolls, 16));
        return delay < Options.MaxPollDelay ? delay : Options.MaxPollDelay;
    }

    private bool GaveUp(ReconciliationReport report) => time.GetUtcNow() - report.CreatedAt > Options.GiveUpAfter;

    private void Tell(PortalDbContext db, ReconciliationReport report) =>
        notifications.Publish(new ReportNews(db.CompanyKey!, report.Id, report.State, report.Progress, report.FetchedRows, report.TotalRows));

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    internal static string WireType(ReportKind kind) => kind == ReportKind.Authorization ? ReportType.Authorization : ReportType.Clearing;

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} requested: {Kind} {From}..{To}")]
    private static partial void LogRequested(ILogger logger, Guid reportId, ReportKind kind, DateOnly from, DateOnly to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Report {ReportId} ready: {Rows} rows, {Purchases} purchases, {Unmatched} unmatched")]
    private static partial void LogReady(ILogger logger, Guid reportId, int rows, int purchases, int unmatched);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Report {ReportId} failed: {Code}")]
    private static partial void LogFailed(ILogger logger, Guid reportId, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Clara call for report {ReportId} ({State}) failed; backing off")]
    private static partial void LogCallFailed(ILogger logger, Guid reportId, ReportState state, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The first step of report {ReportId} failed; the poller carries it on")]
    private static partial void LogFirstStepFailed(ILogger logger, Guid reportId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A step of report {ReportId} was not saved (another pass may have moved it first); it goes on from what was saved")]
    private static partial void LogNotSaved(ILogger logger, Guid reportId, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The daily report of {Day} was started by another pass")]
    private static partial void LogDailyTakenElsewhere(ILogger logger, DateOnly day);
}
