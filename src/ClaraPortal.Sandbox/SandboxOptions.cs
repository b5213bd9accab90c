using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace ClaraPortal.Sandbox;

/// <summary>
/// Settings of the local Clara sandbox, bindable from the configuration section "Sandbox"
/// (for example <c>Sandbox__Url</c>, <c>Sandbox__Faults__RateLimitBurst</c>). There is no
/// appsettings.json in this project on purpose: the defaults live here.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Listening address. "https://127.0.0.1:0" picks a free port; see <see cref="SandboxServer.BaseAddress"/>.</summary>
    [Required]
    public string Url { get; set; } = "https://localhost:5443";

    /// <summary>Certificates (and, if configured, state). Empty = &lt;repo root&gt;/.data/sandbox.</summary>
    public string DataDirectory { get; set; } = "";

    [Required]
    public string ClientId { get; set; } = "clara-portal-dev";

    [Required]
    public string ClientSecret { get; set; } = "clara-sandbox-secret";

    [Range(1, 86_400)]
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>
    /// Null or empty = state in memory only; else a SQLite file that keeps the state across restarts.
    /// A relative path is taken relative to the data directory (e.g. "state.db" = .data/sandbox/state.db).
    /// </summary>
    public string? PersistencePath { get; set; }

    /// <summary>
    /// The first purchase id of a sandbox without state. Empty = derived from the time of start (later starts begin
    /// higher), so a fresh sandbox never repeats an id an earlier run issued. Tests that need ids to repeat set it.
    /// </summary>
    public long? FirstPurchaseId { get; set; }

    [Range(1, 100_000)]
    public int SupplierCount { get; set; } = 2000;

    /// <summary>Fault injection; see <see cref="SandboxFaultOptions"/>.</summary>
    public SandboxFaultOptions Faults { get; set; } = new();

    /// <summary>
    /// Binds <paramref name="sandboxSection"/> (the "Sandbox" section) into <paramref name="options"/>. Use it instead of a
    /// plain <c>Bind</c>: the configuration binder appends a configured list to a non-empty default, so a configured
    /// <see cref="SandboxFaultOptions.ServerErrorStatuses"/> of [502] would become [500, 503, 502]; here it replaces it.
    /// </summary>
    public static void Bind(IConfiguration sandboxSection, SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(sandboxSection);
        ArgumentNullException.ThrowIfNull(options);
        sandboxSection.Bind(options);
        var statuses = sandboxSection.GetSection($"{nameof(Faults)}:{nameof(SandboxFaultOptions.ServerErrorStatuses)}");
        if (statuses.GetChildren().Any())
        {
            options.Faults.ServerErrorStatuses = statuses.Get<int[]>() ?? [];
        }
    }
}
