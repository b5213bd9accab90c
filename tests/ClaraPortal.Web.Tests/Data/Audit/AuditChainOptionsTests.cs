using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Tests.Data.Audit;

/// <summary>Where the chain key comes from, and a start without one.</summary>
public sealed class AuditChainOptionsTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "clara-portal-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public void Development_creates_a_random_key_beside_the_data_protection_keys_once_and_keeps_it()
    {
        var first = Options(developmentKey: true);
        var keyFile = Path.Combine(_dataDirectory, "keys", AuditChainOptions.DevelopmentKeyFileName);

        Assert.Equal(keyFile, first.ChainKeyFile);
        var bytes = File.ReadAllBytes(keyFile);
        Assert.Equal(32, bytes.Length);
        Assert.NotEqual(new byte[32], bytes);
        Assert.Equal(bytes, File.ReadAllBytes(Options(developmentKey: true).ChainKeyFile!));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        Assert.Equal(Path.Combine(_dataDirectory, "audit", "checkpoints.log"), first.CheckpointPath);
        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromHours(1)), (first.CheckpointInterval, first.VerifyInterval));
    }

    [Fact]
    public void Elsewhere_a_missing_key_stops_the_start_with_what_to_configure()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options(developmentKey: false));

        Assert.Contains("Portal:Audit:ChainKey", failure.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dataDirectory, "keys")));
    }

    [Theory]
    [InlineData("not base64!", "not base64")]
    [InlineData("AAAA", "at least 32")]
    public void A_configured_key_that_cannot_be_used_stops_the_start(string key, string expected)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Options(developmentKey: true, ("ChainKey", key)));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(key, failure.Message.Replace("Portal:Audit:ChainKey", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_key_wins_over_the_development_file_and_keys_the_chain()
    {
        var secret = AuditChainKey.NewSecret();
        var services = Services(developmentKey: true, ("ChainKey", Convert.ToBase64String(secret)), ("CheckpointPath", "elsewhere/cp.log"));

        var key = services.GetRequiredService<AuditChainKey>();

        Assert.Equal(new AuditChainKey(secret).SignEvent([1, 2, 3]), key.SignEvent([1, 2, 3]));
        Assert.False(File.Exists(Path.Combine(_dataDirectory, "keys", AuditChainOptions.DevelopmentKeyFileName)));
        Assert.Equal(Path.Combine(_dataDirectory, "elsewhere", "cp.log"), services.GetRequiredService<AuditCheckpointFile>().Path);
    }

    private AuditChainOptions Options(bool developmentKey, params (string Key, string Value)[] settings) =>
        Services(developmentKey, settings).GetRequiredService<IOptions<AuditChainOptions>>().Value;

    private ServiceProvider Services(bool developmentKey, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>($"{AuditChainOptions.SectionName}:{s.Key}", s.Value)))
            .Build();
        return new ServiceCollection()
            .AddLogging()
            .AddAuditChain(configuration, new PortalDataOptions { DataDirectory = _dataDirectory }, developmentKey)
            .BuildServiceProvider();
    }
}
