using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ClaraPortal.Web.Data;

/// <summary>
/// Turns on write-ahead logging for every connection: readers (pages, health checks) no longer block
/// the writer (issuance, sync), and NORMAL sync is safe under WAL.
/// </summary>
public sealed class SqliteWalInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
