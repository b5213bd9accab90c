using System.Security.Claims;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Security;

/// <summary>Remembers who has signed in (name, email, roles, first and last sign-in) and whose sessions have ended.</summary>
public sealed class PortalUserDirectory(PortalDatabase database, TimeProvider time)
{
    /// <returns>False when the user is disabled in the portal: the sign-in must not go on.</returns>
    public async Task<bool> RecordSignInAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
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
        return row.DisabledAt is null;
    }

    /// <summary>
    /// Ends every session of the user started before now, in this browser and any other: their cookies are refused at the
    /// next request and their open pages at the next revalidation.
    /// </summary>
    public async Task EndSessionsAsync(string subject, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = database.WithoutCompany();
        await db.Users.Where(u => u.Subject == subject)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.SessionsRevokedAt, now), cancellationToken);
    }
}
