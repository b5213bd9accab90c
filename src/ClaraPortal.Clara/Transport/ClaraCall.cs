using RestSharp;

namespace ClaraPortal.Clara;

/// <summary>How a call may be repeated after a failure, which decides its retries and how its failures are reported.</summary>
internal enum CallKind
{
    /// <summary>GETs and the token request: repeating them changes nothing.</summary>
    Read,

    /// <summary>
    /// Every write (submit, update, cancel, report start): always sent with an Idempotency-Key and repeated only with
    /// the same key, so Clara answers the first outcome again instead of acting twice.
    /// </summary>
    IdempotentWrite,
}

/// <summary>One logical call to Clara; each attempt builds a fresh <see cref="RestRequest"/> from it.</summary>
internal sealed record ClaraCall(Method Method, string Resource, CallKind Kind)
{
    /// <summary>The path as sent, without query: what logs and exception messages name.</summary>
    public string LogPath => "/" + Resource;

    public object? JsonBody { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public string? IdempotencyKey { get; init; }

    /// <summary>Sent as X-Tax-Identifier: the subsidiary the call acts for.</summary>
    public string? TaxIdentifier { get; init; }

    /// <summary>Set for the token request, which authenticates with Basic credentials and a form instead.</summary>
    public Action<RestRequest>? Customize { get; init; }

    public string MethodName => Method.ToString().ToUpperInvariant();

    public string Operation => $"{MethodName} {LogPath}";
}
