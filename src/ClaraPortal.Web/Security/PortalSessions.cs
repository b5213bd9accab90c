using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using ClaraPortal.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Security;

/// <summary>How long a portal session lasts, bound from <c>Portal:Session</c>.</summary>
public sealed class PortalSessionOptions : IValidatableObject
{
    public const string SectionName = "Portal:Session";

    /// <summary>A session nobody uses for this long ends (sliding: each request renews it).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session ends this long after its sign-in, however busy: the user signs in again.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How often an open page (a Blazor circuit) checks that its session still holds.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { (nameof(IdleTimeout), IdleTimeout), (nameof(AbsoluteLifetime), AbsoluteLifetime), (nameof(RevalidationInterval), RevalidationInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"{SectionName}:{name} must be positive.", [name]);
            }
        }

        if (AbsoluteLifetime < IdleTimeout)
        {
            yield return new ValidationResult($"{SectionName}:AbsoluteLifetime must not be shorter than {SectionName}:IdleTimeout.", [nameof(AbsoluteLifetime)]);
        }
    }
}

/// <summary>Why a session no longer holds.</summary>
public enum SessionVerdict
{
    Valid,

    /// <summary>No start time: a cookie from before sessions had one, or not a portal session at all.</summary>
    Unknown,

    /// <summary>The absolute lifetime has passed since sign-in.</summary>
    Expired,

    /// <summary>The user is unknown to the directory, disabled, or signed out after this session began.</summary>
    Revoked,
}

/// <summary>
/// Decides whether a signed-in principal's session still holds: checked by the cookie on every request and by open
/// circuits periodically (<see cref="PortalRevalidatingAuthenticationStateProvider"/>).
/// </summary>
public sealed class PortalSessionValidator(PortalDatabase database, TimeProvider time, IOptions<PortalSessionOptions> options)
{
    /// <summary>The claim the session starts with, stamped at sign-in.</summary>
    public Claim StartClaim() => new(PortalClaimTypes.SessionStarted, time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));

    public async Task<SessionVerdict> CheckAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return SessionVerdict.Valid; // nothing to end
        }

        var subject = principal.FindFirstValue(PortalClaimTypes.Subject);
        if (subject is null || !DateTimeOffset.TryParseExact(principal.FindFirstValue(PortalClaimTypes.SessionStarted), "O",
                CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started))
        {
            return SessionVerdict.Unknown;
        }

        if (time.GetUtcNow() - started >= options.Value.AbsoluteLifetime)
        {
            return SessionVerdict.Expired;
        }

        await using var db = database.WithoutCompany();
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Subject == subject)
            .Select(u => new { u.DisabledAt, u.SessionsRevokedAt })
            .SingleOrDefaultAsync(cancellationToken);
        return user is null || user.DisabledAt is not null || (user.SessionsRevokedAt is { } revoked && started < revoked)
            ? SessionVerdict.Revoked
            : SessionVerdict.Valid;
    }

    /// <summary>The cookie's check on every request: a session that no longer holds is signed out and challenged again.</summary>
    internal static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        if (context.Principal is null)
        {
            return;
        }

        var services = context.HttpContext.RequestServices;
        var verdict = await services.GetRequiredService<PortalSessionValidator>().CheckAsync(context.Principal, context.HttpContext.RequestAborted);
        if (verdict != SessionVerdict.Valid)
        {
            var subject = context.Principal.FindFirstValue(PortalClaimTypes.Subject);
            var logger = services.GetRequiredService<ILogger<PortalSessionValidator>>();
            SessionLog.Ended(logger, subject, verdict);
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}

/// <summary>
/// An open page keeps its authentication state for as long as its circuit lives; this checks it every
/// <see cref="PortalSessionOptions.RevalidationInterval"/>, so a user disabled or signed out elsewhere, or past the absolute
/// lifetime, loses the live page too (it turns anonymous and the router asks for sign-in).
/// </summary>
public sealed class PortalRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<PortalSessionOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<PortalRevalidatingAuthenticationStateProvider>();

    protected override TimeSpan RevalidationInterval => options.Value.RevalidationInterval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsStillValidAsync(authenticationState, cancellationToken);

    /// <summary>The periodic check itself, in a scope of its own (the circuit's scope may be busy rendering).</summary>
    internal async Task<bool> IsStillValidAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var verdict = await scope.ServiceProvider.GetRequiredService<PortalSessionValidator>().CheckAsync(authenticationState.User, cancellationToken);
        if (verdict != SessionVerdict.Valid)
        {
            var subject = authenticationState.User.FindFirstValue(PortalClaimTypes.Subject);
            SessionLog.Ended(_logger, subject, verdict);
        }

        return verdict == SessionVerdict.Valid;
    }
}

internal static partial class SessionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Session of user {Subject} ended: {Verdict}")]
    public static partial void Ended(ILogger logger, string? subject, SessionVerdict verdict);
}
