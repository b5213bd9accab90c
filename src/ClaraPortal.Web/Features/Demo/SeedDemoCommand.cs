using ClaraPortal.Web.Data.Audit;
using System.Globalization;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Extensions;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// <c>dotnet run --project src/ClaraPortal.Web -- seed-demo --purchases 100000</c>: builds the portal's own host (same
/// configuration and data folder as <c>dotnet run</c>, so the data is there at the next start), migrates the database,
/// starts the embedded sandbox (its own listener; the portal's port is never opened), seeds, prints a summary and exits.
/// Refuses to run against a configured Clara: demo cards are never issued at a real one.
/// </summary>
internal static class SeedDemoCommand
{
    public const string Name = "seed-demo";

    public static bool IsInvoked(IReadOnlyList<string> args) => args.Count > 0 && args[0] == Name;

    /// <returns>0 when seeded (or already there), 1 when seeding failed, 2 for bad arguments or a configuration it refuses.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var interactive = output is null && !Console.IsOutputRedirected;
        output ??= Console.Out;
        var request = DemoSeedRequest.Parse([.. args.Skip(1)], out var hostArgs, out var error);
        if (request is null)
        {
            await output.WriteLineAsync(error);
            await output.WriteLineAsync(DemoSeedRequest.Usage);
            return 2;
        }

        var builder = WebApplication.CreateBuilder(hostArgs);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["Clara:BaseUrl"]))
        {
            await output.WriteLineAsync("seed-demo only seeds the embedded Clara sandbox; Clara:BaseUrl is set, so it would issue cards at that Clara. Nothing done.");
            return 2;
        }

        // The services log every card at Information; a seeding run would drown its own progress line.
        builder.Configuration.AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]);
        builder.Services.AddSingleton<DemoClock>();
        builder.Services.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DemoClock>());
        builder.AddPortal();
        builder.Services.AddDemoSeeding();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await using var app = builder.Build();
            app.Services.GetService<IStartupValidator>()?.Validate();
            var data = app.Services.GetRequiredService<PortalDataOptions>();
            try
            {
                _ = app.Services.GetRequiredService<ClaraIntegration.EmbeddedSandbox>();
            }
            catch (IOException ex)
            {
                await output.WriteLineAsync($"The embedded Clara sandbox could not start ({ex.Message}). Is the portal running? Stop it first: both would write the same sandbox state.");
                return 1;
            }

            await ActivatorUtilities.CreateInstance<DatabaseMigrator>(app.Services).StartAsync(stop.Token);
            // As the portal does at start and stop: the chain's head goes to the checkpoint file around what this appends.
            var checkpoints = app.Services.GetRequiredService<AuditCheckpointWriter>();
            await checkpoints.WriteIfMovedAsync(stop.Token);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Seeding {request.Purchases:N0} demo cards over {request.Months} months into {data.DataDirectory} (embedded sandbox)."));
            var progress = new DemoProgress(output, interactive, TimeProvider.System);
            var report = await app.Services.GetRequiredService<DemoSeeder>().RunAsync(request, progress, stop.Token);
            await checkpoints.WriteIfMovedAsync(CancellationToken.None);
            await PrintAsync(output, report);
            return report.Chain.IsIntact ? 0 : 1;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await output.WriteLineAsync("Stopped. What was written is consistent; run the command again to top up.");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static async Task PrintAsync(TextWriter output, DemoSeedReport report)
    {
        if (report.NothingToDo)
        {
            await output.WriteLineAsync("Already there: every company holds the demo cards asked for. Nothing added.");
        }

        foreach (var company in report.Companies)
        {
            var t = company.Tally;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{company.Company}: {company.Now:N0} demo cards (had {company.Existing:N0}, asked {company.Target:N0}); added {t.HistoryCards:N0} history + {t.LiveCards:N0} today through Clara"));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"    approval requests {t.Approvals:N0} (rejected {t.Rejected:N0}, left pending {t.Pending:N0}), charges {t.Charges:N0} (declined {t.Declined:N0}), cancelled {t.Cancelled:N0}, limits lowered {t.Updated:N0}, refused by Clara {t.Failed:N0}{(t.Deferred > 0 ? $", {t.Deferred:N0} moved to history (credit budget)" : "")}"));
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Audit chain {(report.Chain.IsIntact ? "intact" : $"BROKEN at event {report.Chain.Break!.EventId} ({report.Chain.Break.Kind})")} ({report.Chain.Checked:N0} events). Took {report.Elapsed:m\\:ss}."));
    }
}

internal static class DemoServiceCollectionExtensions
{
    public static IServiceCollection AddDemoSeeding(this IServiceCollection services)
    {
        services.AddSingleton<DemoCast>();
        services.AddSingleton<SandboxCharges>();
        services.AddSingleton<DemoHistoryWriter>();
        services.AddSingleton<DemoLiveActivity>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
