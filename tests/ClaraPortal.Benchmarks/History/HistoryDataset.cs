using System.Diagnostics;
using System.Globalization;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Benchmarks.History;

/// <summary>Fixed facts of the generated history: who, what and whom, so queries can name a value that exists.</summary>
internal static class HistoryDatasetShape
{
    public const int Issuers = 40;
    public const int Suppliers = 300;
    public const int Templates = 12;
    public const int FundingCards = 6;

    /// <summary>The history ends here and runs back two years.</summary>
    public static readonly DateTimeOffset End = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Start = End.AddYears(-2);

    public static string IssuerId(int n) => $"bench-issuer-{n:00}";

    public static string IssuerName(int n) => $"Issuer {n:00} " + Surnames[n % Surnames.Length];

    public static string SupplierName(int n) => $"{Trades[n % Trades.Length]} {Surnames[(n / Trades.Length) % Surnames.Length]} {n:000}";

    public static string TemplateName(int n) => $"Template {n:00}";

    public static string FundingCardName(int n) => $"Clara Card {n}";

    private static readonly string[] Trades = ["Aerolínea", "Hotel", "Café", "Papelería", "Transportes", "Software", "Consultoría", "Imprenta", "Ferretería", "Catering"];

    private static readonly string[] Surnames = ["Azul", "Núñez", "Central", "del Norte", "García", "López", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz", "Ortiz", "Gutiérrez", "Chávez", "Ruiz", "Mendoza", "Aguilar", "Castillo", "Vargas", "Romero", "Herrera", "Medina", "Castro", "Vázquez"];
}

/// <summary>
/// A SQLite file with the portal's schema (its migrations) holding N purchases and M audit events of one company, built
/// once and cached by size and schema: the history benchmark's subject. Rows are written with plain SQL in the shapes EF
/// stores them (UTC ticks, amounts in ten-thousandths, Guids as upper-case text, enums by name), secondary indexes
/// dropped during the load and built again after it (what a bulk load does; the index definitions are the migrations').
/// The audit rows' hashes are filler: the chain is not what this benchmark measures.
/// </summary>
internal static class HistoryDataset
{
    public static async Task<string> EnsureAsync(int purchases, int events, TextWriter progress, CancellationToken ct)
    {
        var schema = new PortalDbContext(Options("Data Source=:memory:"), CompanyKeys.Owner).Database.GetMigrations().Last();
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "clara-portal-benchmarks");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"history-{purchases}-{events}-{schema}.db");
        if (File.Exists(path))
        {
            progress.WriteLine($"dataset: {path} (cached)");
            return path;
        }

        var building = path + ".building";
        foreach (var stale in Directory.GetFiles(folder, Path.GetFileName(building) + "*"))
        {
            File.Delete(stale);
        }

        var clock = Stopwatch.StartNew();
        progress.WriteLine($"dataset: building {purchases:N0} purchases and {events:N0} events at {path} (once; cached for later runs)");
        var connectionString = new SqliteConnectionStringBuilder { DataSource = building, Pooling = false }.ToString();
        await using (var db = new PortalDbContext(Options(connectionString), CompanyKeys.Owner))
        {
            await db.Database.MigrateAsync(ct);
        }

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            await ExecuteAsync(connection, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000; PRAGMA temp_store=MEMORY;", ct);
            var indexes = await DropIndexesAsync(connection, ["CardPurchases", "AuditEvents", "ApprovalRequests", "ApprovalDecisions"], ct);
            await new Generator(connection, purchases, events, progress).RunAsync(ct);
            progress.WriteLine($"dataset: rows written in {clock.Elapsed.TotalSeconds:0} s; building {indexes.Count} indexes");
            foreach (var index in indexes)
            {
                await ExecuteAsync(connection, index, ct);
            }

            await ExecuteAsync(connection, "PRAGMA journal_mode=DELETE;", ct);
        }

