using System.Net;
using ClaraPortal.Identity;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security.Hosting;

/// <summary>Failed sign-ins at the embedded provider are logged (name and address, never the password) and limited per pair.</summary>
public sealed class LoginThrottleTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.10");

    [Fact]
    public void The_pair_is_locked_out_after_the_allowed_failures_and_others_are_not()
    {
        using var log = new TestLog();
        using var throttle = new LoginThrottle(log.For<LoginThrottle>());

        for (var i = 0; i < LoginThrottle.FailuresAllowed; i++)
        {
            Assert.False(throttle.IsLockedOut("Issuer", Client));
            throttle.RecordFailure("issuer ", Client);
        }

        Assert.True(throttle.IsLockedOut("ISSUER", Client));
        Assert.False(throttle.IsLockedOut("issuer", IPAddress.Parse("192.0.2.11")));
        Assert.False(throttle.IsLockedOut("approver", Client));
    }

    [Fact]
    public void Each_failure_is_logged_with_the_name_and_address_as_fields()
    {
        using var log = new TestLog();
        using var throttle = new LoginThrottle(log.For<LoginThrottle>());

        throttle.RecordFailure("auditor", Client);

        var entry = Assert.Single(log.Of<LoginThrottle>());
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, entry.Level);
        Assert.Contains("auditor", entry.Message, StringComparison.Ordinal);
        Assert.Contains("192.0.2.10", entry.Message, StringComparison.Ordinal);
    }
}
