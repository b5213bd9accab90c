using System.Collections.Concurrent;

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

internal sealed partial class InProcessApprovalNotifications(ILogger<InProcessApprovalNotifications> logger) : IApprovalNotifications
{
    private readonly ConcurrentDictionary<Guid, Func<ApprovalNotification, Task>> _handlers = new();

    public void Publish(ApprovalNotification notification)
    {
        foreach (var handler in _handlers.Values)
        {
            _ = DeliverAsync(handler, notification);
        }
    }

    public IDisposable Subscribe(Func<ApprovalNotification, Task> handler)
    {
        var id = Guid.NewGuid();
        _handlers[id] = handler;
        return new Subscription(() => _handlers.TryRemove(id, out _));
    }

    // One subscriber (a circuit that went away) must not keep the others from hearing it.
    private async Task DeliverAsync(Func<ApprovalNotification, Task> handler, ApprovalNotification notification)
    {
        try
        {
            await handler(notification);
        }
        catch (Exception ex)
        {
            var kind = notification.Kind;
            LogDeliveryFailed(logger, kind, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to take an approval notification ({Kind})")]
    private static partial void LogDeliveryFailed(ILogger logger, ApprovalNotificationKind kind, Exception exception);

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                dispose();
            }
        }
    }
}
