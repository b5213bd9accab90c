using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ClaraPortal.Web.Tests.Data;

/// <summary>
/// The database's own guarantee, below every service: a context works for one company. Every company-owned entity of
/// the model is covered, read from the model (a new one is covered without touching this test), over a real SQLite file.
/// </summary>
public sealed class CompanyScopingTests : IAsyncLifetime
{
    private const string A = CompanyKeys.Owner;
    private const string B = "CPS920315KX7";

    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    public static TheoryData<string> CompanyOwnedEntities()
    {
        using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=:memory:").Options, A);
        var data = new TheoryData<string>();
        foreach (var type in OwnedTypes(db))
        {
            data.Add(type.Name);
        }

        return data;
    }

    [Fact]
    public void Every_company_owned_table_is_one_the_model_filters_and_stamps()
    {
        using var db = _database.CreateDbContext();
        var owned = OwnedTypes(db).Select(t => t.Name).ToList();

        // The sets that hold a company's business; users and grants are not company-owned.
        Assert.Superset(
            new HashSet<string> { nameof(CardPurchase), nameof(FundingCard), nameof(CardTemplate), nameof(Supplier), nameof(CatalogSyncRun), nameof(AuditEvent), nameof(ApprovalRequest) },
            owned.ToHashSet());
        Assert.DoesNotContain(nameof(PortalUser), owned);
        Assert.DoesNotContain(nameof(CompanyGrant), owned);
        foreach (var type in db.Model.GetEntityTypes().Where(e => typeof(ICompanyOwned).IsAssignableFrom(e.ClrType)))
        {
            Assert.NotEmpty(type.GetDeclaredQueryFilters());
        }
    }

    [Theory]
    [MemberData(nameof(CompanyOwnedEntities))]
    public async Task A_context_sees_only_its_own_companys_rows_and_stamps_new_ones(string entity)
    {
        var type = TypeNamed(entity);
        object ofA, ofB;
        await using (var db = _database.CreateDbContext(A))
        {
            ofA = Sample(db, type);
            db.Add(ofA);
            Assert.Equal(A, ((ICompanyOwned)ofA).Company); // stamped as soon as it is tracked
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateDbContext(B))
        {
            ofB = Sample(db, type);
            db.Add(ofB);
            Assert.Equal(B, ((ICompanyOwned)ofB).Company);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateDbContext(A))
        {
            Assert.Equal([A], await CompaniesAsync(db, type, ignoreFilters: false));
            Assert.Equal([A, B], (await CompaniesAsync(db, type, ignoreFilters: true)).Order(StringComparer.Ordinal));
        }

        await using (var db = _database.CreateDbContext(B))
        {
            Assert.Equal([B], await CompaniesAsync(db, type, ignoreFilters: false));
        }

        await using (var db = _database.CreateDbContext("XAXX010101000"))
        {
            Assert.Empty(await CompaniesAsync(db, type, ignoreFilters: false));
        }

        await using (var none = _database.CreateDbContext(null))
        {
            Assert.Empty(await CompaniesAsync(none, type, ignoreFilters: false));
        }
    }

