namespace ClaraPortal.Web.Localization;

/// <summary>Where a day begins for the date filters: in the zone the portal shows times in (PortalFormat.Timestamp).</summary>
public static class PortalDays
{
    public static DateTimeOffset Start(DateOnly day, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
