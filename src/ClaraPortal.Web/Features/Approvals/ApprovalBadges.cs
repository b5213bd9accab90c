namespace ClaraPortal.Web.Features.Approvals;

/// <summary>
/// The circuit's two approval badges: requests this approver can act on, and decisions on the user's own requests not yet
/// seen on "My requests". <see cref="ApprovalNewsListener"/> writes them; the menu's badges read them.
/// </summary>
public sealed class ApprovalBadges
{
    private readonly Lock _gate = new();

    public int Actionable { get; private set; }

    public int UnseenDecisions { get; private set; }

    /// <summary>Raised after a count changed (on whatever thread changed it: readers re-render through InvokeAsync).</summary>
    public event Action? Changed;

    public void SetActionable(int count) => Update(() => Actionable = Math.Max(0, count));

    public void DecisionArrived() => Update(() => UnseenDecisions++);

    public void DecisionsSeen() => Update(() => UnseenDecisions = 0);

    private void Update(Action change)
    {
        lock (_gate)
        {
            var before = (Actionable, UnseenDecisions);
            change();
            if (before == (Actionable, UnseenDecisions))
            {
                return;
            }
        }

        Changed?.Invoke();
    }
}
