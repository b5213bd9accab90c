using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Features.Policy;

/// <summary>What the policy tests start from in the owner company: two templates, a removed one, three users who have signed in.</summary>
public static class PolicySeed
{
    public const long Purchases = 10;
    public const long Hotels = 11;
    public const long Retired = 12;

    public static async Task SeedAsync(TempPortalDatabase database, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var db = database.CreateDbContext();
        db.CardTemplates.AddRange(
            new CardTemplate { ClaraId = Purchases, Name = "Compras Generales", Currency = "MXN", LastSyncedAt = now },
            new CardTemplate { ClaraId = Hotels, Name = "Clara Hotels", Currency = "MXN", LastSyncedAt = now },
            new CardTemplate { ClaraId = Retired, Name = "Old", Currency = "MXN", LastSyncedAt = now, RemovedAt = now });
        foreach (var (subject, name) in new[] { ("dev-admin", "Adrian Admin"), ("dev-issuer", "Isabel Issuer"), ("dev-approver", "Alma Approver") })
        {
            db.Users.Add(new PortalUser { Subject = subject, Username = subject, DisplayName = name, FirstSeenAt = now, LastSeenAt = now });
        }

        await db.SaveChangesAsync();
    }
}
