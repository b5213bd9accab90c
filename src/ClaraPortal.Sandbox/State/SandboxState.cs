using System.Text.Json;
using ClaraPortal.Sandbox.Contract;

namespace ClaraPortal.Sandbox.State;

/// <summary>
/// All mutable state of one sandbox server. One lock guards it: the sandbox serves a handful of
/// clients, and a single lock makes every rule check plus write atomic (no two submits can both
/// spend the last credit of an RCN). Every change is written through to the store (SQLite or none).
/// </summary>
internal sealed class SandboxState : IDisposable
{
    private const string PurchaseKind = "purchase";
    private const string ReportKind = "report";
    private const string IdempotencyKind = "idempotency";
    private const string SequenceKind = "sequence";
    private const string PurchaseSequence = "purchase";
    private const string TransactionSequence = "transaction";
    private const string ReportSequence = "report";

    private readonly IStateStore _store;
    private long _lastPurchaseId;
    private long _lastTransactionId = 88001000000000;
    private long _lastReportId = 70010000000000;

    /// <param name="firstPurchaseId">The first purchase id of a sandbox without state; one with state goes on from its last id.</param>
    public SandboxState(IStateStore store, long firstPurchaseId)
    {
        _store = store;
        long? storedPurchaseId = null;
        foreach (var (kind, json) in store.LoadAll())
        {
            switch (kind)
            {
                case PurchaseKind:
                    var purchase = Deserialize<PurchaseRecord>(json);
                    Purchases[purchase.Id] = purchase;
                    CardNumbers.Add(purchase.CardNumber);
                    storedPurchaseId = Math.Max(storedPurchaseId ?? 0, purchase.Id);
                    _lastTransactionId = Math.Max(_lastTransactionId, purchase.Transactions.Select(t => t.Id).DefaultIfEmpty().Max());
                    break;
                case ReportKind:
                    var report = Deserialize<ReportRecord>(json);
                    Reports[report.Id] = report;
                    _lastReportId = Math.Max(_lastReportId, report.Id);
                    break;
                case IdempotencyKind:
                    var record = Deserialize<IdempotencyRecord>(json);
                    Idempotency[record.Scope] = record;
                    break;
                case SequenceKind:
                    // Reports are deleted after 7 days, so their highest id can leave the store: the sequences are kept
                    // on their own, and a restarted sandbox never hands out an id it already used.
                    var sequence = Deserialize<SequenceRecord>(json);
                    switch (sequence.Name)
                    {
                        case PurchaseSequence: storedPurchaseId = Math.Max(storedPurchaseId ?? 0, sequence.Last); break;
                        case TransactionSequence: _lastTransactionId = Math.Max(_lastTransactionId, sequence.Last); break;
                        case ReportSequence: _lastReportId = Math.Max(_lastReportId, sequence.Last); break;
                    }

                    break;
            }
        }

        // A sandbox that has issued before goes on from its last id; one without state starts where it is told.
        _lastPurchaseId = storedPurchaseId ?? firstPurchaseId - 1;
    }

    /// <summary>Hold this (lock statement) around every read-check-write sequence. Re-entrant.</summary>
    public object Gate { get; } = new();

    public Dictionary<long, PurchaseRecord> Purchases { get; } = [];
    public Dictionary<long, ReportRecord> Reports { get; } = [];
    public Dictionary<string, IdempotencyRecord> Idempotency { get; } = new(StringComparer.Ordinal);
    public HashSet<string> CardNumbers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Where a sandbox with no state starts its purchase ids: later in time, higher, by a thousand a second. A sandbox
    /// started afresh (in memory, or a deleted state file) then never hands out an id an earlier run gave to a card
    /// that a portal still remembers. Wall clock on purpose: the injected clock of a test may stand still.
    /// </summary>
    public static long FreshPurchaseIdStart(DateTimeOffset now) =>
        99201000000001 + (long)Math.Max(0, (now - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).TotalSeconds) * 1000;

    public long NextPurchaseId() => Advance(ref _lastPurchaseId, PurchaseSequence);
    public long NextTransactionId() => Advance(ref _lastTransactionId, TransactionSequence);
    public long NextReportId() => Advance(ref _lastReportId, ReportSequence);

    public void Save(PurchaseRecord purchase) => _store.Upsert(PurchaseKind, purchase.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Serialize(purchase));
    public void Save(ReportRecord report) => _store.Upsert(ReportKind, report.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Serialize(report));
    public void Save(IdempotencyRecord record) => _store.Upsert(IdempotencyKind, record.Scope, Serialize(record));
    public void DeleteReport(long id) => _store.Delete(ReportKind, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
    public void DeleteIdempotency(string scope) => _store.Delete(IdempotencyKind, scope);

    /// <summary>Every store write of <paramref name="work"/> in one transaction (a bulk import). Call under <see cref="Gate"/>.</summary>
    public void InTransaction(Action work) => _store.InTransaction(work);

    public void Dispose() => _store.Dispose();

    private long Advance(ref long last, string name)
    {
        var next = ++last;
        _store.Upsert(SequenceKind, name, Serialize(new SequenceRecord { Name = name, Last = next }));
        return next;
    }

    private static string Serialize<T>(T value) => JsonSerializer.Serialize(value, SandboxJson.StoreOptions);

    private static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, SandboxJson.StoreOptions) ?? throw new InvalidDataException($"Empty {typeof(T).Name} in the sandbox store.");
}
