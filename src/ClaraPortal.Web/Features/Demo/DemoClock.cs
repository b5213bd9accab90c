namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// The seeding host's clock: the system's, except inside <see cref="Pin"/>, where it says a moment of the past. History is
/// written through the portal's own audit trail, which stamps events with its <see cref="TimeProvider"/>; pinning the
/// clock (for this async flow only) is how a year-old card gets a year-old audit event without forging the chain.
/// </summary>
internal sealed class DemoClock : TimeProvider
{
    private readonly AsyncLocal<DateTimeOffset?> _pinned = new();

    public override DateTimeOffset GetUtcNow() => _pinned.Value ?? TimeProvider.System.GetUtcNow();

    /// <summary>Until disposed, this async flow reads <paramref name="at"/> as now; other flows are not affected.</summary>
    public IDisposable Pin(DateTimeOffset at)
    {
        var previous = _pinned.Value;
        _pinned.Value = at;
        return new Unpin(this, previous);
    }

    private sealed class Unpin(DemoClock clock, DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => clock._pinned.Value = previous;
    }
}
