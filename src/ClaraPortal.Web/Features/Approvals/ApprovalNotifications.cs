using ClaraPortal.Web.Notifications;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>Something about a request that people should hear of at once: approvers (a new request) or its requester (a decision).</summary>
/// <param name="Company">The company it happened in: nobody hears of another company's requests.</param>
/// <param name="RequestId">The approval request.</param>
/// <param name="Kind">What happened.</param>
/// <param name="RequesterSubject">Whose request it is: the one person told of a decision.</param>
public sealed record ApprovalNotification(string Company, Guid RequestId, ApprovalNotificationKind Kind, string RequesterSubject);

public enum ApprovalNotificationKind
{
    Filed,

    /// <summary>One approval given, more needed: the request is still pending.</summary>
    ApprovalGiven,
    Approved,
    Issued,
    Rejected,
    Withdrawn,
    Expired,
    Failed,
}

/// <summary>
/// Publish/subscribe for approval news, the seam live updates go through. In-process now (one portal instance); a
/// database-backed implementation replaces it when several instances must see each other's events.
/// </summary>
public interface IApprovalNotifications
{
    void Publish(ApprovalNotification notification);

    /// <summary>Calls <paramref name="handler"/> for every notification until the returned handle is disposed.</summary>
    IDisposable Subscribe(Func<ApprovalNotification, Task> handler);
}

internal sealed class InProcessApprovalNotifications(ILogger<InProcessApprovalNotifications> logger)
    : InProcessPublisher<ApprovalNotification>(logger), IApprovalNotifications;
