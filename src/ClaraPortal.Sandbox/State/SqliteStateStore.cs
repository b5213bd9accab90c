using Microsoft.Data.Sqlite;

namespace ClaraPortal.Sandbox.State;

/// <summary>
/// Keeps the sandbox state in one SQLite table of JSON documents keyed by kind and id, so a demo
/// survives a restart. Card numbers are stored here on purpose: the sandbox plays the card issuer,
/// and this file is the issuer's, never the portal's. The catalog is not stored: it is re-seeded
/// deterministically.
/// </summary>
internal sealed class SqliteStateStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private SqliteTransaction? _transaction;

    public SqliteStateStore(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("CREATE TABLE IF NOT EXISTS sandbox_state (kind TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (kind, id));");
    }

    public IEnumerable<(string Kind, string Json)> LoadAll()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT kind, json FROM sandbox_state ORDER BY kind, id;";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    public void Upsert(string kind, string id, string json)
    {
        using var command = CreateCommand();
        command.CommandText = "INSERT INTO sandbox_state (kind, id, json) VALUES ($kind, $id, $json) ON CONFLICT (kind, id) DO UPDATE SET json = excluded.json;";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$json", json);
        command.ExecuteNonQuery();
    }

    public void Delete(string kind, string id)
    {
        using var command = CreateCommand();
        command.CommandText = "DELETE FROM sandbox_state WHERE kind = $kind AND id = $id;";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }

    public void InTransaction(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_transaction is not null)
        {
            work();
            return;
        }

        _transaction = _connection.BeginTransaction();
        try
        {
            work();
            _transaction.Commit();
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>A command in the open transaction, if any (Microsoft.Data.Sqlite refuses one outside it).</summary>
    private SqliteCommand CreateCommand()
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        return command;
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
