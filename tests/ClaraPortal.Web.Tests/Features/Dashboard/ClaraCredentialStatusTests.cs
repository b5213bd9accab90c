using ClaraPortal.Web.Features.Dashboard;
using Microsoft.Extensions.Time.Testing;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

public sealed class ClaraCredentialStatusTests
{
    private static readonly DateTimeOffset NotAfter = new(2027, 3, 31, 18, 0, 0, TimeSpan.Zero);

    private static ClaraCredentialExpiry At(DateTimeOffset now, TimeZoneInfo? zone = null)
    {
        var time = new FakeTimeProvider(now);
        time.SetLocalTimeZone(zone ?? TimeZoneInfo.Utc);
        return new ClaraCredentialStatus(() => NotAfter, time).Current();
    }

    [Fact]
    public void More_than_thirty_days_ahead_is_ok()
    {
        var expiry = At(NotAfter.AddDays(-200));

        Assert.Equal(ClaraCredentialState.Ok, expiry.State);
        Assert.Equal(200, expiry.DaysLeft);
        Assert.Equal(NotAfter, expiry.NotAfter);
        Assert.Equal(new DateOnly(2027, 3, 31), expiry.ExpiresOn);
    }

    [Fact]
    public void A_moment_over_thirty_days_is_still_ok_and_counts_as_thirty_one()
    {
        var expiry = At(NotAfter.AddDays(-30).AddTicks(-1));

        Assert.Equal(ClaraCredentialState.Ok, expiry.State);
        Assert.Equal(31, expiry.DaysLeft);
    }

    [Fact]
    public void Thirty_days_ahead_is_expiring_soon()
    {
        var expiry = At(NotAfter.AddDays(-30));

        Assert.Equal(ClaraCredentialState.ExpiringSoon, expiry.State);
        Assert.Equal(30, expiry.DaysLeft);
    }

    [Fact]
    public void Hours_left_count_as_one_day_not_zero()
    {
        var expiry = At(NotAfter.AddHours(-5));

        Assert.Equal(ClaraCredentialState.ExpiringSoon, expiry.State);
        Assert.Equal(1, expiry.DaysLeft);
    }

    [Fact]
    public void At_and_after_the_expiry_it_is_expired_with_no_days_left()
    {
        Assert.Equal(ClaraCredentialState.Expired, At(NotAfter).State);
        var later = At(NotAfter.AddDays(12));
        Assert.Equal(ClaraCredentialState.Expired, later.State);
        Assert.Equal(0, later.DaysLeft);
    }

    [Fact]
    public void The_state_follows_the_clock()
    {
        var time = new FakeTimeProvider(NotAfter.AddDays(-45));
        var status = new ClaraCredentialStatus(() => NotAfter, time);
        Assert.Equal(ClaraCredentialState.Ok, status.Current().State);

        time.Advance(TimeSpan.FromDays(20));
        Assert.Equal(ClaraCredentialState.ExpiringSoon, status.Current().State);

        time.Advance(TimeSpan.FromDays(25));
        Assert.Equal(ClaraCredentialState.Expired, status.Current().State);
    }

    [Fact]
    public void The_expiry_date_is_read_in_the_portals_time_zone()
    {
        // 18:00 UTC on March 31 is already April 1 east of UTC+6.
        var tokyo = TimeZoneInfo.CreateCustomTimeZone("UTC+9", TimeSpan.FromHours(9), "UTC+9", "UTC+9");

        Assert.Equal(new DateOnly(2027, 4, 1), At(NotAfter.AddDays(-100), tokyo).ExpiresOn);
    }
}
