using System.Collections.Concurrent;
using ClaraPortal.Clara;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>What happens to the next write of one kind, on top of the real client.</summary>
public abstract record WriteFault
{
    /// <summary>Clara carries the write out (the real call is made), then the answer is lost.</summary>
    public sealed record AnswerLost : WriteFault;

    /// <summary>Clara answers <see cref="Status"/> without acting (the real call is not made).</summary>
    public sealed record Refused(int Status, string Code) : WriteFault;

    /// <summary>The process dies between recording the request and calling Clara: nothing is sent, nothing recorded after.</summary>
    public sealed record ProcessKilled : WriteFault;
}

/// <summary>Thrown for <see cref="WriteFault.ProcessKilled"/>: no handler in the portal expects it, as none would run.</summary>
public sealed class ProcessKilledException : Exception
{
    public ProcessKilledException()
        : base("The process was killed (simulated).")
    {
    }

    public ProcessKilledException(string message)
        : base(message)
    {
    }

    public ProcessKilledException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>
/// The real client (to the real sandbox), with scripted faults per write kind and a record of every write's
/// Idempotency-Key, so tests can say which key a replay used and how many calls were made.
/// </summary>
public sealed class FaultyClaraClient(IClaraClient inner) : IClaraClient
{
    public ConcurrentQueue<WriteFault> Submits { get; } = new();

    public ConcurrentQueue<WriteFault> Updates { get; } = new();

    public ConcurrentQueue<WriteFault> Cancels { get; } = new();

    /// <summary>Keys of the writes that reached the real client, in order.</summary>
    public ConcurrentQueue<string> SubmitKeys { get; } = new();

    public ConcurrentQueue<string> UpdateKeys { get; } = new();

    public ConcurrentQueue<string> CancelKeys { get; } = new();

    /// <summary>Held before each real update/cancel, so two writers overlap.</summary>
    public TimeSpan WriteDelay { get; set; }

    public Task<ClaraCatalog> GetCatalogAsync(CatalogDetail detail = CatalogDetail.All, CancellationToken ct = default) => inner.GetCatalogAsync(detail, ct);

    public async Task<IssuedCard> SubmitAsync(SubmitPurchaseRequest request, string idempotencyKey, CancellationToken ct = default) =>
        await RunAsync(Submits, SubmitKeys, idempotencyKey, "POST /v1/vcn/submit", () => inner.SubmitAsync(request, idempotencyKey, ct), TimeSpan.Zero);

    public async Task<Purchase> UpdateAsync(long purchaseId, UpdatePurchaseRequest request, string? idempotencyKey = null, CancellationToken ct = default) =>
        await RunAsync(Updates, UpdateKeys, idempotencyKey, "POST /v1/vcn/update", () => inner.UpdateAsync(purchaseId, request, idempotencyKey, ct), WriteDelay);

    public async Task<CancelPurchasesResult> CancelAsync(IReadOnlyList<long> purchaseIds, string reason, string? idempotencyKey = null, CancellationToken ct = default) =>
        await RunAsync(Cancels, CancelKeys, idempotencyKey, "POST /v1/vcn/cancel", () => inner.CancelAsync(purchaseIds, reason, idempotencyKey, ct), WriteDelay);

    public Task<ReportStarted> StartReportAsync(ReportRequest request, string? idempotencyKey = null, CancellationToken ct = default) => inner.StartReportAsync(request, idempotencyKey, ct);

    public Task<ReportPage> GetReportPageAsync(long reportId, int fromRow, int toRow, CancellationToken ct = default) => inner.GetReportPageAsync(reportId, fromRow, toRow, ct);

    public Task<PurchaseDetails> GetPurchaseAsync(long purchaseId, bool reveal = false, CancellationToken ct = default) => inner.GetPurchaseAsync(purchaseId, reveal, ct);

    private static async Task<T> RunAsync<T>(ConcurrentQueue<WriteFault> faults, ConcurrentQueue<string> keys, string? key, string operation, Func<Task<T>> call, TimeSpan delay)
    {
        faults.TryDequeue(out var fault);
        switch (fault)
        {
            case WriteFault.Refused refused:
                throw new ClaraApiException(refused.Status, refused.Code, "Refused (scripted)", operation: operation);
            case WriteFault.ProcessKilled:
                throw new ProcessKilledException();
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay);
        }

        keys.Enqueue(key ?? "");
        var answer = await call();
        if (fault is WriteFault.AnswerLost)
        {
            throw new ClaraOutcomeUnknownException(key, operation, null, new TimeoutException("answer lost (scripted)"));
        }

        return answer;
    }
}
