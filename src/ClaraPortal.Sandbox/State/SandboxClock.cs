namespace ClaraPortal.Sandbox.State;

/// <summary>
/// The sandbox's notion of "now", from the injected TimeProvider so tests can move it. "Today" is the
/// UTC date; rules that compare dates allow one day of slack where a client in the Americas, whose
/// local date is behind UTC in the evening, would otherwise be refused.
/// </summary>
internal sealed class SandboxClock(TimeProvider time)
{
    public TimeProvider TimeProvider => time;

    public DateTimeOffset Now => time.GetUtcNow();

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);
}
