using System.Data.Common;
using System.Diagnostics;
using ClaraPortal.Clara;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClaraPortal.Benchmarks.Issuance;

/// <summary>
/// Marks where one IssueAsync call spends its time without touching the portal's code: the first transaction it opens
/// ends the checks (duplicate key, catalog reads, rules), the Clara call starts after the Requested row and its audit
/// event committed, and what follows the Clara answer is recording the outcome. Carried by an AsyncLocal, so it follows
/// the call into the submission the portal starts for it.
/// </summary>
public sealed class PhaseClock
{
    private static readonly AsyncLocal<PhaseClock?> CurrentClock = new();

    private readonly long _start = Stopwatch.GetTimestamp();
    private long _firstTransaction;
    private long _claraStart;
    private long _claraEnd;

    public static PhaseClock? Current => CurrentClock.Value;

    /// <summary>Starts a clock for the calls that follow on this async flow.</summary>
    public static PhaseClock Start()
    {
        var clock = new PhaseClock();
        CurrentClock.Value = clock;
        return clock;
    }

    public static void Stop() => CurrentClock.Value = null;

    internal void TransactionStarting()
    {
        if (_firstTransaction == 0)
        {
            _firstTransaction = Stopwatch.GetTimestamp();
        }
    }

    internal void ClaraStarting() => _claraStart = Stopwatch.GetTimestamp();

    internal void ClaraEnded() => _claraEnd = Stopwatch.GetTimestamp();

    /// <summary>The phases in milliseconds, once the call returned; null when a mark is missing (the call never reached Clara).</summary>
    public IssuePhases? Finish()
    {
        var end = Stopwatch.GetTimestamp();
        if (_firstTransaction == 0 || _claraStart == 0 || _claraEnd == 0)
        {
            return null;
        }

        return new IssuePhases(
            Stopwatch.GetElapsedTime(_start, _firstTransaction).TotalMilliseconds,
            Stopwatch.GetElapsedTime(_firstTransaction, _claraStart).TotalMilliseconds,
            Stopwatch.GetElapsedTime(_claraStart, _claraEnd).TotalMilliseconds,
            Stopwatch.GetElapsedTime(_claraEnd, end).TotalMilliseconds);
    }
}

/// <summary>One IssueAsync call cut in four, in milliseconds.</summary>
/// <param name="Checks">Key lookup, template/RCN/supplier reads and the rules, until the first transaction begins.</param>
/// <param name="RecordRequested">Inserting the Requested row and its audit event, until the Clara call starts.</param>
/// <param name="Clara">The client's SubmitAsync.</param>
/// <param name="RecordOutcome">Recording Clara's answer and its audit event, until IssueAsync returns.</param>
public sealed record IssuePhases(double Checks, double RecordRequested, double Clara, double RecordOutcome)
{
    public double Portal => Checks + RecordRequested + RecordOutcome;
}

/// <summary>Notes the first transaction of the current <see cref="PhaseClock"/>.</summary>
public sealed class PhaseTransactionInterceptor : DbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        PhaseClock.Current?.TransactionStarting();
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<DbTransaction> TransactionStarting(
        DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        PhaseClock.Current?.TransactionStarting();
        return result;
    }
}

/// <summary>The Clara client with the submit timed into the current <see cref="PhaseClock"/>; every other call passes through.</summary>
public sealed class PhaseTimedClaraClient(IClaraClient inner) : IClaraClient
{
    public async Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default)
    {
        var clock = PhaseClock.Current;
        clock?.ClaraStarting();
        try
        {
            return await inner.SubmitAsync(request, idempotencyKey, ct);
        }
        finally
        {
            clock?.ClaraEnded();
        }
    }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => inner.GetCatalogAsync(detail, ct);

    public Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        inner.UpdateAsync(purchaseId, request, idempotencyKey, ct);

    public Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) =>
        inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct);

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        inner.StartReportAsync(request, idempotencyKey, ct);

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) =>
        inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) =>
        inner.GetPurchaseAsync(purchaseId, reveal, ct);
}
