namespace ClaraPortal.Web.Data.Entities;

/// <summary>
/// A row that belongs to one company of the group (its <see cref="Company"/> key: a subsidiary's RFC, or empty for
/// the owner). <see cref="PortalDbContext"/> filters every query of these to its company and stamps it on new rows,
/// so no code has to remember either.
/// </summary>
public interface ICompanyOwned
{
    string Company { get; set; }
}

/// <summary>Company keys with a meaning of their own.</summary>
public static class CompanyKeys
{
    /// <summary>The owner of the Clara credentials: no X-Tax-Identifier, and every row from before companies.</summary>
    public const string Owner = "";
}
