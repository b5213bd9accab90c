using ClaraPortal.Web.Features.Companies;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>Wakes the poller at once (a report was just started) instead of at its next scan.</summary>
public sealed class ReportPollerSignal
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    /// <summary>Waits for <see cref="Wake"/> or <paramref name="timeout"/> on <paramref name="time"/>, whichever comes first.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _wake.WaitAsync(either.Token);
        var elapsed = Task.Delay(timeout, time, either.Token);
        await Task.WhenAny(woken, elapsed);
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// Carries every company's unfinished reports on in the background, so leaving the page (or restarting the portal)
/// stops nothing: it sleeps until the next report is due, a start wakes it, and it scans every
/// <see cref="ReportOptions.IdleScan"/> for the daily schedule.
/// </summary>
internal sealed partial class ReportPoller(
    IServiceScopeFactory scopes, PortalCompanies companies, ReportPollerSignal signal, IOptions<ReportOptions> options, TimeProvider time,
    ILogger<ReportPoller> logger) : BackgroundService
{
    private static readonly TimeSpan MinimumPause = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset? next = null;
            foreach (var company in companies.All)
            {
                try
                {
                    await using var scope = scopes.CreateCompanyScope(company);
                    var due = await scope.ServiceProvider.GetRequiredService<ReconciliationReports>().AdvanceDueAsync(stoppingToken);
                    if (due is { } at && (next is null || at < next))
                    {
                        next = at;
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A bad pass (a locked database) must not stop the portal; the next pass tries again.
                    LogPassFailed(logger, ex);
                }
            }

            var wait = next is { } n ? n - time.GetUtcNow() : options.Value.IdleScan;
            // Never spin: a report that stays due (a pass that keeps failing) is looked at again after a short pause.
            wait = TimeSpan.FromTicks(Math.Clamp(wait.Ticks, MinimumPause.Ticks, options.Value.IdleScan.Ticks));

            try
            {
                await signal.WaitAsync(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A report polling pass failed; trying again at the next pass")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
