namespace ClaraPortal.Web.Features.History;

/// <summary>
/// The bounded count beside a grid, run beside its page rather than before it (rows show as soon as they are read) and
/// only when the filter changes: paging and sorting keep the count. A newer filter's count replaces an older one still running.
/// </summary>
public sealed class HistoryCounter<TFilter> : IDisposable
    where TFilter : class
{
    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource? _current;
    private TFilter? _filter;

    /// <summary>The count of the latest filter; null while it runs or when it failed.</summary>
    public HistoryCount? Count { get; private set; }

    public bool IsCounting { get; private set; }

    /// <summary>Counts <paramref name="filter"/> unless it is the one already counted (or being counted).</summary>
    /// <param name="changed">Called (on the caller's context) when the count is in, so the component shows it.</param>
    public void CountIfChanged(TFilter filter, Func<TFilter, CancellationToken, Task<HistoryCount>> count, Func<Task> changed, Action<Exception> failed)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(count);
        if (Equals(filter, _filter) || _disposed.IsCancellationRequested)
        {
            return;
        }

        _current?.Cancel();
        var run = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _current = run;
        _filter = filter;
        Count = null;
        IsCounting = true;
        _ = RunAsync(filter, run, count, changed, failed);
    }

    /// <summary>Forgets the last count, so the next <see cref="CountIfChanged"/> counts again (after a failure, on "try again").</summary>
    public void Forget() => _filter = null;

    public void Dispose()
    {
        _disposed.Cancel();
        _current?.Cancel();
    }

    private async Task RunAsync(TFilter filter, CancellationTokenSource run, Func<TFilter, CancellationToken, Task<HistoryCount>> count, Func<Task> changed, Action<Exception> failed)
    {
        try
        {
            var result = await count(filter, run.Token);
            if (_current == run)
            {
                Count = result;
            }
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            // A newer filter's count (or leaving the page) replaced this one.
        }
        catch (Exception exception)
        {
            // The rows stand without their count; the next load counts again.
            if (_current == run)
            {
                _filter = null;
            }

            failed(exception);
        }

        if (_current == run && !_disposed.IsCancellationRequested)
        {
            IsCounting = false;
            await changed();
        }
    }
}