        SqliteConnection.ClearAllPools();
        File.Move(building, path);
        progress.WriteLine($"dataset: ready in {clock.Elapsed.TotalSeconds:0} s, {new FileInfo(path).Length / 1024d / 1024d:N0} MB");
        return path;
    }

    public static DbContextOptions<PortalDbContext> Options(string connectionString)
    {
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        PortalDataExtensions.ConfigureSqlite(options, connectionString);
        return options.Options;
    }

    private static async Task<List<string>> DropIndexesAsync(SqliteConnection connection, string[] tables, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Sql)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({string.Join(", ", tables.Select(t => $"'{t}'"))})";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"", ct);
        }

        return [.. definitions.Select(d => d.Sql)];
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Writes the rows: purchases in time order over two years, about events/purchases events each, and approvals for large amounts.</summary>
    private sealed class Generator(SqliteConnection connection, int purchases, int events, TextWriter progress)
    {
        private const int Batch = 50_000;
        private const decimal ApprovalThreshold = 50_000m;

        // Shaped like the sandbox's Clara ids; written as products so no 14-digit run sits in the source (the committed
        // card number scan would read one as a card).
        private const long TemplateIdBase = 50_631L * 1_000_000_000 + 100;
        private const long FundingCardIdBase = 38_105L * 1_000_000_000 + 100;
        private readonly Random _random = new(20261201);
        private long _eventId;
        private int _eventsWritten;

        public async Task RunAsync(CancellationToken ct)
        {
            var span = (HistoryDatasetShape.End - HistoryDatasetShape.Start).Ticks;
            var eventsPerCard = (double)events / purchases;
            var written = 0;
            while (written < purchases)
            {
                ct.ThrowIfCancellationRequested();
                await using var transaction = connection.BeginTransaction();
                using var card = Command(transaction, "CardPurchases", CardColumns);
                using var audit = Command(transaction, "AuditEvents", EventColumns);
                using var request = Command(transaction, "ApprovalRequests", RequestColumns);
                using var decision = Command(transaction, "ApprovalDecisions", DecisionColumns);
                var end = Math.Min(purchases, written + Batch);
                for (var i = written; i < end; i++)
                {
                    var createdAt = HistoryDatasetShape.Start.AddTicks(span / purchases * i + _random.NextInt64(span / purchases));
                    // Spread the remaining events evenly over the remaining cards, so the total lands on the target.
                    var eventCount = (int)Math.Round(eventsPerCard * (i + 1)) - (int)Math.Round(eventsPerCard * i);
                    WriteCard(card, audit, request, decision, i, createdAt, eventCount);
                }

                await transaction.CommitAsync(ct);
                written = end;
                progress.WriteLine($"dataset: {written:N0} / {purchases:N0} purchases, {_eventsWritten:N0} events");
            }
        }

        private static readonly string[] CardColumns =
        [
            "Id", "Company", "ClaraPurchaseId", "IdempotencyKey", "Status", "FundingCardId", "TemplateId", "SupplierId", "SupplierName",
            "TemplateName", "FundingCardName", "Amount", "Currency", "Spent", "Available", "ValidFrom", "ValidTo", "Reference", "ReferenceKey",
            "CustomFieldsJson", "Last4", "Brand", "IssuedBy", "IssuedByName", "CreatedAt", "UpdatedAt", "IssuedAt", "CancelledAt",
            "CancelReason", "ConcurrencyStamp", "ResolveAttempts",
        ];

        private static readonly string[] EventColumns =
            ["Id", "Company", "OccurredAt", "ActorId", "ActorName", "Action", "EntityType", "EntityId", "BeforeJson", "AfterJson", "CorrelationId", "PreviousHash", "Hash"];

        private static readonly string[] RequestColumns =
        [
            "Id", "Company", "Kind", "Summary", "PayloadJson", "Amount", "Currency", "Status", "RequestedBy", "RequestedByName", "RequestedAt",
            "DecidedBy", "DecidedByName", "DecidedAt", "ConcurrencyStamp", "ApprovalsGiven", "RequiredApprovals", "IssuedCardPurchaseId",
            "PolicyJson", "RequestKey", "SupplierId", "TemplateId",
        ];

        private static readonly string[] DecisionColumns = ["Company", "ApprovalRequestId", "ApproverSubject", "ApproverName", "Verdict", "DecidedAt"];

        private static SqliteCommand Command(SqliteTransaction transaction, string table, string[] columns)
        {
            var command = transaction.Connection!.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
            foreach (var column in columns)
            {
                command.Parameters.Add(new SqliteParameter("$" + column, null));
            }

            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            command.ExecuteNonQuery();
        }

        private void WriteCard(SqliteCommand card, SqliteCommand audit, SqliteCommand request, SqliteCommand decision, int n, DateTimeOffset createdAt, int eventCount)
        {
            var id = Guid.NewGuid();
            var issuer = 1 + Skewed(HistoryDatasetShape.Issuers);
            var supplier = 1 + Skewed(HistoryDatasetShape.Suppliers);
            var template = 1 + _random.Next(HistoryDatasetShape.Templates);
            var funding = 1 + _random.Next(HistoryDatasetShape.FundingCards);
            // Log-uniform 50 to 200,000, two decimals: many small cards, a few large ones.
            var amount = Math.Round((decimal)Math.Exp(Math.Log(50) + _random.NextDouble() * (Math.Log(200_000) - Math.Log(50))), 2);
            var currency = _random.Next(10) == 0 ? "USD" : "MXN";
            var roll = _random.Next(100);
            var status = roll switch
            {
                < 70 => "Active",
                < 85 => "Cancelled",
                < 90 => "Expired",
                < 94 => "Exhausted",
                < 97 => "Failed",
                < 99 => "Rejected",
                _ => "OutcomeUnknown",
            };
            var issued = status is "Active" or "Cancelled" or "Expired" or "Exhausted";
            var reference = n % 3 == 0 ? $"INV-{n:0000000}" : $"PO-{createdAt.Year}-{n:0000000}";
            var spent = issued ? Math.Round(amount * (decimal)_random.NextDouble(), 2) : (decimal?)null;
            var ticks = createdAt.UtcTicks;
            var issuedAt = issued ? createdAt.AddSeconds(2) : (DateTimeOffset?)null;
            var cancelledAt = status == "Cancelled" ? createdAt.AddDays(1 + _random.Next(60)) : (DateTimeOffset?)null;
            var validFrom = DateOnly.FromDateTime(createdAt.UtcDateTime);
            Run(card,
                Text(id), "", issued ? 1_000_000_000L + n : null, $"bench-{n}", status, FundingCardIdBase + funding, TemplateIdBase + template,
                supplier, HistoryDatasetShape.SupplierName(supplier), HistoryDatasetShape.TemplateName(template), HistoryDatasetShape.FundingCardName(funding),
                Scaled(amount), currency, spent is { } s ? Scaled(s) : null, spent is { } t ? Scaled(amount - t) : null,
                Day(validFrom), Day(validFrom.AddDays(30 + _random.Next(335))), reference, reference.ToUpperInvariant(), "[]",
                issued ? _random.Next(10_000).ToString("0000", CultureInfo.InvariantCulture) : null, issued ? "Visa" : null,
                HistoryDatasetShape.IssuerId(issuer), HistoryDatasetShape.IssuerName(issuer), ticks, (cancelledAt ?? issuedAt ?? createdAt).UtcTicks,
                issuedAt?.UtcTicks, cancelledAt?.UtcTicks, cancelledAt is null ? null : "Project closed", Text(Guid.NewGuid()), 0);

            var issuerActor = (HistoryDatasetShape.IssuerId(issuer), HistoryDatasetShape.IssuerName(issuer));
            var entityId = id.ToString();
            var written = 0;
            void Event(DateTimeOffset at, (string Id, string Name) actor, string action, string entityType, string entity, string? after)
            {
                if (written >= eventCount)
                {
                    return;
                }

                written++;
                _eventsWritten++;
                _eventId++;
                Run(audit, _eventId, "", at.UtcTicks, actor.Id, actor.Name, action, entityType, entity, null, after, null, Filler(_eventId - 1), Filler(_eventId));
            }

            if (amount >= ApprovalThreshold && status != "OutcomeUnknown")
            {
                var requestId = Guid.NewGuid();
                var approver = 1 + _random.Next(8);
                var approved = status != "Rejected";
                Run(request,
                    Text(requestId), "", "issue-card", $"Card for {HistoryDatasetShape.SupplierName(supplier)}", "{}", Scaled(amount), currency,
                    approved ? "Approved" : "Rejected", HistoryDatasetShape.IssuerId(issuer), HistoryDatasetShape.IssuerName(issuer),
                    createdAt.AddHours(-2).UtcTicks, $"bench-approver-{approver}", $"Approver {approver}", createdAt.UtcTicks, Text(Guid.NewGuid()),
                    approved ? 1 : 0, 1, approved ? Text(id) : null, "{}", $"bench-request-{n}", supplier, TemplateIdBase + template);
                Run(decision, "", Text(requestId), $"bench-approver-{approver}", $"Approver {approver}", approved ? "Approved" : "Rejected", createdAt.UtcTicks);
                Event(createdAt.AddHours(-2), issuerActor, "approval.filed", "ApprovalRequest", requestId.ToString(), "{\"amount\":" + amount.ToString(CultureInfo.InvariantCulture) + "}");
                Event(createdAt.AddMinutes(-1), ($"bench-approver-{approver}", $"Approver {approver}"), approved ? "approval.approved" : "approval.rejected", "ApprovalRequest", requestId.ToString(), null);
            }

            var after = "{\"status\":\"" + status + "\",\"amount\":" + amount.ToString(CultureInfo.InvariantCulture) + "}";
            Event(createdAt, issuerActor, "card.issue.requested", "CardPurchase", entityId, after);
            Event(createdAt.AddSeconds(2), issuerActor, issued ? "card.issued" : "card.issue.failed", "CardPurchase", entityId, after);
            Event(createdAt.AddSeconds(30), issuerActor, "card.revealed", "CardPurchase", entityId, null);
            if (cancelledAt is { } cancelled)
            {
                Event(cancelled, issuerActor, "card.cancel.sent", "CardPurchase", entityId, null);
                Event(cancelled.AddSeconds(1), issuerActor, "card.cancelled", "CardPurchase", entityId, "{\"status\":\"Cancelled\"}");
            }

            // The rest: limit changes and the catalog job, until the card has its share of events.
            var step = 1;
            while (written < eventCount)
            {
                var at = createdAt.AddHours(step++ * 5);
                if (step % 3 == 0)
                {
                    Event(at, ("system:catalog-sync", "Catalog sync"), "catalog.synced", "Catalog", null!, null);
                }
                else
                {
                    Event(at, issuerActor, "card.updated", "CardPurchase", entityId, "{\"amount\":" + (amount + step).ToString(CultureInfo.InvariantCulture) + "}");
                }
            }
        }

        // A few issuers and suppliers do most of the work, as in a real company.
        private int Skewed(int count) => (int)Math.Min(count - 1, Math.Floor(count * Math.Pow(_random.NextDouble(), 2)));

        private static string Text(Guid id) => id.ToString().ToUpperInvariant();

        private static long Scaled(decimal amount) => decimal.ToInt64(amount * 10_000m);

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string? Filler(long n) => n == 0 ? null : n.ToString("x64", CultureInfo.InvariantCulture);
    }
}
