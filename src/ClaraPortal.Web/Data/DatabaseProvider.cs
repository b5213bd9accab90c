namespace ClaraPortal.Web.Data;

/// <summary>Which database the portal keeps its rows in (<c>Portal:Database:Provider</c>); one build serves both.</summary>
public enum DatabaseProvider
{
    /// <summary>A file in the data folder: one instance, nothing to install (the default).</summary>
    Sqlite,

    /// <summary><c>ConnectionStrings:Portal</c> names the server: several instances share it.</summary>
    PostgreSql,
}
