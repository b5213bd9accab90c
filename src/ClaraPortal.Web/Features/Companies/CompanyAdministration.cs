using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>A role a user holds in a company by an Admin's grant.</summary>
public sealed record CompanyGrantView(long Id, string Subject, string UserName, string Role, string GrantedByName, DateTimeOffset GrantedAt);

/// <summary>Someone who has signed in at least once: who an Admin can grant access to.</summary>
public sealed record KnownUser(string Subject, string DisplayName, string Username);

public enum GrantOutcome
{
    Granted,
    AlreadyGranted,
}

/// <summary>The Companies page's work: who holds which role where. Admin only; every change is audited in the company it touches.</summary>
public sealed class CompanyAdministration(PortalDatabase database, PortalCompanies companies, ICurrentUser currentUser, AuditTrail auditTrail, TimeProvider time)
{
    public const string GrantAction = "company.access.granted";
    public const string RevokeAction = "company.access.revoked";
    public const string EntityType = "CompanyGrant";

    /// <summary>Roles a grant can give; Admin comes from the identity provider and reaches every company.</summary>
    public static IReadOnlyList<string> GrantableRoles { get; } = [PortalRoles.Issuer, PortalRoles.Approver, PortalRoles.Auditor];

    public async Task<IReadOnlyList<CompanyGrantView>> GrantsAsync(string companyKey, CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManageCompanies, cancellationToken);
        var company = Require(companyKey);
        await using var db = database.WithoutCompany();
        var grants = await db.CompanyGrants.AsNoTracking().Where(g => g.Company == company.Key).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, grants.Select(g => g.Subject), cancellationToken);
        return [.. grants
            .Select(g => new CompanyGrantView(g.Id, g.Subject, names.GetValueOrDefault(g.Subject, g.Subject), g.Role, g.GrantedByName, g.GrantedAt))
            .OrderBy(g => g.UserName, StringComparer.CurrentCultureIgnoreCase).ThenBy(g => g.Role, StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<KnownUser>> UsersAsync(CancellationToken cancellationToken = default)
    {
        await currentUser.DemandAsync(PortalPolicies.CanManageCompanies, cancellationToken);
        await using var db = database.WithoutCompany();
        var users = await db.Users.AsNoTracking().Select(u => new KnownUser(u.Subject, u.DisplayName, u.Username)).ToListAsync(cancellationToken);
        return [.. users.OrderBy(u => u.DisplayName, StringComparer.CurrentCultureIgnoreCase)];
    }

    public async Task<GrantOutcome> GrantAsync(string companyKey, string subject, string role, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManageCompanies, cancellationToken);
        var company = Require(companyKey);
        var canonical = PortalRoles.Canonical(role);
        if (canonical is null || !GrantableRoles.Contains(canonical))
        {
            throw new ArgumentException($"'{role}' is not a role a grant can give.", nameof(role));
        }

        await using var db = database.For(company);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Users.AnyAsync(u => u.Subject == subject, cancellationToken))
        {
            throw new ArgumentException("Only someone who has signed in once can be granted access.", nameof(subject));
        }

        if (await db.CompanyGrants.AnyAsync(g => g.Company == company.Key && g.Subject == subject && g.Role == canonical, cancellationToken))
        {
            return GrantOutcome.AlreadyGranted;
        }

        var grant = new CompanyGrant
        {
            Company = company.Key,
            Subject = subject,
            Role = canonical,
            GrantedBy = admin.Subject,
            GrantedByName = admin.DisplayName,
            GrantedAt = time.GetUtcNow(),
        };
        db.CompanyGrants.Add(grant);
        await db.SaveChangesAsync(cancellationToken);
        await auditTrail.AppendAsync(db, AuditActor.From(admin),
            new AuditEntry(GrantAction, EntityType, grant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), After: new { subject, role = canonical }),
            AuditTrail.NewCorrelationId(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return GrantOutcome.Granted;
    }

    /// <summary>Takes a grant back; false when it was already gone.</summary>
    public async Task<bool> RevokeAsync(string companyKey, long grantId, CancellationToken cancellationToken = default)
    {
        var admin = await currentUser.DemandAsync(PortalPolicies.CanManageCompanies, cancellationToken);
        var company = Require(companyKey);
        await using var db = database.For(company);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var grant = await db.CompanyGrants.SingleOrDefaultAsync(g => g.Id == grantId && g.Company == company.Key, cancellationToken);
        if (grant is null)
        {
            return false;
        }

        db.CompanyGrants.Remove(grant);
        await auditTrail.AppendAsync(db, AuditActor.From(admin),
            new AuditEntry(RevokeAction, EntityType, grant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Before: new { subject = grant.Subject, role = grant.Role }),
            AuditTrail.NewCorrelationId(), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private PortalCompany Require(string companyKey) =>
        companies.Find(companyKey) ?? throw new ArgumentException($"'{companyKey}' is not a configured company.", nameof(companyKey));

    private static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, IEnumerable<string> subjects, CancellationToken cancellationToken)
    {
        var wanted = subjects.Distinct().ToList();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Subject))
            .ToDictionaryAsync(u => u.Subject, u => u.DisplayName, cancellationToken);
    }
}
