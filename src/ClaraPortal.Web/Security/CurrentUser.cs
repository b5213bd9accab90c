using System.Globalization;
using System.Security.Claims;

namespace ClaraPortal.Web.Security;

/// <summary>Who is acting: what services stamp on records and audit events.</summary>
public sealed record CurrentUserInfo(string Subject, string DisplayName, string Username, string? Email, IReadOnlyList<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>When the user last typed their password at the identity provider (its auth_time), when it said.</summary>
    public DateTimeOffset? SignedInAt { get; init; }

    public static CurrentUserInfo? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.FindFirst(PortalClaimTypes.Subject)?.Value is not { } subject)
        {
            return null;
        }

        var username = principal.FindFirst(PortalClaimTypes.Username)?.Value ?? subject;
        return new CurrentUserInfo(
            subject,
            principal.FindFirst(PortalClaimTypes.Name)?.Value ?? username,
            username,
            principal.FindFirst(PortalClaimTypes.Email)?.Value,
            principal.FindAll(PortalClaimTypes.Role).Select(c => c.Value).Distinct().ToList())
        {
            SignedInAt = long.TryParse(principal.FindFirst(PortalClaimTypes.AuthTime)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null,
        };
    }
}

/// <summary>
/// The signed-in user as services see it. Services call <see cref="DemandAsync"/> before doing work,
/// so a role check holds even when a page forgets one.
/// </summary>
public interface ICurrentUser
{
    /// <summary>The signed-in user, or null when nobody is signed in.</summary>
    Task<CurrentUserInfo?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>The signed-in user when the policy admits them; otherwise <see cref="AccessDeniedException"/>.</summary>
    Task<CurrentUserInfo> DemandAsync(string policy, CancellationToken cancellationToken = default);
}

/// <summary>A service refused work the current user's roles do not allow.</summary>
public sealed class AccessDeniedException(string policy, string? subject)
    : Exception($"Access denied: policy '{policy}' does not admit user '{subject ?? "(anonymous)"}'.")
{
    public string Policy { get; } = policy;

    public string? Subject { get; } = subject;
}
