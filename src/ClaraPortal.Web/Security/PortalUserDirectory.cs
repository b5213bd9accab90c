using System.Security.Claims;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Security;

/// <summary>Remembers who has signed in (name, email, roles, first and last sign-in).</summary>
public sealed class PortalUserDirectory(PortalDatabase database, TimeProvider time)
{
    public async Task RecordSignInAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var user = CurrentUserInfo.From(principal) ?? throw new InvalidOperationException("Only a signed-in principal can be recorded.");
        var now = time.GetUtcNow();
        await using var db = database.WithoutCompany();
        var row = await db.Users.SingleOrDefaultAsync(u => u.Subject == user.Subject, cancellationToken);
        if (row is null)
        {
            row = new PortalUser { Subject = user.Subject, Username = user.Username, DisplayName = user.DisplayName, FirstSeenAt = now };
            db.Users.Add(row);
        }

        row.Username = user.Username;
        row.DisplayName = user.DisplayName;
        row.Email = user.Email;
        row.Roles = string.Join(',', user.Roles);
        row.LastSeenAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }
}
