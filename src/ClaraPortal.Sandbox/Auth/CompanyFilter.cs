using ClaraPortal.Sandbox.Catalog;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Http;

namespace ClaraPortal.Sandbox.Auth;

/// <summary>
/// X-Tax-Identifier selects the company a call acts for: absent = the company owning the
/// credentials; a subsidiary's RFC = that subsidiary; anything else = 403.
/// </summary>
internal sealed class CompanyFilter(SandboxCatalog catalog, SandboxClock clock) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var taxId = context.HttpContext.Request.Headers[WireValues.HeaderTaxIdentifier].ToString();
        if (catalog.FindByTaxId(taxId) is not { } company)
        {
            return ValueTask.FromResult<object?>(ApiResponse.Error(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                "These credentials may not act for that tax identifier", clock.Now,
                [new FieldIssue(WireValues.HeaderTaxIdentifier, "unknown or not a subsidiary")]));
        }

        context.HttpContext.Items[typeof(Company)] = company;
        return next(context);
    }
}

internal static class CompanyHttpContextExtensions
{
    public static Company Company(this HttpContext context) =>
        context.Items[typeof(Company)] as Company ?? throw new InvalidOperationException("CompanyFilter did not run for this endpoint.");
}
