namespace ClaraPortal.Web.Data;

/// <summary>Where the portal keeps its files (section <c>Portal</c>).</summary>
public sealed class PortalDataOptions
{
    public const string SectionName = "Portal";

    /// <summary>Default: the repository's <c>.data</c> folder, relative to the web project's content root.</summary>
    public const string DefaultDataDirectory = "../../.data";

    /// <summary>Absolute path, resolved at start (see <see cref="Resolve"/>).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary><c>ConnectionStrings:Portal</c>, or the SQLite file <c>{DataDirectory}/clara-portal.db</c>.</summary>
    public string ConnectionString { get; set; } = "";

    public static PortalDataOptions Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:{nameof(DataDirectory)}"];
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : configured, contentRoot);
        var connectionString = configuration.GetConnectionString("Portal");
        return new PortalDataOptions
        {
            DataDirectory = dataDirectory,
            ConnectionString = string.IsNullOrWhiteSpace(connectionString)
                ? $"Data Source={Path.Combine(dataDirectory, "clara-portal.db")}"
                : connectionString,
        };
    }
}
