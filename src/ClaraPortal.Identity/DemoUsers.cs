using System.Security.Cryptography;
using System.Text;

namespace ClaraPortal.Identity;

/// <summary>A person the development provider can sign in.</summary>
public sealed record DemoUser(string Subject, string Username, string DisplayName, string Email, IReadOnlyList<string> Roles);

/// <summary>
/// The fixed demo directory: one or two users per portal role, all with
/// <see cref="DevelopmentIdentityDefaults.DemoPassword"/>.
/// </summary>
public static class DemoUsers
{
    public static IReadOnlyList<DemoUser> All { get; } =
    [
        new("dev-issuer", "issuer", "Isabel Issuer", "isabel.issuer@example.com", ["Issuer"]),
        new("dev-issuer2", "issuer2", "Ivan Issuer", "ivan.issuer@example.com", ["Issuer"]),
        new("dev-approver", "approver", "Alma Approver", "alma.approver@example.com", ["Approver"]),
        new("dev-approver2", "approver2", "Andres Approver", "andres.approver@example.com", ["Approver"]),
        new("dev-auditor", "auditor", "Aurora Auditor", "aurora.auditor@example.com", ["Auditor"]),
        new("dev-admin", "admin", "Adrian Admin", "adrian.admin@example.com", ["Admin"]),
        // Signed in by the provider but given no portal role: what the portal shows a new hire nobody has set up yet.
        new("dev-norole", "norole", "Nora Norole", "nora.norole@example.com", []),
    ];

    public static DemoUser? FindBySubject(string? subject) =>
        All.FirstOrDefault(u => string.Equals(u.Subject, subject, StringComparison.Ordinal));

    /// <summary>Returns the user when the username and password match, otherwise null.</summary>
    public static DemoUser? Validate(string? username, string? password)
    {
        var user = All.FirstOrDefault(u => string.Equals(u.Username, username?.Trim(), StringComparison.OrdinalIgnoreCase));
        // Compare in constant time even for unknown users, so timing does not reveal which usernames exist.
        var expected = Encoding.UTF8.GetBytes(DevelopmentIdentityDefaults.DemoPassword);
        var given = Encoding.UTF8.GetBytes(password ?? "");
        var passwordMatches = CryptographicOperations.FixedTimeEquals(expected, given);
        return user is not null && passwordMatches ? user : null;
    }
}
