namespace ClaraPortal.Web.Features.Demo;

/// <summary>What one company's seeding did; counters are safe to bump from parallel work.</summary>
internal sealed class DemoTally(string company)
{
    private long _historyCards;
    private long _liveCards;
    private long _approvals;
    private long _rejected;
    private long _pending;
    private long _charges;
    private long _declined;
    private long _cancelled;
    private long _updated;
    private long _failed;
    private long _deferred;

    public string Company { get; } = company;

    public long HistoryCards => Interlocked.Read(ref _historyCards);

    public long LiveCards => Interlocked.Read(ref _liveCards);

    public long Approvals => Interlocked.Read(ref _approvals);

    public long Rejected => Interlocked.Read(ref _rejected);

    public long Pending => Interlocked.Read(ref _pending);

    public long Charges => Interlocked.Read(ref _charges);

    public long Declined => Interlocked.Read(ref _declined);

    public long Cancelled => Interlocked.Read(ref _cancelled);

    public long Updated => Interlocked.Read(ref _updated);

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Live cards left to history because the funding card's credit budget was used up.</summary>
    public long Deferred => Interlocked.Read(ref _deferred);

    public void AddHistoryCards(long n) => Interlocked.Add(ref _historyCards, n);

    public void AddLiveCard() => Interlocked.Increment(ref _liveCards);

    public void AddApprovals(long n) => Interlocked.Add(ref _approvals, n);

    public void AddRejected(long n) => Interlocked.Add(ref _rejected, n);

    public void AddPending() => Interlocked.Increment(ref _pending);

    public void AddCharges(long approved, long declined)
    {
        Interlocked.Add(ref _charges, approved);
        Interlocked.Add(ref _declined, declined);
    }

    public void AddCancelled(long n) => Interlocked.Add(ref _cancelled, n);

    public void AddUpdated(long n) => Interlocked.Add(ref _updated, n);

    public void AddFailed(long n) => Interlocked.Add(ref _failed, n);

    public void AddDeferred() => Interlocked.Increment(ref _deferred);
}
