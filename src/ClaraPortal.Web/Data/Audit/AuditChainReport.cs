namespace ClaraPortal.Web.Data.Audit;

/// <summary>What differs at a broken link, in no language: the UI and the logs put it in words.</summary>
public enum AuditChainBreakKind
{
    /// <summary>The event's hash does not match its contents: the row was edited (or its hash was made without the key).</summary>
    ContentChanged,

    /// <summary>The event's previous hash is not the hash of the event before it: something before it was rewritten.</summary>
    LinkBroken,

    /// <summary>An event is gone: a gap in the ids (a deleted row), or an event a checkpoint recorded no longer exists.</summary>
    Missing,

    /// <summary>The event exists but its hash is not the one a checkpoint recorded: the chain was rewritten after it.</summary>
    CheckpointMismatch,

    /// <summary>A line of the checkpoint file was not signed with the chain key (or does not parse).</summary>
    CheckpointForged,
}

/// <summary>
/// The first broken link: the event where the chain stops holding and when it happened (null when unknown, as for a
/// deleted event).
/// </summary>
public sealed record AuditChainBreak(AuditChainBreakKind Kind, long EventId, DateTimeOffset? OccurredAt);

/// <summary>A whole verification: how many events held before it ended, and the first broken link if any.</summary>
public sealed record AuditChainReport(long Checked, AuditChainBreak? Break, DateTimeOffset CompletedAt)
{
    public bool IsIntact => Break is null;
}

/// <summary>How far a verification has got: <see cref="Checked"/> of <see cref="Total"/> events.</summary>
public readonly record struct AuditVerificationProgress(long Checked, long Total);
