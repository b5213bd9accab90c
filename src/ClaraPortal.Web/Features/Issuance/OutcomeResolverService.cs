using ClaraPortal.Web.Features.Companies;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Issuance;

/// <summary>
/// Runs <see cref="OutcomeResolver.ResolveDueAsync"/> for every company every <see cref="OutcomeResolverOptions.Interval"/>, starting
/// right after start (rows left by a process that was stopped mid-call are settled first). A failed pass is logged and
/// the loop goes on: the portal never stops because Clara or the database had a bad moment.
/// </summary>
internal sealed partial class OutcomeResolverService(
    IServiceScopeFactory scopes,
    PortalCompanies companies,
    IOptions<OutcomeResolverOptions> options,
    TimeProvider time,
    ILogger<OutcomeResolverService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            foreach (var company in companies.All)
            {
                await PassAsync(company, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One company's pass: its rows, replayed through a Clara client acting for it.</summary>
    private async Task PassAsync(PortalCompany company, CancellationToken stoppingToken)
    {
        try
        {
            // A pass is a unit of work: drain what is due, a batch at a time, then wait for the next tick.
            ResolverPass pass;
            do
            {
                await using var scope = scopes.CreateCompanyScope(company);
                pass = await scope.ServiceProvider.GetRequiredService<OutcomeResolver>().ResolveDueAsync(ct: stoppingToken);
            }
            while (pass.Looked >= options.Value.BatchSize && pass.Settled > 0 && !stoppingToken.IsCancellationRequested);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogPassFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An outcome resolver pass failed; trying again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
