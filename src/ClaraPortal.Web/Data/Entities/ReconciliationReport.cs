namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// A reconciliation report asked of Clara, from the request to its stored rows. Clara deletes a report 7 days after
/// creating it; the rows fetched here stay, so a report remains readable for as long as the portal keeps it.
/// </summary>
public sealed class ReconciliationReport : ICompanyOwned, IConcurrencyStamped
{
    public string Company { get; set; } = null!;

    public Guid Id { get; set; }

    /// <summary>Sent as Idempotency-Key with the start, so a replay after a lost answer starts nothing new.</summary>
    public required string IdempotencyKey { get; set; }

    public ReportKind Kind { get; set; }

    /// <summary>First and last day of the range, UTC dates as Clara reads them, both inclusive.</summary>
    public DateOnly From { get; set; }

    public DateOnly To { get; set; }

    public ReportState State { get; set; }

    /// <summary>Clara's build progress, 0..1, then the share of rows fetched while <see cref="ReportState.Fetching"/>.</summary>
    public decimal Progress { get; set; }

    /// <summary>Clara's reportId once Clara has accepted the start.</summary>
    public long? ClaraReportId { get; set; }

    /// <summary>Rows Clara holds (known once READY) and rows stored here so far (fetching resumes after them).</summary>
    public int? TotalRows { get; set; }

    public int FetchedRows { get; set; }

    /// <summary>Once Ready: purchases in the report, those the portal does not know, those spent past their limit.</summary>
    public int? Purchases { get; set; }

    public int? Unmatched { get; set; }

    public int? OverLimit { get; set; }

    /// <summary>Subject of who asked for it; <see cref="ReportRequesters.Schedule"/> for the daily report.</summary>
    public required string RequestedBy { get; set; }

    public required string RequestedByName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the poller looks at it next; null once it is Ready or Failed.</summary>
    public DateTimeOffset? NextPollAt { get; set; }

    /// <summary>Polls since the progress last moved (or since the last error): the backoff's exponent.</summary>
    public int QuietPolls { get; set; }

    /// <summary>Why it failed: a <see cref="ReportFailures"/> code and a message for people.</summary>
    public string? FailureCode { get; set; }

    public string? FailureMessage { get; set; }

    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public bool IsFinished => State is ReportState.Ready or ReportState.Failed;
}

public enum ReportKind
{
    /// <summary>Settled charges, refunds and reversals (Clara's CLEARING).</summary>
    Clearing,

    /// <summary>Authorizations including declines (Clara's AUTHORIZATION).</summary>
    Authorization,
}

public enum ReportState
{
    /// <summary>Saved here; Clara has not (knowingly) accepted it yet. The poller replays the start with the same key.</summary>
    Starting,
    Pending,
    Processing,

    /// <summary>READY at Clara; its rows are being copied here, 100 at a time.</summary>
    Fetching,
    Ready,
    Failed,
}

/// <summary>Why a report failed.</summary>
public static class ReportFailures
{
    /// <summary>Clara said FAILED.</summary>
    public const string ClaraFailed = "CLARA_FAILED";

    /// <summary>Clara deleted the report (7 days) before all its rows were here.</summary>
    public const string Deleted = "DELETED_AT_CLARA";

    /// <summary>Clara refused the start (a range or type it does not accept).</summary>
    public const string Refused = "REFUSED";

    /// <summary>Clara sent rows that break its contract (amounts, currency, type): nothing is guessed.</summary>
    public const string Malformed = "MALFORMED_ANSWER";

    /// <summary>Clara did not finish it in time (Portal:Reports:GiveUpAfter).</summary>
    public const string TimedOut = "TIMED_OUT";
}

public static class ReportRequesters
{
    /// <summary>The actor of scheduled daily reports.</summary>
    public const string Schedule = "system:report-schedule";
}

/// <summary>One row of a report as Clara sent it, numbered from 1 as Clara numbers them.</summary>
public sealed class ReportTransaction : ICompanyOwned
{
    public string Company { get; set; } = null!;

    public Guid ReportId { get; set; }

    public int RowNumber { get; set; }

    public long PurchaseId { get; set; }

    public long TransactionId { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    /// <summary>CHARGE, REFUND, REVERSAL or DECLINE.</summary>
    public required string Type { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public string? MerchantName { get; set; }

    public string? Mcc { get; set; }

    public long? RcnId { get; set; }
}

/// <summary>
/// A report's transactions of one purchase (and currency), matched to the portal's card: what the card allowed against
/// what was spent. Worked out once, when the last row has arrived.
/// </summary>
public sealed class ReportLine : ICompanyOwned
{
    public string Company { get; set; } = null!;

    public Guid ReportId { get; set; }

    public long PurchaseId { get; set; }

    public required string Currency { get; set; }

    /// <summary>The portal's card, or null when the portal does not know this purchase (flagged "unmatched").</summary>
    public Guid? CardPurchaseId { get; set; }

    public string? Last4 { get; set; }

    public string? SupplierName { get; set; }

    public string? Reference { get; set; }

    /// <summary>The card's limit as the portal recorded it; null when unmatched.</summary>
    public decimal? Limit { get; set; }

    /// <summary>Charges less reversals.</summary>
    public decimal Spent { get; set; }

    public decimal Refunded { get; set; }

    public int Declines { get; set; }

    public decimal DeclinedAmount { get; set; }

    /// <summary>Limit less net spend (spent less refunded); negative when over the limit; null when unmatched.</summary>
    public decimal? Difference { get; set; }

    public bool Matched { get; set; }

    public bool OverLimit { get; set; }

    public int Transactions { get; set; }
}

/// <summary>
/// Every transaction the company's reports have brought in, once each (reports overlap): what the dashboard's spend
/// figures are summed from.
/// </summary>
public sealed class PostedTransaction : ICompanyOwned
{
    public string Company { get; set; } = null!;

    public long TransactionId { get; set; }

    public long PurchaseId { get; set; }

    /// <summary>The portal's card when it knew the purchase as the transaction arrived.</summary>
    public Guid? CardPurchaseId { get; set; }

    public DateTimeOffset PostedAt { get; set; }

    public required string Type { get; set; }

    public decimal Amount { get; set; }

    public required string Currency { get; set; }

    public string? MerchantName { get; set; }
}

/// <summary>A company's report settings (Admin): whether the previous day's report is started every day.</summary>
public sealed class ReportSchedule : ICompanyOwned
{
    public string Company { get; set; } = null!;

    public bool DailyEnabled { get; set; }

    public ReportKind DailyKind { get; set; }

    /// <summary>The last day a daily report was started for (the previous day of the run), so each day runs once.</summary>
    public DateOnly? LastDailyDay { get; set; }

    public string? UpdatedBy { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }
}
