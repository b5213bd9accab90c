namespace ClaraPortal.Web.Data.Audit;

/// <summary>
/// <c>Portal:Audit</c>: the secret that keys the audit chain, and where and how often its head is checkpointed and the
/// chain verified. The key lives outside the database, so someone who can write the database cannot recompute the chain.
/// </summary>
public sealed class AuditChainOptions
{
    public const string SectionName = "Portal:Audit";

    /// <summary>The key file the development setup creates beside the data-protection keys.</summary>
    public const string DevelopmentKeyFileName = "audit-chain.key";

    /// <summary>Fewest key bytes accepted: HMAC-SHA256 is only as strong as its key.</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>The key as base64 (a secret store's value); takes precedence over <see cref="ChainKeyFile"/>.</summary>
    public string? ChainKey { get; set; }

    /// <summary>A file holding the raw key bytes (a mounted secret). In Development, <c>{DataDirectory}/keys/audit-chain.key</c> by default.</summary>
    public string? ChainKeyFile { get; set; }

    /// <summary>The append-only checkpoint file; default <c>{DataDirectory}/audit/checkpoints.log</c>. Relative paths are under the data folder.</summary>
    public string? CheckpointPath { get; set; }

    /// <summary>How often the chain's head is checkpointed (only when it moved); zero writes the start checkpoint only.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the whole chain is verified in the background; zero turns the schedule off.</summary>
    public TimeSpan VerifyInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long after start the first scheduled verification runs.</summary>
    public TimeSpan FirstVerifyAfter { get; set; } = TimeSpan.FromSeconds(30);
}
