using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>The switcher's choice, kept per user: the next page load works in that company.</summary>
public sealed class CompanyChoice(PortalDatabase database, AuthenticationStateProvider authentication, PortalCompanies companies, TimeProvider time)
{
    public async Task ChooseAsync(string companyKey, CancellationToken cancellationToken = default)
    {
        var principal = (await authentication.GetAuthenticationStateAsync()).User;
        var user = CurrentUserInfo.From(principal) ?? throw new AccessDeniedException(nameof(ChooseAsync), null);
        if (companies.OptionsOf(principal).All(c => c.Key != companyKey))
        {
            // Only a company the rules gave this request; they check again on the next load anyway.
            throw new AccessDeniedException(nameof(ChooseAsync), user.Subject);
        }

        await using var db = database.WithoutCompany();
        var row = await db.Users.SingleOrDefaultAsync(u => u.Subject == user.Subject, cancellationToken);
        if (row is null)
        {
            var now = time.GetUtcNow();
            row = new PortalUser { Subject = user.Subject, Username = user.Username, DisplayName = user.DisplayName, FirstSeenAt = now, LastSeenAt = now };
            db.Users.Add(row);
        }

        row.CompanyPreference = companyKey;
        await db.SaveChangesAsync(cancellationToken);
    }
}
