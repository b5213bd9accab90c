namespace ClaraPortal.E2E.Infrastructure;

/// <summary>One running portal and one Chromium for the whole browser suite; each test gets its own context.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public PortalProcess Portal { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    private readonly System.Collections.Concurrent.ConcurrentBag<(string Number, string Cvv)> _revealed = [];

    /// <summary>Card numbers and CVVs the browser saw, for the scan of the database and logs.</summary>
    public IReadOnlyCollection<(string Number, string Cvv)> RevealedCards => _revealed;

    public void RememberRevealed(string number, string cvv) => _revealed.Add((number, cvv));

    /// <summary>
    /// How recent a sign-in a reveal asks for in the portal under test: long enough for the page to come back from the
    /// provider and reveal, short enough that a journey can outlast it to meet the "sign in again" step.
    /// </summary>
    public static TimeSpan RevealSignInWithin { get; } = TimeSpan.FromSeconds(30);

    public async Task InitializeAsync()
    {
        Portal = await PortalProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>A fresh browser profile (no cookies) pointed at the portal (or at <paramref name="portal"/>).</summary>
    public async Task<IPage> NewPageAsync(PortalProcess? portal = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (portal ?? Portal).BaseAddress.ToString(),
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Runs one browser journey in a fresh profile; a failure leaves a screenshot of what the user saw
    /// under TestResults/screenshots, and the context is always closed.
    /// </summary>
    public async Task WithPageAsync(string journey, Func<IPage, Task> body, PortalProcess? portal = null)
    {
        var page = await NewPageAsync(portal);
        try
        {
            await body(page);
        }
        catch
        {
            var folder = Path.Combine(PortalProcess.RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, journey + ".png"), FullPage = true });
            throw;
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// A journey of several people at once, each in their own browser profile (as on their own machines); a failure
    /// leaves a screenshot of every one of them.
    /// </summary>
    public async Task WithPagesAsync(string journey, int people, Func<IReadOnlyList<IPage>, Task> body)
    {
        var pages = new List<IPage>();
        for (var i = 0; i < people; i++)
        {
            pages.Add(await NewPageAsync());
        }

        try
        {
            await body(pages);
        }
        catch
        {
            var folder = Path.Combine(PortalProcess.RepositoryRoot, "TestResults", "screenshots");
            Directory.CreateDirectory(folder);
            for (var i = 0; i < pages.Count; i++)
            {
                try
                {
                    await pages[i].ScreenshotAsync(new() { Path = Path.Combine(folder, $"{journey}-{i + 1}.png"), FullPage = true, Timeout = 5_000 });
                }
                catch (Exception shot) when (shot is PlaywrightException or TimeoutException)
                {
                    // A page mid-navigation may not give a picture; the journey's own failure is what matters.
                }
            }

            throw;
        }
        finally
        {
            foreach (var page in pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }
    }

    private static string ChromiumPath()
    {
        const string debianChromium = "/usr/bin/chromium";
        return File.Exists(debianChromium)
            ? debianChromium
            : throw new InvalidOperationException(
                "Browser tests use Debian's Chromium: run `sudo apt-get install -y chromium` (see README).");
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}
