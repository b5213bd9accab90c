using System.Collections.Concurrent;
using System.Security.Claims;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Tests.Support;

/// <summary>One security event as a component or service asked for it.</summary>
public sealed record RecordedSecurityEvent(string? Subject, string Action, object? Details);

/// <summary>The security audit for bUnit: keeps what was recorded, in order, instead of writing the chain.</summary>
public sealed class RecordingSecurityAudit : ISecurityAudit
{
    private readonly ConcurrentQueue<RecordedSecurityEvent> _events = new();

    public IReadOnlyList<RecordedSecurityEvent> Events => [.. _events];

    public Task RecordAsync(ClaimsPrincipal user, string action, object? details, CancellationToken cancellationToken = default)
    {
        _events.Enqueue(new RecordedSecurityEvent(user.FindFirst(PortalClaimTypes.Subject)?.Value, action, details));
        return Task.CompletedTask;
    }
}
