using Microsoft.Extensions.Configuration;

namespace ClaraPortal.Sandbox.Tests;

/// <summary>The fault settings bind from configuration (Sandbox__Faults__X) like the standalone sandbox reads them.</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Fault_settings_bind_from_configuration_and_a_configured_status_list_is_the_whole_list()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Faults:ServerErrorRate"] = "0.25",
            ["Sandbox:Faults:ServerErrorStatuses:0"] = "502",
            ["Sandbox:Faults:ServerErrorStatuses:1"] = "504",
            ["Sandbox:Faults:AnswerLostAfterCommitRate"] = "0.1",
            ["Sandbox:Faults:RateLimitBurstRate"] = "0.05",
            ["Sandbox:Faults:RateLimitBurstLength"] = "4",
            ["Sandbox:Faults:ReadAfterWriteLagSeconds"] = "5",
            ["Sandbox:Faults:FailNextReports"] = "2",
        }).Build();

        var options = new SandboxOptions();
        SandboxOptions.Bind(configuration.GetSection(SandboxOptions.SectionName), options);

        Assert.Equal(0.25, options.Faults.ServerErrorRate);
        Assert.Equal([502, 504], options.Faults.ServerErrorStatuses);
        Assert.Equal(0.1, options.Faults.AnswerLostAfterCommitRate);
        Assert.Equal(4, options.Faults.RateLimitBurstLength);
        Assert.Equal(5, options.Faults.ReadAfterWriteLagSeconds);
        Assert.Equal(2, options.Faults.FailNextReports);
    }

    [Fact]
    public void Without_configuration_the_server_errors_are_500_and_503()
    {
        var options = new SandboxOptions();
        SandboxOptions.Bind(new ConfigurationBuilder().Build().GetSection(SandboxOptions.SectionName), options);

        Assert.Equal([500, 503], options.Faults.ServerErrorStatuses);
    }
}
