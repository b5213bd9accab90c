using ClaraPortal.Benchmarks.Faults;
using Xunit.Abstractions;

namespace ClaraPortal.Web.Tests.Features.Issuance;

/// <summary>
/// A short fault run inside the suite: the benchmark's engine (the real issuance path, a SQLite file, the sandbox over
/// mTLS with persistence) with faults that reach the write path, then the resolver, then both sides compared.
/// </summary>
public sealed class FaultRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_hundred_issuances_under_faults_end_with_no_duplicate_no_lost_and_nothing_unresolved()
    {
        var result = await FaultRun.RunAsync(new FaultRunOptions
        {
            Issuances = 100,
            Users = 4,
            // No client retries: every fault reaches the portal's own write path and the resolver.
            ClientMaxRetries = 0,
            ServerErrorRate = 0.15,
            AnswerLostAfterCommitRate = 0.10,
            RetryAfterSeconds = 0,
        });

        output.WriteLine(result.SummaryLine);
        Assert.Equal(100, result.Requests);
        Assert.Equal(result.Requests, result.Known);
        Assert.Equal(0, result.DuplicateCards);
        Assert.Equal(0, result.LostCards);
        Assert.Equal(0, result.Unresolved);
        Assert.True(result.Passed);
        // The faults did reach the write path: the resolver had unknown outcomes to settle.
        Assert.True(result.ResolverPasses.Sum(p => p.Settled) > 0, "no outcome was left for the resolver");
    }
}
