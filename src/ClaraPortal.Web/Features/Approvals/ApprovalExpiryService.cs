using ClaraPortal.Web.Features.Companies;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Approvals;

/// <summary>Expires pending requests past their time, for every company, every <see cref="ApprovalExpiryOptions.Interval"/>.</summary>
internal sealed partial class ApprovalExpiryService(
    IServiceScopeFactory scopes, PortalCompanies companies, IOptions<ApprovalExpiryOptions> options, TimeProvider time, ILogger<ApprovalExpiryService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            foreach (var company in companies.All)
            {
                try
                {
                    await using var scope = scopes.CreateCompanyScope(company);
                    await scope.ServiceProvider.GetRequiredService<ApprovalService>().ExpireDueAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    // A bad pass (a locked database) must not stop the portal; the next tick tries again.
                    LogPassFailed(logger, ex);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An approval expiry pass failed; trying again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
