namespace ClaraPortal.Clara;

/// <summary>POST /v1/vcn/cancel answer: one outcome per id; partial success is normal.</summary>
public sealed record CancelPurchasesResult(IReadOnlyList<CancelOutcome> Results) : IClaraAnswer
{
    // Absent "results" (not an empty list) says nothing about any card: unreadable, not "no card cancelled".
    private readonly bool _hasResults = Results is not null;

    string? IClaraAnswer.MissingMember =>
        !_hasResults ? "results"
        : this.Results.Any(r => r is null || r.PurchaseId <= 0) ? "results.purchaseId"
        : this.Results.Any(r => string.IsNullOrWhiteSpace(r.Status)) ? "results.status"
        : null;

    public IReadOnlyList<CancelOutcome> Results { get; init; } = Results ?? [];
}

/// <summary>Status is CANCELLED, ALREADY_CANCELLED, NOT_FOUND or FAILED (see <see cref="CancelStatus"/>).</summary>
public sealed record CancelOutcome(long PurchaseId, string Status, string? Message);

public static class CancelStatus
{
    public const string Cancelled = "CANCELLED";
    public const string AlreadyCancelled = "ALREADY_CANCELLED";
    public const string NotFound = "NOT_FOUND";
    public const string Failed = "FAILED";
}

/// <summary>Start of a reconciliation report. Type is AUTHORIZATION or CLEARING (see <see cref="ReportType"/>).</summary>
public sealed record ReportRequest(DateOnly From, DateOnly To, string Type);

public static class ReportType
{
    public const string Authorization = "AUTHORIZATION";
    public const string Clearing = "CLEARING";
}

public sealed record ReportStarted(long ReportId, string Status) : IClaraAnswer
{
    string? IClaraAnswer.MissingMember => ReportId <= 0 ? "reportId" : string.IsNullOrWhiteSpace(Status) ? "status" : null;
}

/// <summary>One page of a report. Status PENDING, PROCESSING, READY or FAILED; Progress 0..1; rows numbered from 1.</summary>
public sealed record ReportPage(long ReportId, string Status, decimal Progress, int TotalRows, IReadOnlyList<CardTransaction> Rows) : IClaraAnswer
{
    string? IClaraAnswer.MissingMember => ReportId <= 0 ? "reportId" : string.IsNullOrWhiteSpace(Status) ? "status" : TotalRows < 0 ? "totalRows" : null;

    public IReadOnlyList<CardTransaction> Rows { get; init; } = Rows ?? [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsReady => string.Equals(Status, ReportStatus.Ready, StringComparison.OrdinalIgnoreCase);
}

public static class ReportStatus
{
    public const string Pending = "PENDING";
    public const string Processing = "PROCESSING";
    public const string Ready = "READY";
    public const string Failed = "FAILED";
}
