using ClaraPortal.Sandbox.Auth;
using ClaraPortal.Sandbox.Contract;
using ClaraPortal.Sandbox.Errors;
using ClaraPortal.Sandbox.Faults;
using ClaraPortal.Sandbox.Idempotency;
using ClaraPortal.Sandbox.Purchases;
using ClaraPortal.Sandbox.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ClaraPortal.Sandbox.Reports;

/// <summary>POST /v1/vcn/report starts a report; GET /v1/vcn/report?reportId=&amp;from=&amp;to= polls it a page at a time.</summary>
internal static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder api)
    {
        api.MapPost("/report", StartAsync).Is(SandboxOperation.ReportStart);
        api.MapGet("/report", Get);
    }

    private static async Task<IResult> StartAsync(HttpContext context, ReportService reports, IdempotencyGuard idempotency, SandboxClock clock)
    {
        var company = context.Company();
        return (await PurchaseEndpoints.WriteAsync<ReportRequestDto>(context, idempotency, clock, "report",
            request => reports.Start(company, request))).Response;
    }

    private static ApiResponse Get(HttpContext context, ReportService reports)
    {
        var query = context.Request.Query;
        return reports.GetPage(context.Company(), query["reportId"], query["from"], query["to"]);
    }
}
