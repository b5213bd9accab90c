using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Data;

/// <summary>
/// Applies the committed migrations before the server starts taking requests (hosted services start
/// before Kestrel listens), so no request ever sees an old schema.
/// </summary>
internal sealed partial class DatabaseMigrator(
    PortalDatabase database,
    PortalDataOptions data,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data.DataDirectory);
        await using var db = database.WithoutCompany();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, pending.Count, data.DataDirectory);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Portal database ready ({Applied} migrations applied), data folder {DataDirectory}")]
    private static partial void LogMigrated(ILogger logger, int applied, string dataDirectory);
}
