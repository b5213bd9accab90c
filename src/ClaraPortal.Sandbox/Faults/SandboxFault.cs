namespace ClaraPortal.Sandbox;

/// <summary>The API operations a scripted fault can target (<see cref="SandboxFaultOptions.Enqueue"/>).</summary>
public enum SandboxOperation
{
    /// <summary>Matches every operation: the next API call of any kind takes the fault.</summary>
    Any,

    /// <summary>POST submit (and its alias /card).</summary>
    Submit,

    /// <summary>POST {purchaseId}/update.</summary>
    Update,

    /// <summary>POST cancel.</summary>
    Cancel,

    /// <summary>POST report (starting a report).</summary>
    ReportStart,

    /// <summary>Every GET: catalog, purchase details, report pages.</summary>
    Read,
}

/// <summary>How a scripted fault acts on the call that takes it.</summary>
public enum SandboxFaultKind
{
    /// <summary>Answered with a status before any work: nothing happens and nothing is stored under the Idempotency-Key.</summary>
    Status,

    /// <summary>The call is carried out (and its real answer stored under the key), then this caller gets the status instead.</summary>
    StatusAfterCommit,

    /// <summary>The call is carried out, then the connection is aborted: the client sees a transport error after sending.</summary>
    LostAfterCommit,

    /// <summary>The call is carried out, then no answer comes until the client gives up (or the server stops).</summary>
    HangAfterCommit,

    /// <summary>
    /// Answered before any work with a body of the test's own (truncated JSON, wrong types, an HTML error page from a proxy):
    /// nothing happens and nothing is stored under the Idempotency-Key.
    /// </summary>
    Malformed,
}

/// <summary>
/// One deterministic fault for one API call. "After commit" faults run the call first, so a replay with the
/// same Idempotency-Key returns the real first answer; a <see cref="SandboxFaultKind.Status"/> fault changes nothing.
/// </summary>
public sealed record SandboxFault
{
    private SandboxFault(SandboxFaultKind kind, int statusCode, string? contentType = null, string? body = null)
    {
        Kind = kind;
        StatusCode = statusCode;
        ContentType = contentType;
        Body = body;
    }

    /// <summary>The content type answered by a <see cref="SandboxFaultKind.Malformed"/> fault.</summary>
    public string? ContentType { get; }

    /// <summary>The body answered, as is, by a <see cref="SandboxFaultKind.Malformed"/> fault.</summary>
    public string? Body { get; }

    /// <summary>What the fault does.</summary>
    public SandboxFaultKind Kind { get; }

    /// <summary>The HTTP status answered, for <see cref="SandboxFaultKind.Status"/> and <see cref="SandboxFaultKind.StatusAfterCommit"/>; 0 otherwise.</summary>
    public int StatusCode { get; }

    /// <summary>Answered before any work with <paramref name="code"/> (429 and 503 carry Retry-After): nothing happens.</summary>
    public static SandboxFault Status(int code) => new(SandboxFaultKind.Status, CheckStatus(code));

    /// <summary>The call is carried out and its idempotent answer stored, but this caller gets <paramref name="code"/> (e.g. 500, 502, 504).</summary>
    public static SandboxFault StatusAfterCommit(int code) => new(SandboxFaultKind.StatusAfterCommit, CheckStatus(code));

    /// <summary>The call is carried out, then the connection is aborted (<c>HttpContext.Abort()</c>).</summary>
    public static SandboxFault LostAfterCommit { get; } = new(SandboxFaultKind.LostAfterCommit, 0);

    /// <summary>The call is carried out, then held without an answer until the client aborts.</summary>
    public static SandboxFault HangAfterCommit { get; } = new(SandboxFaultKind.HangAfterCommit, 0);

    /// <summary>
    /// Answered before any work with <paramref name="body"/> as <paramref name="contentType"/> and <paramref name="code"/>
    /// (any status, 200 included: a body that breaks the contract under a success status is the nastiest case).
    /// </summary>
    public static SandboxFault Malformed(int code, string contentType, string body)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 200);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 599);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(body);
        return new(SandboxFaultKind.Malformed, code, contentType, body);
    }

    /// <summary>True when the call runs before the fault acts.</summary>
    public bool IsAfterCommit => Kind is not (SandboxFaultKind.Status or SandboxFaultKind.Malformed);

    public override string ToString() => StatusCode == 0 ? Kind.ToString() : $"{Kind} {StatusCode}";

    private static int CheckStatus(int code) =>
        code is >= 400 and <= 599 ? code : throw new ArgumentOutOfRangeException(nameof(code), code, "an error status, 400 to 599");
}
