using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Catalog;

/// <summary>
/// Fills an empty catalog cache once, in the background after start, so the first person to open
/// the portal sees funding cards, templates and suppliers without pressing "Sync now". A failure is
/// logged and recorded like any sync; it never stops the portal.
/// </summary>
internal sealed partial class CatalogWarmup(IServiceScopeFactory scopes, ILogger<CatalogWarmup> logger) : BackgroundService
{
    public const string SystemActor = "system";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var contextFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using (var db = await contextFactory.CreateDbContextAsync(stoppingToken))
        {
            if (await db.CatalogSyncRuns.AnyAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded, stoppingToken))
            {
                return;
            }
        }

        var result = await scope.ServiceProvider.GetRequiredService<CatalogSync>().SyncAsync(SystemActor, stoppingToken);
        if (!result.Succeeded)
        {
            LogWarmupFailed(logger, result.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Initial catalog sync failed: {Message}. Use Sync now once Clara is reachable.")]
    private static partial void LogWarmupFailed(ILogger logger, string? message);
}
