using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Catalog;

/// <summary>
/// Keeps every company's catalog cache fresh without anyone pressing "Sync now": an empty cache is filled right
/// after start (so the first person to open the portal sees templates and suppliers), and the whole
/// catalog is synced again every <see cref="CatalogSyncInterval"/> (<c>Portal:CatalogSyncInterval</c>). A failure is logged
/// and recorded like any sync; it never stops the portal, and the pages keep serving the cache.
/// </summary>
internal sealed partial class CatalogSyncSchedule(
    IServiceScopeFactory scopes,
    PortalCompanies companies,
    CatalogSyncInterval interval,
    TimeProvider time,
    ILogger<CatalogSyncSchedule> logger) : BackgroundService
{
    public const string SystemActor = "system";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var company in companies.All)
        {
            if (!await HasSucceededOnceAsync(company, stoppingToken))
            {
                await SyncAsync(company, stoppingToken);
            }
        }

        if (interval.Value <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval.Value, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var company in companies.All)
            {
                await SyncAsync(company, stoppingToken);
            }
        }
    }

    private async Task<bool> HasSucceededOnceAsync(PortalCompany company, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateCompanyScope(company);
        var contextFactory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogSyncRuns.AnyAsync(r => r.Outcome == CatalogSyncOutcome.Succeeded, cancellationToken);
    }

    /// <summary>One company's sync, in a scope whose database and Clara client both act for it.</summary>
    private async Task SyncAsync(PortalCompany company, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateCompanyScope(company);
            var result = await scope.ServiceProvider.GetRequiredService<CatalogSync>().SyncAsync(SystemActor, cancellationToken);
            if (!result.Succeeded)
            {
                var label = company.Label;
                LogScheduledSyncFailed(logger, label, result.Message);
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Not hidden: logged as an error. But an exception leaving ExecuteAsync stops the whole host
            // (BackgroundServiceExceptionBehavior.StopHost), so one bad tick (a locked database, a missing
            // certificate) must not take the portal down; the next tick and "Sync now" try again.
            LogScheduledSyncCrashed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled catalog sync failed unexpectedly. The pages serve the cache; the next sync retries.")]
    private static partial void LogScheduledSyncCrashed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scheduled catalog sync of {Company} failed: {Message}. The pages serve the cache; Sync now retries.")]
    private static partial void LogScheduledSyncFailed(ILogger logger, string company, string? message);
}

/// <summary>Time between scheduled catalog syncs; zero or less: only the sync at start.</summary>
public sealed record CatalogSyncInterval(TimeSpan Value)
{
    public static readonly TimeSpan Default = TimeSpan.FromHours(1);
}
