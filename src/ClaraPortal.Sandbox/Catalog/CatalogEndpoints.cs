using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Purchases;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClaraPortal.Sandbox.Catalog;

/// <summary>GET /v1/vcn?companyDetail=ALL|RCN|TEMPLATE|SUPPLIER. Sections not asked for come back as empty lists.</summary>
internal static class CatalogEndpoints
{
    public static void MapCatalog(this IEndpointRouteBuilder api) => api.MapGet("", Get);

    private static ApiResponse Get(HttpContext context, SandboxState state, SandboxClock clock)
    {
        var company = context.Company();
        var detail = context.Request.Query["companyDetail"].ToString();
        detail = string.IsNullOrEmpty(detail) ? "ALL" : detail.ToUpperInvariant();
        if (detail is not ("ALL" or "RCN" or "TEMPLATE" or "SUPPLIER"))
        {
            return ApiResponse.Validation(clock.Now, new FieldIssue("companyDetail", "one of ALL, RCN, TEMPLATE, SUPPLIER"));
        }

        IReadOnlyList<RcnDto> rcns = [];
        if (detail is "ALL" or "RCN")
        {
            lock (state.Gate)
            {
                var now = clock.Now;
                rcns = [.. company.Rcns.Select(r => new RcnDto(r.Id, r.Alias, r.Last4, r.Currency,
                    PurchaseLedger.AvailableCredit(r, state.Purchases.Values, now), r.Status))];
            }
        }

        return ApiResponse.Ok(new CatalogResponse(
            rcns,
            detail is "ALL" or "SUPPLIER" ? company.Suppliers : [],
            detail is "ALL" or "TEMPLATE" ? company.Templates : []));
    }
}
