using System.Collections.Concurrent;

namespace ClaraPortal.Web.Notifications;

/// <summary>
/// Publish/subscribe within this process, the default behind every live-news seam (approvals, reports). Each
/// subscriber hears every message; one that throws (a circuit that went away) keeps nobody else from hearing it.
/// </summary>
public abstract partial class InProcessPublisher<TMessage>(ILogger logger)
{
    private readonly ConcurrentDictionary<Guid, Func<TMessage, Task>> _handlers = new();

    public void Publish(TMessage message)
    {
        foreach (var handler in _handlers.Values)
        {
            _ = DeliverAsync(handler, message);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for every message until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Func<TMessage, Task> handler)
    {
        var id = Guid.NewGuid();
        _handlers[id] = handler;
        return new Subscription(() => _handlers.TryRemove(id, out _));
    }

    private async Task DeliverAsync(Func<TMessage, Task> handler, TMessage message)
    {
        try
        {
            await handler(message);
        }
        catch (Exception ex)
        {
            LogDeliveryFailed(logger, typeof(TMessage).Name, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A subscriber failed to take a {MessageType}")]
    private static partial void LogDeliveryFailed(ILogger logger, string messageType, Exception exception);

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
