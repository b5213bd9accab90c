namespace ClaraPortal.Web.Data.Entities;

/// <summary>A person who has signed in, as the identity provider described them at their last sign-in.</summary>
public sealed class PortalUser
{
    public int Id { get; set; }

    /// <summary>The provider's stable subject (<c>sub</c>); what records and audit events point at.</summary>
    public required string Subject { get; set; }

    public required string Username { get; set; }

    public required string DisplayName { get; set; }

    public string? Email { get; set; }

    /// <summary>Portal roles at the last sign-in, comma-separated (the provider stays the source of truth).</summary>
    public string Roles { get; set; } = "";

    /// <summary>The company the user last chose in the switcher (its key); null until they choose.</summary>
    public string? CompanyPreference { get; set; }

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>Set when the user may no longer sign in (left the company, disabled at the provider): open sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>Sessions started before this instant are over (the user signed out, anywhere); their circuits close too.</summary>
    public DateTimeOffset? SessionsRevokedAt { get; set; }
}
