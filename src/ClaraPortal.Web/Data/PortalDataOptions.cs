namespace ClaraPortal.Web.Data;

/// <summary>Where the portal keeps its files (section <c>Portal</c>).</summary>
public sealed class PortalDataOptions
{
    public const string SectionName = "Portal";

    /// <summary>Default: the repository's <c>.data</c> folder, relative to the web project's content root.</summary>
    public const string DefaultDataDirectory = "../../.data";

    /// <summary>Absolute path, resolved at start (see <see cref="Resolve"/>).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary><c>Portal:Database:Provider</c>: <see cref="DatabaseProvider.Sqlite"/> unless configured.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary><c>ConnectionStrings:Portal</c>, or (SQLite only) the file <c>{DataDirectory}/clara-portal.db</c>.</summary>
    public string ConnectionString { get; set; } = "";

    public const string ProviderSetting = SectionName + ":Database:Provider";

    public static PortalDataOptions Resolve(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:{nameof(DataDirectory)}"];
        var dataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory : configured, contentRoot);
        var connectionString = configuration.GetConnectionString("Portal");
        var providerSetting = configuration[ProviderSetting];
        var provider = DatabaseProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(providerSetting) && !Enum.TryParse(providerSetting, ignoreCase: true, out provider))
        {
            throw new InvalidOperationException($"{ProviderSetting} '{providerSetting}' is not one of: {string.Join(", ", Enum.GetNames<DatabaseProvider>())}.");
        }

        if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException($"{ProviderSetting} is PostgreSql but ConnectionStrings:Portal is empty: name the server, e.g. "
                + "\"Host=db.internal;Database=clara_portal;Username=portal;Password=...\".");
        }

        return new PortalDataOptions
        {
            DataDirectory = dataDirectory,
            Provider = provider,
            ConnectionString = string.IsNullOrWhiteSpace(connectionString)
                ? $"Data Source={Path.Combine(dataDirectory, "clara-portal.db")}"
                : connectionString,
        };
    }
}