    [Theory]
    [MemberData(nameof(CompanyOwnedEntities))]
    public async Task A_row_of_another_company_is_never_written_through_a_context(string entity)
    {
        var type = TypeNamed(entity);
        foreach (var (context, row) in new[] { (A, B), (B, A), (B, "XAXX010101000") })
        {
            await using var db = _database.CreateDbContext(context);
            var sample = (ICompanyOwned)Sample(db, type);
            sample.Company = row;
            db.Add(sample);
            await Assert.ThrowsAsync<CrossCompanyWriteException>(() => db.SaveChangesAsync());
        }

        // A row of B saved through B, then attached to A's context and changed or deleted there: refused too.
        object saved;
        await using (var db = _database.CreateDbContext(B))
        {
            saved = Sample(db, type);
            db.Add(saved);
            await db.SaveChangesAsync();
        }

        await using (var db = _database.CreateDbContext(A))
        {
            db.Attach(saved).State = EntityState.Modified;
            await Assert.ThrowsAsync<CrossCompanyWriteException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.CreateDbContext(A))
        {
            db.Remove(saved);
            await Assert.ThrowsAsync<CrossCompanyWriteException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.CreateDbContext(A))
        {
            // Moving a row to another company is refused too: by the guard, or by EF where the company is part of the key.
            var mine = (ICompanyOwned)Sample(db, type);
            db.Add(mine);
            await db.SaveChangesAsync();
            mine.Company = B;
            await Assert.ThrowsAnyAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var check = _database.CreateDbContext(B);
        Assert.Equal([B], await CompaniesAsync(check, type, ignoreFilters: false));
    }

    [Theory]
    [MemberData(nameof(CompanyOwnedEntities))]
    public async Task A_context_of_no_company_cannot_add_a_company_owned_row(string entity)
    {
        var type = TypeNamed(entity);
        await using (var none = _database.CreateDbContext(null))
        {
            var sample = Sample(none, type);
            await Assert.ThrowsAsync<CrossCompanyWriteException>(async () =>
            {
                none.Add(sample);
                await none.SaveChangesAsync();
            });
        }

        await using (var none = _database.CreateDbContext(null))
        {
            var named = (ICompanyOwned)Sample(none, type);
            named.Company = A;
            none.Add(named);
            await Assert.ThrowsAsync<CrossCompanyWriteException>(() => none.SaveChangesAsync());
        }

        await using var any = _database.CreateDbContext(A);
        Assert.Empty(await CompaniesAsync(any, type, ignoreFilters: true));
    }

    [Fact]
    public async Task A_context_of_no_company_still_reads_and_writes_users_and_grants()
    {
        await using (var none = _database.CreateDbContext(null))
        {
            none.Users.Add(new PortalUser { Subject = "dev-issuer", Username = "dev-issuer", DisplayName = "Isabel Issuer", Roles = "" });
            none.CompanyGrants.Add(new CompanyGrant { Company = B, Subject = "dev-issuer", Role = "Issuer", GrantedBy = "dev-admin", GrantedByName = "Adrian Admin" });
            await none.SaveChangesAsync();
        }

        await using var again = _database.CreateDbContext(null);
        Assert.Equal("dev-issuer", (await again.Users.SingleAsync()).Subject);
        Assert.Equal(B, (await again.CompanyGrants.SingleAsync()).Company);
    }

    [Fact]
    public async Task The_audit_chain_is_one_chain_across_companies_and_verifies()
    {
        var trail = TestAuditChain.Trail(TimeProvider.System);
        var appended = new List<AuditEvent>();
        foreach (var (company, action) in new[] { (A, "first"), (B, "second"), (A, "third"), (B, "fourth") })
        {
            await using var db = _database.CreateDbContext(company);
            await using var transaction = await db.Database.BeginTransactionAsync();
            appended.Add(await trail.AppendAsync(db, new AuditActor("dev-admin", "Adrian Admin"), new AuditEntry(action, "Test", action, After: new { action }), "corr"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        // One chain: each event links to the one before it, whatever company that was.
        Assert.Equal([1L, 2, 3, 4], appended.Select(e => e.Id));
        Assert.Null(appended[0].PreviousHash);
        for (var i = 1; i < appended.Count; i++)
        {
            Assert.Equal(appended[i - 1].Hash, appended[i].PreviousHash);
        }

        Assert.Equal([A, B, A, B], appended.Select(e => e.Company));
        await using (var db = _database.CreateDbContext(A))
        {
            Assert.Equal(["first", "third"], await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
            Assert.Equal(new ChainCheck(true, 4, null), await TestAuditChain.VerifyAsync(db));
        }

        await using (var db = _database.CreateDbContext(B))
        {
            Assert.Equal(["second", "fourth"], await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
            Assert.Equal(new ChainCheck(true, 4, null), await TestAuditChain.VerifyAsync(db));
        }

        // Keyed with the chain key, the company always inside; the unkeyed hash of before keying still leaves an owner's
        // company out, so events written before companies keep verifying.
        Assert.All(appended, e => Assert.Equal(AuditTrail.ComputeKeyedHash(e, TestAuditChain.Key), e.Hash));
        Assert.Equal(PreCompaniesHash(appended[0]), AuditTrail.ComputeHash(appended[0]));
        Assert.NotEqual(PreCompaniesHash(appended[1]), AuditTrail.ComputeHash(appended[1]));

        // So moving an event to another company in the file breaks the chain right there.
        await using (var db = _database.CreateDbContext(A))
        {
            await TestAuditChain.DropAppendOnlyTriggersAsync(db);
            await db.Database.ExecuteSqlRawAsync("UPDATE AuditEvents SET Company = '' WHERE Id = 2");
            Assert.Equal(new ChainCheck(false, 1, 2), await TestAuditChain.VerifyAsync(db));
        }
    }

    [Fact]
    public void An_owner_event_hashes_as_an_event_without_the_company_field()
    {
        var audit = new AuditEvent
        {
            Id = 41,
            Company = CompanyKeys.Owner,
            OccurredAt = new DateTimeOffset(2026, 11, 24, 17, 0, 0, TimeSpan.Zero),
            ActorId = "dev-admin",
            ActorName = "Adrian Admin",
            Action = "card.issued",
            EntityType = "CardPurchase",
            EntityId = "abc",
            AfterJson = "{\"amount\":1}",
            CorrelationId = "corr",
            PreviousHash = new string('a', 64),
        };

        Assert.Equal(PreCompaniesHash(audit), AuditTrail.ComputeHash(audit));
        audit.Company = B;
        Assert.NotEqual(PreCompaniesHash(audit), AuditTrail.ComputeHash(audit));
    }

    /// <summary>The hash as the portal computed it before companies existed (commit 1fa3883), field for field.</summary>
    internal static string PreCompaniesHash(AuditEvent audit)
    {
        var fields = new object?[]
        {
            audit.Id, audit.OccurredAt.UtcTicks, audit.ActorId, audit.ActorName, audit.Action, audit.EntityType, audit.EntityId,
            audit.BeforeJson, audit.AfterJson, audit.CorrelationId, audit.PreviousHash,
        };
        return Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(fields))).ToLower(CultureInfo.InvariantCulture);
    }

    private static IEnumerable<Type> OwnedTypes(PortalDbContext db) =>
        db.Model.GetEntityTypes().Select(e => e.ClrType).Where(t => typeof(ICompanyOwned).IsAssignableFrom(t)).OrderBy(t => t.Name, StringComparer.Ordinal);

    private static Type TypeNamed(string name) => typeof(ICompanyOwned).Assembly.GetTypes().Single(t => t.Name == name && typeof(ICompanyOwned).IsAssignableFrom(t));

    /// <summary>
    /// A row of <paramref name="type"/> that satisfies the schema, built from the model alone: every required column
    /// gets a value of its own (unique, so unique indexes hold), the company is left for the context to stamp.
    /// </summary>
    private static object Sample(PortalDbContext db, Type type)
    {
        var entityType = db.Model.FindEntityType(type)!;
        var row = Activator.CreateInstance(type)!;
        foreach (var property in entityType.GetProperties().Where(p => p.PropertyInfo is not null && p.Name != nameof(ICompanyOwned.Company)))
        {
            var value = ValueFor(property);
            if (value is not null)
            {
                property.PropertyInfo!.SetValue(row, value);
            }
        }

        return row;
    }

    private static object? ValueFor(IProperty property)
    {
        var clr = property.ClrType;
        if (clr == typeof(string) && !property.IsNullable)
        {
            var unique = Guid.NewGuid().ToString("N");
            return property.GetMaxLength() is { } max && max < unique.Length ? unique[..max] : unique;
        }

        if (property.IsKey() && property.ValueGenerated == ValueGenerated.Never)
        {
            if (clr == typeof(long))
            {
                return RandomNumberGenerator.GetInt32(1, int.MaxValue) + 10_000_000_000L;
            }

            if (clr == typeof(Guid))
            {
                return Guid.NewGuid();
            }
        }

        return null;
    }

    private static async Task<List<string>> CompaniesAsync(PortalDbContext db, Type type, bool ignoreFilters)
    {
        var method = typeof(CompanyScopingTests).GetMethod(nameof(CompaniesOfAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type);
        return await (Task<List<string>>)method.Invoke(null, [db, ignoreFilters])!;
    }

    private static async Task<List<string>> CompaniesOfAsync<T>(PortalDbContext db, bool ignoreFilters)
        where T : class, ICompanyOwned
    {
        IQueryable<T> rows = db.Set<T>().AsNoTracking();
        if (ignoreFilters)
        {
            rows = rows.IgnoreQueryFilters();
        }

        return await rows.Select(r => r.Company).ToListAsync();
    }
}
