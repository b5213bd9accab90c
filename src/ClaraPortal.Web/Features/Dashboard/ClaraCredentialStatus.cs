using ClaraPortal.Clara;

namespace ClaraPortal.Web.Features.Dashboard;

/// <summary>Where the Clara credentials stand: fine, due for renewal soon, or already expired.</summary>
public enum ClaraCredentialState
{
    Ok,
    ExpiringSoon,
    Expired,
}

/// <param name="NotAfter">The moment the client certificate stops being valid.</param>
/// <param name="ExpiresOn">That moment's date in the portal's time zone (what a person reads).</param>
/// <param name="DaysLeft">Whole days left, rounded up (a few hours left is 1 day); 0 once expired.</param>
public sealed record ClaraCredentialExpiry(DateTimeOffset NotAfter, DateOnly ExpiresOn, int DaysLeft, ClaraCredentialState State);

/// <summary>
/// Clara's certificate, key and client secret are downloaded together once and are valid up to 360 days,
/// so the certificate's expiry stands for all three. The portal warns <see cref="WarningDays"/> days ahead,
/// leaving time to download new ones from Clara and update the settings before calls start failing.
/// </summary>
public sealed class ClaraCredentialStatus
{
    public const int WarningDays = 30;

    private readonly Func<DateTimeOffset> _notAfter;
    private readonly TimeProvider _time;

    /// <param name="notAfter">Reads the configured certificate's expiry (see <see cref="ClaraClient.ClientCertificateNotAfter"/>).</param>
    public ClaraCredentialStatus(Func<DateTimeOffset> notAfter, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(notAfter);
        ArgumentNullException.ThrowIfNull(time);
        _notAfter = notAfter;
        _time = time;
    }

    public ClaraCredentialExpiry Current()
    {
        var notAfter = _notAfter();
        var left = notAfter - _time.GetUtcNow();
        var expiresOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(notAfter, _time.LocalTimeZone).DateTime);
        if (left <= TimeSpan.Zero)
        {
            return new(notAfter, expiresOn, 0, ClaraCredentialState.Expired);
        }

        // Rounded up, so "expires in N days" never says 0 while the certificate still works and
        // DaysLeft <= WarningDays holds exactly when the time left is at most WarningDays days.
        var daysLeft = (int)Math.Ceiling(left.TotalDays);
        var state = daysLeft <= WarningDays ? ClaraCredentialState.ExpiringSoon : ClaraCredentialState.Ok;
        return new(notAfter, expiresOn, daysLeft, state);
    }
}
