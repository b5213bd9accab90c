using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Security;

public sealed class PortalUserDirectoryTests : IAsyncLifetime
{
    private TempPortalDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TempPortalDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Remembers_first_and_last_sign_in_and_the_latest_name_and_roles()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var directory = new PortalUserDirectory(_database.Portal, time);
        var first = time.GetUtcNow();
        await directory.RecordSignInAsync(TestUsers.WithRoles("dev-admin", "Adrian Admin", PortalRoles.Admin), CancellationToken.None);

        time.Advance(TimeSpan.FromDays(2));
        await directory.RecordSignInAsync(TestUsers.WithRoles("dev-admin", "Adrián Admin", PortalRoles.Admin, PortalRoles.Auditor), CancellationToken.None);

        await using var db = _database.CreateDbContext();
        var user = await db.Users.SingleAsync();
        Assert.Equal(("dev-admin", "Adrián Admin", "Admin,Auditor"), (user.Subject, user.DisplayName, user.Roles));
        Assert.Equal(first, user.FirstSeenAt);
        Assert.Equal(time.GetUtcNow(), user.LastSeenAt);
    }
}
