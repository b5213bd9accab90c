using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using ClaraPortal.Benchmarks.Support;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ClaraPortal.Benchmarks.History;

/// <summary>One query the grid runs, as the page runs it (HistoryQueries) and as a person would write it in SQL.</summary>
internal sealed record HistoryQueryCase(string Name, Func<CancellationToken, Task<int>> Portal, Func<CancellationToken, Task<int>> HandWritten);

internal sealed record HistoryQueryFigures(string Name, Percentiles Portal, Percentiles HandWritten, int Rows)
{
    /// <summary>Portal p50 over hand-written p50: the cost of the query code over the SQL it stands for.</summary>
    public double Ratio => HandWritten.P50 <= 0 ? 0 : Portal.P50 / HandWritten.P50;
}

/// <summary>
/// Times the grid's queries on the dataset: each case runs <c>runs</c> times through HistoryQueries (a fresh context per
/// call, as a page's call gets) and as hand-written SQL on an open connection, alternating so both see the same cache.
/// </summary>
internal sealed class HistoryQueryRun : IAsyncDisposable
{
    private const int PageSize = 25;
    private readonly ServiceProvider _services;
    private readonly SqliteConnection _connection;

    private HistoryQueryRun(ServiceProvider services, SqliteConnection connection)
    {
        _services = services;
        _connection = connection;
    }

