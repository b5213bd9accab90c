using ClaraPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ClaraPortal.Web.Data.Configurations;

internal sealed class PortalUserConfiguration : IEntityTypeConfiguration<PortalUser>
{
    public void Configure(EntityTypeBuilder<PortalUser> user)
    {
        user.HasIndex(u => u.Subject).IsUnique();
        user.Property(u => u.Subject).HasMaxLength(200);
        user.Property(u => u.Username).HasMaxLength(200);
        user.Property(u => u.DisplayName).HasMaxLength(200);
        user.Property(u => u.Email).HasMaxLength(320);
        user.Property(u => u.Roles).HasMaxLength(200);
        user.Property(u => u.CompanyPreference).HasMaxLength(13);
    }
}

internal sealed class CompanyGrantConfiguration : IEntityTypeConfiguration<CompanyGrant>
{
    public void Configure(EntityTypeBuilder<CompanyGrant> grant)
    {
        grant.Property(g => g.Company).HasMaxLength(13);
        grant.Property(g => g.Subject).HasMaxLength(200);
        grant.Property(g => g.Role).HasMaxLength(20);
        grant.Property(g => g.GrantedBy).HasMaxLength(200);
        grant.Property(g => g.GrantedByName).HasMaxLength(200);
        // One row per user, company and role; the access rules read a user's grants at every request.
        grant.HasIndex(g => new { g.Subject, g.Company, g.Role }).IsUnique();
        grant.HasIndex(g => new { g.Company, g.Subject });
    }
}
