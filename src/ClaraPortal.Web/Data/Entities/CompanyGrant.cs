namespace ClaraPortal.Web.Data.Entities;

/// <summary>An Admin gave a user a role in a company (beyond companies open to everyone).</summary>
public sealed class CompanyGrant
{
    public long Id { get; set; }

    /// <summary>The company's key (a subsidiary's RFC, or empty for the owner).</summary>
    public required string Company { get; set; }

    /// <summary>The user's subject at the identity provider.</summary>
    public required string Subject { get; set; }

    /// <summary>Issuer, Approver or Auditor (Admin is given by the identity provider and reaches every company).</summary>
    public required string Role { get; set; }

    public required string GrantedBy { get; set; }

    public required string GrantedByName { get; set; }

    public DateTimeOffset GrantedAt { get; set; }
}
