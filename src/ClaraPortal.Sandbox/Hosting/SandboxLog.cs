using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Hosting;

/// <summary>Every log line of the sandbox, source-generated. None takes a card number, CVV, token or secret.</summary>
internal static partial class SandboxLog
{
    [LoggerMessage(1, LogLevel.Information, "Created sandbox CA, server and client certificates in {Directory}")]
    public static partial void CertificatesCreated(ILogger logger, string directory);

    [LoggerMessage(2, LogLevel.Information, "Clara sandbox listening on {BaseAddress}; certificates in {Directory}")]
    public static partial void Listening(ILogger logger, Uri baseAddress, string directory);

    [LoggerMessage(3, LogLevel.Information, "Refused {Method} {Path}: {Problem}")]
    public static partial void Refused(ILogger logger, string method, string path, string problem);

    [LoggerMessage(4, LogLevel.Information, "Token refused: {Problem}")]
    public static partial void TokenRefused(ILogger logger, string problem);

    [LoggerMessage(5, LogLevel.Warning, "Fault after commit on {Operation} {Path}: {Fault}")]
    public static partial void FaultAfterCommit(ILogger logger, SandboxOperation operation, string fault, string path);

    [LoggerMessage(6, LogLevel.Error, "Unhandled error on {Method} {Path}")]
    public static partial void Unhandled(ILogger logger, Exception exception, string method, string path);

    [LoggerMessage(8, LogLevel.Information, "{Method} {Path} -> {StatusCode} in {ElapsedMs:0} ms")]
    public static partial void Request(ILogger logger, string method, string path, int statusCode, double elapsedMs);

    [LoggerMessage(7, LogLevel.Information, "Clara sandbox ready at {BaseAddress} (client id {ClientId}); CA and client certificate in {Directory}")]
    public static partial void Ready(ILogger logger, Uri baseAddress, string clientId, string directory);
}
