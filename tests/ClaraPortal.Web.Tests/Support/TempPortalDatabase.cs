using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>A real SQLite file in a fresh temp folder, migrated like the portal does at start.</summary>
public sealed class TempPortalDatabase : IDbContextFactory<PortalDbContext>, IAsyncDisposable
{
    private readonly DbContextOptions<PortalDbContext> _options;

    private TempPortalDatabase(string directory)
    {
        Directory = directory;
        FilePath = Path.Combine(directory, "clara-portal.db");
        // Pooling off: the file can be deleted as soon as the test ends.
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = false }.ToString();
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(builder, ConnectionString);
        _options = builder.Options;
    }

    public string Directory { get; }

    public string FilePath { get; }

    public string ConnectionString { get; }

    public static async Task<TempPortalDatabase> CreateAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "clara-portal-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var database = new TempPortalDatabase(directory);
        await using var db = database.CreateDbContext();
        await db.Database.MigrateAsync();
        return database;
    }

    public DbContextOptions<PortalDbContext> Options => _options;

    /// <summary>A context of the owner company, where every test that is not about companies works.</summary>
    public PortalDbContext CreateDbContext() => new(_options, CompanyKeys.Owner);

    /// <summary>A context of another company (its key), or of none (null).</summary>
    public PortalDbContext CreateDbContext(string? company) => new(_options, company);

    /// <summary>The portal's own by-company contexts over this file.</summary>
    public PortalDatabase Portal => new(_options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow runner: the OS temp cleanup takes it later; the test result stands.
        }

        return ValueTask.CompletedTask;
    }
}
