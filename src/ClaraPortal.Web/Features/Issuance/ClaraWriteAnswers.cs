using System.Text.Json;
using ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// How every write (submit, update, cancel) reads what came back from Clara: one rule set, used by each operation.
/// </summary>
public static class ClaraWriteAnswers
{
    /// <summary>
    /// Answers that settle a write as refused (Clara did not act). On a first call the client has already turned every
    /// answer that follows an ambiguous attempt into "unknown", so any refusal but a 409 settles it. A replay's earlier
    /// attempts happened in another call, so there only answers about the request itself (400, 404, 422) settle it.
    /// </summary>
    public static bool SettlesAsRefusal(ClaraApiException ex, bool replay)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return replay ? ex.IsAboutTheRequest : ex.StatusCode != 409;
    }

    /// <summary>A failure that leaves the outcome unknown (anything from Clara's side that is not a settled refusal).</summary>
    public static bool LeavesOutcomeUnknown(Exception ex) =>
        ex is ClaraApiException or ClaraOutcomeUnknownException or HttpRequestException or TimeoutException or OperationCanceledException or JsonException;
}
