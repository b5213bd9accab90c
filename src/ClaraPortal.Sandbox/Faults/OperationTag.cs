using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Faults;

/// <summary>Endpoint metadata naming the operation, so FaultFilter knows which scripted faults and write faults apply.</summary>
internal sealed record OperationTag(SandboxOperation Operation)
{
    public bool IsWrite => Operation is not (SandboxOperation.Read or SandboxOperation.Any);

    /// <summary>The operation of the endpoint serving <paramref name="context"/>; untagged endpoints are reads.</summary>
    public static SandboxOperation Of(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<OperationTag>()?.Operation ?? SandboxOperation.Read;
}

internal static class OperationTagExtensions
{
    public static RouteHandlerBuilder Is(this RouteHandlerBuilder endpoint, SandboxOperation operation) =>
        endpoint.WithMetadata(new OperationTag(operation));
}
