using System.Diagnostics;
using ClaraPortal.Benchmarks.Support;
using ClaraPortal.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Benchmarks.Issuance;

/// <summary>The medians of the SQLite steps one IssueAsync repeats (about three contexts, eight statements, two commits).</summary>
/// <param name="ContextOpen">A new PortalDbContext from the factory and its pooled connection opened (with the WAL interceptor's pragmas).</param>
/// <param name="RawOpen">A pooled SqliteConnection opened bare: the difference to <paramref name="ContextOpen"/> is EF and the pragmas.</param>
/// <param name="IndexedRead">One AsNoTracking read by a unique index on an open context (the duplicate-key check).</param>
/// <param name="EmptyTransaction">BEGIN and COMMIT of a write transaction with nothing in it, on an open context.</param>
/// <param name="RawOpenWithPragmas">The same bare connection opened and sent the WAL interceptor's two pragmas.</param>
public sealed record SqliteProbeResult(double ContextOpen, double RawOpen, double RawOpenWithPragmas, double IndexedRead, double EmptyTransaction);

internal static class SqliteProbe
{
    public static async Task<SqliteProbeResult> RunAsync(PortalUnderTest portal, int count, CancellationToken ct)
    {
        string connectionString;
        await using (var db = portal.OwnerContext())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var contextOpen = new List<double>(count);
        var rawOpen = new List<double>(count);
        var read = new List<double>(count);
        var transaction = new List<double>(count);
        var rawPragmas = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await using (var db = portal.OwnerContext())
            {
                await db.Database.OpenConnectionAsync(ct);
                contextOpen.Add(watch.Elapsed.TotalMilliseconds);

                var key = Guid.NewGuid().ToString("N");
                watch.Restart();
                _ = await db.CardPurchases.AsNoTracking().FirstOrDefaultAsync(p => p.IdempotencyKey == key, ct);
                read.Add(watch.Elapsed.TotalMilliseconds);

                watch.Restart();
                await using (var tx = await db.Database.BeginTransactionAsync(ct))
                {
                    await tx.CommitAsync(ct);
                }

                transaction.Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
            await using (var raw = new SqliteConnection(connectionString))
            {
                await raw.OpenAsync(ct);
                rawOpen.Add(watch.Elapsed.TotalMilliseconds);
            }

            watch.Restart();
            await using (var raw = new SqliteConnection(connectionString))
            {
                await raw.OpenAsync(ct);
                await using var pragma = raw.CreateCommand();
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
                await pragma.ExecuteNonQueryAsync(ct);
                rawPragmas.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return new SqliteProbeResult(new Percentiles(contextOpen).P50, new Percentiles(rawOpen).P50, new Percentiles(rawPragmas).P50, new Percentiles(read).P50, new Percentiles(transaction).P50);
    }
}
