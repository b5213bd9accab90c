using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Identity;

/// <summary>
/// OpenIddict's own store (applications, authorizations, tokens), kept apart from the portal's
/// database: it is development-only and rebuilt with EnsureCreated, never migrated.
/// </summary>
public sealed class DevelopmentIdentityDbContext(DbContextOptions<DevelopmentIdentityDbContext> options) : DbContext(options);
