using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;

namespace ClaraPortal.E2E.Infrastructure;

/// <summary>
/// The portal as a newcomer runs it: its own process, Development environment, the embedded identity
/// provider and Clara sandbox, a fresh SQLite file, on free loopback ports.
/// </summary>
public sealed partial class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();

    private PortalProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the portal keeps its SQLite file and the sandbox its certificates.</summary>
    public string DataDirectory { get; }

    /// <summary>The repository checkout the portal was built from.</summary>
    public static string RepositoryRoot =>
        Path.GetFullPath(Path.Combine(Metadata(typeof(PortalProcess).Assembly, "PortalProjectDirectory"), "..", ".."));

    public string DatabasePath => Path.Combine(DataDirectory, "clara-portal.db");

    /// <summary>
    /// Where the embedded sandbox listens and keeps its certificates: the portal says so in its log as it starts (the
    /// port is chosen then).
    /// </summary>
    public (Uri Address, string CertificatesDirectory) Sandbox =>
        SandboxLine().Match(Output) is { Success: true } line
            ? (new Uri(line.Groups["url"].Value.TrimEnd('/') + "/"), line.Groups["certificates"].Value)
            : throw new InvalidOperationException($"The portal did not say where its sandbox is:\n{Output}");

    /// <summary>Everything the portal wrote to stdout and stderr so far (its logs).</summary>
    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="settings">Extra settings for this portal (environment variables, e.g. <c>Clara__MaxRetries</c>).</param>
    public static async Task<PortalProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, CancellationToken cancellationToken = default)
    {
        var assembly = typeof(PortalProcess).Assembly;
        var portalDll = Metadata(assembly, "PortalAssemblyPath");
        var projectDirectory = Metadata(assembly, "PortalProjectDirectory");
        if (!File.Exists(portalDll))
        {
            throw new InvalidOperationException($"The portal is not built: {portalDll} is missing.");
        }

        // A port found free can be taken before the portal binds it (another test, the portal's own sandbox): then the
        // portal exits with "address already in use", and it is started again on another port.
        for (var attempt = 1; ; attempt++)
        {
            var portal = Launch(portalDll, projectDirectory, settings);
            try
            {
                await portal.WaitUntilLiveAsync(cancellationToken);
                return portal;
            }
            catch (InvalidOperationException) when (attempt < 3 && portal.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await portal.DisposeAsync();
            }
        }
    }

    private static PortalProcess Launch(string portalDll, string projectDirectory, IReadOnlyDictionary<string, string>? settings)
    {
        var port = FreeTcpPort();
        var baseAddress = new Uri($"http://localhost:{port}");
        var dataDirectory = Directory.CreateTempSubdirectory("clara-e2e-").FullName;

        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = projectDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(portalDll);
        startInfo.ArgumentList.Add("--contentRoot");
        startInfo.ArgumentList.Add(projectDirectory);
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["urls"] = baseAddress.ToString().TrimEnd('/');
        startInfo.Environment["Portal__DataDirectory"] = dataDirectory;
        startInfo.Environment["Sandbox__Url"] = "https://127.0.0.1:0";
        startInfo.Environment["Sandbox__DataDirectory"] = Path.Combine(dataDirectory, "sandbox");
        startInfo.Environment["Logging__LogLevel__Default"] = "Information";
        // A short window for a recent sign-in, so a journey that reveals a card meets the "sign in again" step for real
        // (see PortalFixture.RevealSignInWithin).
        startInfo.Environment["Portal__Reveal__SignInWithin"] = PortalFixture.RevealSignInWithin.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet did not start.");
        var portal = new PortalProcess(process, baseAddress, dataDirectory);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        return portal;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilLiveAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                // Healthy, not just 200: Degraded means the catalog has not arrived from the sandbox yet.
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK
                    && await response.Content.ReadAsStringAsync(cancellationToken) == "Healthy")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow first answer while the app warms up.
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"The portal did not become ready at {BaseAddress}:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the temp folder is cleaned by the OS later.
        }
    }

    private static string Metadata(Assembly assembly, string key) =>
        assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata {key} is missing.");

    [System.Text.RegularExpressions.GeneratedRegex(@"embedded Clara sandbox at (?<url>https://\S+) \(certificates in (?<certificates>[^)]+)\)")]
    private static partial System.Text.RegularExpressions.Regex SandboxLine();

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
