using ClaraPortal.Web.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// Every row of every table of the portal's database, read with plain SQL (so no mapping can hide a change). Taken
/// before and after a hostile input: what was stored before must still be there, byte for byte, afterwards.
/// </summary>
public sealed class StoredState
{
    private readonly Dictionary<string, List<string>> _rows;

    private StoredState(Dictionary<string, List<string>> rows) => _rows = rows;

    public int RowCount => _rows.Values.Sum(r => r.Count);

    public static async Task<StoredState> ReadAsync(TempPortalDatabase database)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            var values = new List<string>();
            while (await reader.ReadAsync())
            {
                var fields = new string[reader.FieldCount];
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    fields[i] = reader.IsDBNull(i) ? "∅" : reader.GetValue(i) switch
                    {
                        byte[] bytes => Convert.ToBase64String(bytes),
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                }

                values.Add(string.Join("\u241F", fields));
            }

            rows[table] = values;
        }

        return new StoredState(rows);
    }

    /// <summary>
    /// Asserts that every row of <paramref name="before"/> is in this state unchanged (new rows may have been added by an
    /// accepted input; none may have been changed or removed), except in <paramref name="mayChange"/>'s tables.
    /// </summary>
    public void AssertKeeps(StoredState before, string what, params string[] mayChange)
    {
        foreach (var (table, rows) in before._rows)
        {
            if (mayChange.Contains(table, StringComparer.Ordinal))
            {
                continue;
            }

            var now = _rows.TryGetValue(table, out var after) ? after.ToList() : [];
            foreach (var row in rows)
            {
                Assert.True(now.Remove(row), $"{what}: a row of {table} stored before was changed or removed: {HostileInputs.Describe(row)}");
            }
        }
    }

    /// <summary>Asserts nothing at all was written (a refused input).</summary>
    public void AssertSameAs(StoredState before, string what)
    {
        AssertKeeps(before, what);
        foreach (var (table, rows) in _rows)
        {
            var earlier = before._rows.TryGetValue(table, out var r) ? r.Count : 0;
            Assert.True(rows.Count == earlier, $"{what}: refused, yet {table} has {rows.Count - earlier} new row(s).");
        }
    }
}
