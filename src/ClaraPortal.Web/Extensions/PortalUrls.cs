namespace ClaraPortal.Web.Extensions;

/// <summary>The portal's own public origins, from the <c>urls</c> setting Kestrel listens on.</summary>
public static class PortalUrls
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>
    /// Every origin in <c>urls</c> (semicolon-separated), wildcard hosts (<c>*</c>, <c>+</c>, 0.0.0.0,
    /// [::]) read as localhost; the first is the one the embedded identity provider uses as issuer.
    /// </summary>
    public static IReadOnlyList<Uri> Origins(IConfiguration configuration)
    {
        var urls = configuration["urls"];
        var origins = (string.IsNullOrWhiteSpace(urls) ? DefaultUrl : urls)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ToOrigin)
            .Distinct()
            .ToList();
        return origins.Count > 0 ? origins : [new Uri(DefaultUrl + "/")];
    }

    private static Uri ToOrigin(string url)
    {
        // Uri rejects "*" and "+" as hosts; Kestrel accepts them as "any address".
        var normalized = url.Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal);
        var uri = new Uri(normalized, UriKind.Absolute);
        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
