using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Data.Audit;

/// <summary>Where the chain key comes from: configuration (base64) or a file; in Development a file it creates.</summary>
internal static class AuditChainKeySource
{
    /// <summary>Fills the defaults that depend on the data folder, and creates the development key when it is missing.</summary>
    public static void Resolve(AuditChainOptions options, string dataDirectory, bool createDevelopmentKey)
    {
        options.CheckpointPath = Path.GetFullPath(
            string.IsNullOrWhiteSpace(options.CheckpointPath) ? Path.Combine("audit", "checkpoints.log") : options.CheckpointPath, dataDirectory);
        if (!string.IsNullOrWhiteSpace(options.ChainKeyFile))
        {
            options.ChainKeyFile = Path.GetFullPath(options.ChainKeyFile, dataDirectory);
        }

        if (!createDevelopmentKey || !string.IsNullOrWhiteSpace(options.ChainKey) || !string.IsNullOrWhiteSpace(options.ChainKeyFile))
        {
            return;
        }

        // Beside the data-protection keys: this machine's own secret, never in the repository or the database.
        options.ChainKeyFile = Path.Combine(dataDirectory, "keys", AuditChainOptions.DevelopmentKeyFileName);
        if (!File.Exists(options.ChainKeyFile))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(options.ChainKeyFile)!);
            try
            {
                // Readable by this user only, like the data-protection keys beside it.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(options.ChainKeyFile, create);
                stream.Write(AuditChainKey.NewSecret());
            }
            catch (IOException) when (File.Exists(options.ChainKeyFile))
            {
                // Another process of this data folder created it first: use theirs.
            }
        }
    }

    public static AuditChainKey Load(AuditChainOptions options) => new(ReadSecret(options) ?? throw new OptionsValidationException(
        AuditChainOptions.SectionName, typeof(AuditChainOptions), [AuditChainOptionsValidator.MissingKey]));

    /// <summary>The key bytes, or null when none is configured.</summary>
    public static byte[]? ReadSecret(AuditChainOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.ChainKey))
        {
            return Convert.FromBase64String(options.ChainKey.Trim());
        }

        return !string.IsNullOrWhiteSpace(options.ChainKeyFile) && File.Exists(options.ChainKeyFile)
            ? File.ReadAllBytes(options.ChainKeyFile)
            : null;
    }
}

/// <summary>A start without a usable key fails with a message that says what to configure (never the key itself).</summary>
internal sealed class AuditChainOptionsValidator : IValidateOptions<AuditChainOptions>
{
    public const string MissingKey =
        $"No audit chain key: set {AuditChainOptions.SectionName}:ChainKey (base64, at least 32 bytes) from a secret store, " +
        $"or {AuditChainOptions.SectionName}:ChainKeyFile to a file holding at least 32 random bytes.";

    public ValidateOptionsResult Validate(string? name, AuditChainOptions options)
    {
        byte[]? secret;
        try
        {
            secret = AuditChainKeySource.ReadSecret(options);
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail($"{AuditChainOptions.SectionName}:ChainKey is not base64.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ValidateOptionsResult.Fail($"{AuditChainOptions.SectionName}:ChainKeyFile '{options.ChainKeyFile}' cannot be read: {ex.Message}");
        }

        if (secret is null)
        {
            return ValidateOptionsResult.Fail(!string.IsNullOrWhiteSpace(options.ChainKeyFile)
                ? $"{AuditChainOptions.SectionName}:ChainKeyFile '{options.ChainKeyFile}' does not exist. {MissingKey}"
                : MissingKey);
        }

        if (secret.Length < AuditChainOptions.MinimumKeyBytes)
        {
            return ValidateOptionsResult.Fail($"The audit chain key is {secret.Length} bytes; it must be at least {AuditChainOptions.MinimumKeyBytes}.");
        }

        return options.CheckpointInterval < TimeSpan.Zero || options.VerifyInterval < TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Audit CheckpointInterval and VerifyInterval cannot be negative (zero turns them off).")
            : ValidateOptionsResult.Success;
    }
}