    public static async Task<HistoryQueryRun> OpenAsync(string path, CancellationToken ct)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite }.ToString();
        var services = new ServiceCollection();
        services.AddSingleton(HistoryDataset.Options(connectionString));
        services.AddPortalContexts();
        var companies = new CompaniesOptions();
        companies.Companies.Add(new CompanyOptions { Name = "Benchmark owner", Owner = true, DefaultAccess = true });
        services.AddSingleton(companies.ToCompanies());
        services.AddLogging();
        services.AddLocalization();
        services.AddAuthorizationCore(PortalPolicies.Configure);
        services.AddScoped<AuthenticationStateProvider, AuditorState>();
        services.AddScoped<ICurrentUser, CurrentUserAccessor>();
        services.AddScoped(sp => new HistoryQueries(sp.GetRequiredService<IDbContextFactory<PortalDbContext>>(), sp.GetRequiredService<ICurrentUser>(), TimeZoneInfo.Utc));
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(ct);
        return new HistoryQueryRun(services.BuildServiceProvider(), connection);
    }

    public IServiceScope CreateScope() => _services.CreateScope();

    public async Task<IReadOnlyList<HistoryQueryFigures>> RunAsync(int runs, TextWriter progress, CancellationToken ct)
    {
        using var scope = _services.CreateScope();
        var queries = scope.ServiceProvider.GetRequiredService<HistoryQueries>();
        var cases = await CasesAsync(queries, ct);
        var figures = new List<HistoryQueryFigures>();
        foreach (var @case in cases)
        {
            var rows = 0;
            for (var i = 0; i < 3; i++)
            {
                rows = await @case.Portal(ct);
                await @case.HandWritten(ct);
            }

            var portal = new List<double>(runs);
            var hand = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                var clock = Stopwatch.StartNew();
                await @case.Portal(ct);
                portal.Add(clock.Elapsed.TotalMilliseconds);
                clock.Restart();
                await @case.HandWritten(ct);
                hand.Add(clock.Elapsed.TotalMilliseconds);
            }

            var result = new HistoryQueryFigures(@case.Name, new Percentiles(portal), new Percentiles(hand), rows);
            progress.WriteLine($"  {result.Name,-34} portal p50 {result.Portal.P50,7:0.00} ms  p95 {result.Portal.P95,7:0.00} ms   sql p50 {result.HandWritten.P50,7:0.00} ms  p95 {result.HandWritten.P95,7:0.00} ms   {result.Rows} rows");
            figures.Add(result);
        }

        return figures;
    }

    private async Task<List<HistoryQueryCase>> CasesAsync(HistoryQueries queries, CancellationToken ct)
    {
        // Values that exist in the dataset, picked from it (a supplier with an ordinary share of cards, a month mid-range...).
        var supplierId = await ScalarAsync<long>("SELECT SupplierId FROM CardPurchases WHERE Company = '' AND SupplierId = 150 LIMIT 1", ct);
        var templateId = await ScalarAsync<long>("SELECT TemplateId FROM CardPurchases WHERE Company = '' LIMIT 1", ct);
        var fundingId = await ScalarAsync<long>("SELECT FundingCardId FROM CardPurchases WHERE Company = '' LIMIT 1", ct);
        var issuer = HistoryDatasetShape.IssuerId(20);
        var month = new DateOnly(2025, 11, 1);
        var referencePrefix = "PO-2026-00412";
        var cardColumns = "Id, CreatedAt, IssuedBy, IssuedByName, SupplierId, SupplierName, TemplateId, TemplateName, FundingCardId, FundingCardName, Amount, Currency, Status, ClaraPurchaseId, Last4, Reference";
        var eventColumns = "Id, OccurredAt, ActorId, ActorName, Action, EntityType, EntityId, BeforeJson, AfterJson";

        // A cursor 90% deep, taken once (not timed): where a user lands after paging that far.
        var deepCard = await ScalarAsync<long>("SELECT COUNT(*) FROM CardPurchases", ct) * 9 / 10;
        var deepEventRow = await ScalarAsync<long>("SELECT COUNT(*) FROM AuditEvents", ct) * 9 / 10;
        var deepCreated = await DeepKeyAsync($"SELECT CreatedAt, Id FROM CardPurchases WHERE Company = '' ORDER BY CreatedAt DESC, Id DESC LIMIT 1 OFFSET {deepCard}", ct);
        var deepAmount = await DeepKeyAsync($"SELECT Amount, CreatedAt, Id FROM CardPurchases WHERE Company = '' ORDER BY Amount, CreatedAt, Id LIMIT 1 OFFSET {deepCard}", ct);
        var deepEvent = await DeepKeyAsync($"SELECT OccurredAt, Id FROM AuditEvents WHERE Company = '' ORDER BY OccurredAt DESC, Id DESC LIMIT 1 OFFSET {deepEventRow}", ct);

        HistoryQueryCase Cards(string name, CardHistoryFilter filter, string where, CardHistorySort sort = CardHistorySort.Created, bool descending = true,
            string orderBy = "CreatedAt DESC, Id DESC", HistoryCursor? cursor = null, params (string Name, object Value)[] parameters) => new(
            name,
            async token => (await queries.CardsAsync(filter, new HistoryPageRequest<CardHistorySort>(sort, descending, cursor, PageSize), token)).Items.Count,
            async token =>
            {
                var ids = await ReadIdsAsync($"SELECT {cardColumns} FROM CardPurchases WHERE Company = '' {where} ORDER BY {orderBy} LIMIT {PageSize + 1}", parameters, token);
                // The page's approval trails, as the grid shows them.
                await ApprovalTrailsAsync(ids, token);
                return Math.Min(ids.Count, PageSize);
            });

        HistoryQueryCase Events(string name, EventHistoryFilter filter, string where, EventHistorySort sort = EventHistorySort.Time,
            string orderBy = "OccurredAt DESC, Id DESC", HistoryCursor? cursor = null, params (string Name, object Value)[] parameters) => new(
            name,
            async token => (await queries.EventsAsync(filter, new HistoryPageRequest<EventHistorySort>(sort, true, cursor, PageSize), token)).Items.Count,
            async token => Math.Min((await ReadIdsAsync($"SELECT {eventColumns} FROM AuditEvents WHERE Company = '' {where} ORDER BY {orderBy} LIMIT {PageSize + 1}", parameters, token)).Count, PageSize));

        var monthStart = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks;
        var monthEnd = new DateTimeOffset(month.AddMonths(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).UtcTicks;
        var upper = referencePrefix + char.MaxValue;
        return
        [
            Cards("cards: first page", new(), ""),
            Cards("cards: date range (a month)", new() { From = month, To = month.AddMonths(1).AddDays(-1) }, "AND CreatedAt >= $a AND CreatedAt < $b",
                parameters: [("$a", monthStart), ("$b", monthEnd)]),
            Cards("cards: issuer", new() { IssuedBy = issuer }, "AND IssuedBy = $a", parameters: [("$a", issuer)]),
            Cards("cards: supplier", new() { SupplierId = supplierId }, "AND SupplierId = $a", parameters: [("$a", supplierId)]),
            Cards("cards: template", new() { TemplateId = templateId }, "AND TemplateId = $a", parameters: [("$a", templateId)]),
            Cards("cards: funding card", new() { FundingCardId = fundingId }, "AND FundingCardId = $a", parameters: [("$a", fundingId)]),
            Cards("cards: status (failed)", new() { Status = CardPurchaseStatus.Failed }, "AND Status = 'Failed'"),
            Cards("cards: currency (USD)", new() { Currency = "USD" }, "AND Currency = 'USD'"),
            Cards("cards: amount 1,000-2,000", new() { MinAmount = 1_000m, MaxAmount = 2_000m }, "AND Amount >= 10000000 AND Amount <= 20000000"),
            Cards("cards: reference starts with", new() { Reference = referencePrefix.ToLowerInvariant() }, "AND ReferenceKey >= $a AND ReferenceKey < $b",
                parameters: [("$a", referencePrefix), ("$b", upper)]),
            Cards("cards: supplier + status", new() { SupplierId = supplierId, Status = CardPurchaseStatus.Cancelled }, "AND SupplierId = $a AND Status = 'Cancelled'",
                parameters: [("$a", supplierId)]),
            Cards("cards: sort by amount", new(), "", CardHistorySort.Amount, false, "Amount, CreatedAt, Id"),
            Cards("cards: sort by amount desc", new(), "", CardHistorySort.Amount, true, "Amount DESC, CreatedAt DESC, Id DESC"),
            Cards("cards: sort by issuer", new(), "", CardHistorySort.Issuer, false, "IssuedByName, CreatedAt, Id"),
            Cards("cards: sort by supplier", new(), "", CardHistorySort.Supplier, false, "SupplierName, CreatedAt, Id"),
            Cards("cards: sort by template", new(), "", CardHistorySort.Template, false, "TemplateName, CreatedAt, Id"),
            Cards("cards: sort by funding card", new(), "", CardHistorySort.FundingCard, false, "FundingCardName, CreatedAt, Id"),
            Cards("cards: sort by status", new(), "", CardHistorySort.Status, false, "Status, CreatedAt, Id"),
            Cards("cards: sort by Clara id", new(), "", CardHistorySort.ClaraId, true, "ClaraPurchaseId DESC, CreatedAt DESC, Id DESC"),
            Cards("cards: sort by last four", new(), "", CardHistorySort.Last4, false, "Last4, CreatedAt, Id"),
            Cards("cards: deep page (90% down)", new(), "AND (CreatedAt, Id) < ($a, $b)", cursor: new HistoryCursor(deepCreated.Key, false),
                parameters: [("$a", deepCreated.Raw[0]), ("$b", deepCreated.Raw[1])]),
            Cards("cards: deep page by amount", new(), "AND (Amount, CreatedAt, Id) > ($a, $b, $c)", CardHistorySort.Amount, false, "Amount, CreatedAt, Id",
                new HistoryCursor(deepAmount.Key, false), [("$a", deepAmount.Raw[0]), ("$b", deepAmount.Raw[1]), ("$c", deepAmount.Raw[2])]),
            new("cards: count (bounded)",
                async token => (await queries.CountCardsAsync(new CardHistoryFilter(), token)).Count,
                token => ScalarAsync<int>($"SELECT COUNT(*) FROM (SELECT 1 FROM CardPurchases WHERE Company = '' LIMIT {HistoryQueries.CountBound + 1})", token)),
            new("cards: count supplier",
                async token => (await queries.CountCardsAsync(new CardHistoryFilter { SupplierId = supplierId }, token)).Count,
                token => ScalarAsync<int>($"SELECT COUNT(*) FROM (SELECT 1 FROM CardPurchases WHERE Company = '' AND SupplierId = {supplierId} LIMIT {HistoryQueries.CountBound + 1})", token)),
            Events("events: first page", new(), ""),
            Events("events: user", new() { ActorId = issuer }, "AND ActorId = $a", parameters: [("$a", issuer)]),
            Events("events: action (cancelled)", new() { Action = "card.cancelled" }, "AND Action = 'card.cancelled'"),
            Events("events: date range (a month)", new() { From = month, To = month.AddMonths(1).AddDays(-1) }, "AND OccurredAt >= $a AND OccurredAt < $b",
                parameters: [("$a", monthStart), ("$b", monthEnd)]),
            Events("events: sort by user", new(), "", EventHistorySort.User, "ActorName DESC, OccurredAt DESC, Id DESC"),
            Events("events: deep page (90% down)", new(), "AND (OccurredAt, Id) < ($a, $b)", cursor: new HistoryCursor(deepEvent.Key, false),
                parameters: [("$a", deepEvent.Raw[0]), ("$b", deepEvent.Raw[1])]),
            new("events: count (bounded)",
                async token => (await queries.CountEventsAsync(new EventHistoryFilter(), token)).Count,
                token => ScalarAsync<int>($"SELECT COUNT(*) FROM (SELECT 1 FROM AuditEvents WHERE Company = '' LIMIT {HistoryQueries.CountBound + 1})", token)),
        ];
    }

    private async Task ApprovalTrailsAsync(List<string> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var list = string.Join(", ", ids.Take(PageSize).Select(id => $"'{id}'"));
        var requests = await ReadIdsAsync(
            $"SELECT Id, IssuedCardPurchaseId, CardPurchaseId, Status, ApprovalsGiven, RequiredApprovals, RequestedAt FROM ApprovalRequests WHERE Company = '' AND IssuedCardPurchaseId IN ({list})", [], ct);
        requests.AddRange(await ReadIdsAsync(
            $"SELECT Id, IssuedCardPurchaseId, CardPurchaseId, Status, ApprovalsGiven, RequiredApprovals, RequestedAt FROM ApprovalRequests WHERE Company = '' AND CardPurchaseId IN ({list})", [], ct));
        if (requests.Count > 0)
        {
            await ReadIdsAsync($"SELECT ApprovalRequestId, ApproverName, Id FROM ApprovalDecisions WHERE Company = '' AND ApprovalRequestId IN ({string.Join(", ", requests.Select(r => $"'{r}'"))}) AND Verdict = 'Approved'", [], ct);
        }
    }

    private async Task<List<string>> ReadIdsAsync(string sql, (string Name, object Value)[] parameters, CancellationToken ct)
    {
        // Application code opens a connection from the pool for its request, as the portal's contexts do.
        await using var connection = new SqliteConnection(_connection.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new object[reader.FieldCount];
        while (await reader.ReadAsync(ct))
        {
            reader.GetValues(values);
            ids.Add(Convert.ToString(values[0], CultureInfo.InvariantCulture)!);
        }

        return ids;
    }

    private async Task<T> ScalarAsync<T>(string sql, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(_connection.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync(ct))!, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>A row's sort key both ways: as the page's cursor holds it (typed) and as SQL stores it.</summary>
    private async Task<(object?[] Key, object[] Raw)> DeepKeyAsync(string sql, CancellationToken ct)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var raw = new object[reader.FieldCount];
        reader.GetValues(raw);
        object? Typed(int i, string column) => column switch
        {
            "Amount" => reader.GetInt64(i) / 10_000m,
            "CreatedAt" or "OccurredAt" => new DateTimeOffset(reader.GetInt64(i), TimeSpan.Zero),
            "Id" when reader.GetFieldType(i) == typeof(string) => Guid.Parse(reader.GetString(i)),
            "Id" => reader.GetInt64(i),
            _ => raw[i],
        };
        var key = Enumerable.Range(0, reader.FieldCount).Select(i => Typed(i, reader.GetName(i))).ToArray();
        return (key, raw);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>An auditor of the owner company, shaped like the portal's session principal.</summary>
    private sealed class AuditorState : AuthenticationStateProvider
    {
        private static readonly ClaimsPrincipal Auditor = CreateAuditor();

        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(Auditor));

        private static ClaimsPrincipal CreateAuditor()
        {
            var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
            identity.AddClaim(new Claim(PortalClaimTypes.Subject, "bench-auditor"));
            identity.AddClaim(new Claim(PortalClaimTypes.Name, "Bench Auditor"));
            identity.AddClaim(new Claim(PortalClaimTypes.Role, PortalRoles.Auditor));
            identity.AddClaim(new Claim(PortalClaimTypes.CompanyAccessApplied, "1"));
            identity.AddClaim(new Claim(PortalClaimTypes.Company, CompanyKeys.Owner));
            return new ClaimsPrincipal(identity);
        }
    }
}
