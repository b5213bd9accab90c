namespace ClaraPortal.Web.Tests.Support;

/// <summary>What a server writes after its response has ended (an export's audit event), waited for rather than raced.</summary>
internal static class Eventually
{
    /// <summary>Asks <paramref name="find"/> every 100 ms for up to 10 s; throws naming <paramref name="what"/> when it never turns up.</summary>
    public static async Task<T> FoundAsync<T>(Func<Task<T?>> find, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(find);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (await find() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No {what} after 10 s.");
    }
}
