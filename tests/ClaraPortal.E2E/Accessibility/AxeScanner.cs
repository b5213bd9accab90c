using Deque.AxeCore.Commons;
using Newtonsoft.Json.Linq;

namespace ClaraPortal.E2E.Accessibility;

/// <summary>
/// Runs axe-core's WCAG 2.1 A and AA rules on what the browser shows now and keeps every serious or critical
/// violation, named by where it was found, so one run reports all of them rather than the first.
/// </summary>
/// <remarks>
/// The axe-core that Deque.AxeCore.Playwright bundles (4.14), run in the page directly: the package's
/// <c>page.RunAxe()</c> injects the 500 kB script twice and opens a second page on every call (its iframe-aware
/// "partial" run), which made a scan take seconds even on the sign-in form. The portal has no iframes; the script is
/// injected once per document, and the results are read into the package's own <see cref="AxeResult"/>.
/// </remarks>
public sealed class AxeScanner
{
    private static readonly string AxeSource = new BundledAxeScriptProvider().GetScript();

    private static readonly object Wcag21AA = new
    {
        runOnly = new { type = "tag", values = new[] { "wcag2a", "wcag2aa", "wcag21a", "wcag21aa" } },
        resultTypes = new[] { "violations" },
    };

    private static readonly HashSet<string> Blocking = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    private readonly List<string> _violations = [];

    /// <summary>Every place scanned, in order (the test says what it covered when it fails).</summary>
    public List<string> Scanned { get; } = [];

    public IReadOnlyList<string> Violations => _violations;

    public async Task ScanAsync(IPage page, string where)
    {
        ArgumentNullException.ThrowIfNull(page);
        await SettleAsync(page);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource);
        }

        // As a JSON string: Playwright's own transfer of the object would mark nodes shared between rules as references.
        var raw = await page.EvaluateAsync<string>("options => axe.run(document, options).then(JSON.stringify)", Wcag21AA);
        var result = new AxeResult(JObject.Parse(raw));
        Scanned.Add(where);
        foreach (var rule in result.Violations.Where(v => Blocking.Contains(v.Impact ?? "")))
        {
            foreach (var node in rule.Nodes)
            {
                _violations.Add($"{where}: {rule.Id} ({rule.Impact}) at {node.Target} — {rule.Help}\n    {Why(node)}\n    {Shorten(node.Html)}");
            }
        }
    }

    /// <summary>Fails with every violation found, one a line.</summary>
    public void AssertNone()
    {
        Assert.True(
            _violations.Count == 0,
            $"{_violations.Count} serious or critical axe violations (WCAG 2.1 AA):\n{string.Join('\n', _violations)}\n\nScanned: {string.Join(", ", Scanned)}");
    }

    // The page is scanned as a user meets it: the circuit live, the loading bars gone and MudBlazor's transitions over.
    private static async Task SettleAsync(IPage page)
    {
        var loading = page.Locator(".mud-progress-linear.mud-progress-indeterminate, .mud-skeleton");
        try
        {
            await Assertions.Expect(loading).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            // A page that keeps a loading bar (a report still running) is scanned as it is.
        }

        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 300)))");
    }

    // What axe found wrong at the node: the messages of its failed checks (contrast ratios, the missing name).
    private static string Why(AxeResultNode node) =>
        string.Join("; ", new[] { node.Any, node.All, node.None }
            .Where(checks => checks is not null)
            .SelectMany(checks => checks)
            .Select(check => check.Message)
            .Where(message => !string.IsNullOrEmpty(message)));

    private static string Shorten(string? html) =>
        html is null ? "" : html.Length <= 400 ? html : html[..400] + "…";
}
