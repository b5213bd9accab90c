namespace ClaraPortal.Sandbox.Hosting;

/// <summary>Finds &lt;repo root&gt;/.data/sandbox: the first folder up from the binaries or the working directory holding ClaraPortal.sln.</summary>
internal static class DataDirectory
{
    private const string SolutionFile = "ClaraPortal.sln";

    public static string Resolve(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var root = FindRepoRoot(AppContext.BaseDirectory) ?? FindRepoRoot(Directory.GetCurrentDirectory()) ?? Directory.GetCurrentDirectory();
        return Path.Combine(root, ".data", "sandbox");
    }

    private static string? FindRepoRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
