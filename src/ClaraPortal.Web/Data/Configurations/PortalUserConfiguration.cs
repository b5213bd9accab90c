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
    }
}
