using RestSharp;

namespace ClaraPortal.Clara;

/// <summary>
/// Remembers, across every attempt of one write (retries and the retry after a token renewal), whether any attempt
/// may have reached Clara and been carried out without us hearing so.
/// <para>
/// The rule it serves: once an attempt may have acted, the call's outcome stays unknown unless a later attempt gives a
/// definitive answer. Definitive are a 2xx and the answers that are about the request itself (400, 404, 409, 422),
/// which an idempotent replay returns as the first answer. A 429, 503, 401/403, a timeout or a dropped connection
/// after an ambiguous attempt says nothing about the first attempt, so it is never reported as a failure.
/// </para>
/// </summary>
internal sealed class WriteAmbiguity
{
    private int _mayHaveActed;

    /// <summary>True once any attempt was sent and got no answer, or a 500/502/504.</summary>
    public bool MayHaveActed => Volatile.Read(ref _mayHaveActed) == 1;

    public void Observe(RestResponse response)
    {
        var status = (int)response.StatusCode;
        var ambiguous = status switch
        {
            0 => !ClaraHttp.WasNotSent(response),
            500 or 502 or 504 => true,
            _ => false,
        };
        if (ambiguous)
        {
            Volatile.Write(ref _mayHaveActed, 1);
        }
    }

    /// <summary>
    /// Answers that settle a write even after an ambiguous attempt. A 409 does too within one call: every attempt of a
    /// call sends the same body, so a conflict is about another call's use of the key.
    /// </summary>
    public static bool IsDefinitive(int status) =>
        status is >= 200 and < 300 or 409 || ClaraApiException.IsAnswerAboutTheRequest(status);
}
