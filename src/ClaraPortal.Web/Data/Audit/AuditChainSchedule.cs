using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>
/// Writes the first checkpoint before the portal does anything else (it says where keying begins, so it must precede
/// the first keyed event), then one every <see cref="AuditChainOptions.CheckpointInterval"/> when the head moved.
/// </summary>
internal sealed partial class AuditCheckpointSchedule(
    AuditCheckpointWriter writer, IOptions<AuditChainOptions> options, TimeProvider time, ILogger<AuditCheckpointSchedule> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Hosted services start in order, the migrator first and this next, before any job that appends events.
        await writer.WriteIfMovedAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.CheckpointInterval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CheckpointInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await writer.WriteIfMovedAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last events of this run are anchored too; a failure here must not stop the shutdown.
        try
        {
            await writer.WriteIfMovedAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            LogFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing the audit checkpoint failed; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

/// <summary>Verifies the whole chain soon after start and every <see cref="AuditChainOptions.VerifyInterval"/>.</summary>
internal sealed partial class AuditVerificationSchedule(
    AuditChainVerifier verifier, AuditChainStatus status, IOptions<AuditChainOptions> options, TimeProvider time, ILogger<AuditVerificationSchedule> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.VerifyInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        await Task.Delay(options.Value.FirstVerifyAfter, time, stoppingToken);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                var report = await verifier.VerifyAsync(progress: null, stoppingToken);
                status.Record(report, scheduled: true);
                if (report.Break is { } broken)
                {
                    LogBroken(logger, broken.Kind, broken.EventId, report.Checked);
                }
                else
                {
                    LogIntact(logger, report.Checked);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain intact: {Checked} events checked")]
    private static partial void LogIntact(ILogger logger, long @checked);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Audit chain broken at event {EventId}: {Kind} ({Checked} events held before it)")]
    private static partial void LogBroken(ILogger logger, AuditChainBreakKind kind, long eventId, long @checked);

    [LoggerMessage(Level = LogLevel.Error, Message = "The scheduled audit chain verification failed to run; trying again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
