namespace ClaraPortal.Web.Features.Demo;

/// <summary>
/// When past cards were issued: over the last months up to yesterday, more in recent months (the team grew into the
/// portal), few at weekends, in Mexico City office hours.
/// </summary>
internal static class DemoTimeline
{
    /// <summary>Mexico City has kept UTC-6 all year since 2022.</summary>
    private static readonly TimeSpan OfficeOffset = TimeSpan.FromHours(-6);

    public static DateTimeOffset[] Sample(int count, DateTimeOffset now, int months, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var start = now.AddMonths(-months);
        // History ends before today (UTC): today's cards are the live activity's.
        var end = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddMinutes(-1);
        var days = Math.Max(1, (end - start).TotalDays);
        var times = new DateTimeOffset[count];
        for (var i = 0; i < count; i++)
        {
            while (true)
            {
                var position = random.NextDouble();
                var day = start.ToOffset(OfficeOffset).Date.AddDays(Math.Floor(position * days));
                var weight = (0.45 + 0.55 * position) * (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.15 : 1.0);
                if (random.NextDouble() >= weight)
                {
                    continue;
                }

                // Mostly 9:00 to 18:00 local, peaking after lunch... and after the coffee.
                var hour = 8.0 + 11.0 * (random.NextDouble() + random.NextDouble()) / 2;
                var at = new DateTimeOffset(day, OfficeOffset).AddHours(hour).AddSeconds(random.Next(60));
                if (at > start && at < end)
                {
                    times[i] = at.ToUniversalTime();
                    break;
                }
            }
        }

        Array.Sort(times);
        return times;
    }
}
