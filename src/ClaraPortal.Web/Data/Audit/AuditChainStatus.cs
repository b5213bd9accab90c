namespace ClaraPortal.Web.Data.Audit;

/// <summary>The latest verification of the chain (scheduled or asked for), for the dashboard's banner and the verify page.</summary>
public sealed class AuditChainStatus
{
    private readonly Lock _gate = new();

    /// <summary>The latest finished verification, or null before the first.</summary>
    public AuditChainReport? Latest { get; private set; }

    /// <summary>When the scheduled verification last finished, or null before it first has.</summary>
    public DateTimeOffset? LastScheduledAt { get; private set; }

    /// <summary>Raised after a verification finished, on the thread that finished it.</summary>
    public event Action? Changed;

    public void Record(AuditChainReport report, bool scheduled)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            Latest = report;
            if (scheduled)
            {
                LastScheduledAt = report.CompletedAt;
            }
        }

        Changed?.Invoke();
    }
}
