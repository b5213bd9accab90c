using System.Security.Claims;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Companies;
using Microsoft.AspNetCore.Components.Authorization;

namespace ClaraPortal.Web.Security;

/// <summary>The audit actions of sessions and refusals (their words are <c>Cards.Event.{action}</c>, like every audited action).</summary>
public static class SecurityActions
{
    public const string SignedIn = "user.signed-in";
    public const string SignedOut = "user.signed-out";
    public const string AccessDenied = "access.denied";

    /// <summary>The entity type these events name: the user, by subject.</summary>
    public const string UserEntity = "PortalUser";
}

/// <summary>What an access-denied event records: the page the user opened, or the policy a service refused.</summary>
public sealed record AccessDeniedDetails(string? Path, string? Policy);

/// <summary>
/// Records portal-wide security events (sign-in, sign-out, access denied) in the audit chain. They belong to no
/// company's work, so they are the owner company's events.
/// </summary>
public interface ISecurityAudit
{
    /// <summary>
    /// Appends the event in its own transaction. A failure is logged, not thrown: a sign-in or a refusal goes on even when
    /// the database cannot take the event, and the log says so.
    /// </summary>
    Task RecordAsync(ClaimsPrincipal user, string action, object? details, CancellationToken cancellationToken = default);
}

public sealed partial class SecurityAudit(PortalDatabase database, PortalCompanies companies, AuditTrail trail, ILogger<SecurityAudit> logger)
    : ISecurityAudit
{
    public async Task RecordAsync(ClaimsPrincipal user, string action, object? details, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var who = CurrentUserInfo.From(user);
        var actor = who is null ? new AuditActor("anonymous", "anonymous") : AuditActor.From(who);
        try
        {
            await using var db = database.For(companies.Owner);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await trail.AppendAsync(db, actor, new AuditEntry(action, SecurityActions.UserEntity, who?.Subject, After: details), AuditTrail.NewCorrelationId(), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex, action, actor.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording the security event {Action} of user {Subject} in the audit chain failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string action, string subject);
}

/// <summary>
/// The current user as services see it, with every refusal of <see cref="ICurrentUser.DemandAsync"/> recorded as an
/// access-denied event before it reaches the caller. Services call DemandAsync before they open a transaction, so the
/// event's own transaction never waits on theirs.
/// </summary>
public sealed class AuditedCurrentUser(CurrentUserAccessor inner, AuthenticationStateProvider authenticationState, ISecurityAudit audit) : ICurrentUser
{
    public Task<CurrentUserInfo?> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

    public async Task<CurrentUserInfo> DemandAsync(string policy, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.DemandAsync(policy, cancellationToken);
        }
        catch (AccessDeniedException)
        {
            var user = (await authenticationState.GetAuthenticationStateAsync()).User;
            await audit.RecordAsync(user, SecurityActions.AccessDenied, new AccessDeniedDetails(null, policy), cancellationToken);
            throw;
        }
    }
}
