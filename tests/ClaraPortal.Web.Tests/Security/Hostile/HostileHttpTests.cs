using System.Net;
using ClaraPortal.Web.Tests.Hosting;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// Every HTTP endpoint and the pages that read their address, over real HTTP as a signed-in Admin (who may open them
/// all), fed the hostile catalogue in their query: never a 5xx, and every redirect stays on the portal.
/// </summary>
public sealed class HostileHttpTests(SignedInPortal portal) : IClassFixture<SignedInPortal>
{
    /// <summary>Texts that can travel in an address (a lone surrogate cannot be UTF-8 encoded; a megabyte is no address).</summary>
    private static IEnumerable<string> AddressTexts => HostileInputs.Texts.Keys.Where(k => k is not ("lone-surrogate" or "oversized-1m"));

    public static TheoryData<string> ReturnUrlCases() => [.. Enumerable.Range(0, HostileInputs.ReturnUrls.Count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public static TheoryData<string, string> HistoryExportCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var parameter in new[] { "ref", "user", "currency", "sort", "format", "tab", "action" })
        {
            foreach (var text in AddressTexts)
            {
                data.Add(parameter, "text:" + text);
            }
        }

        foreach (var parameter in new[] { "min", "max", "supplier", "funding" })
        {
            foreach (var amount in HostileInputs.AmountTexts)
            {
                data.Add(parameter, "raw:" + amount);
            }
        }

        foreach (var parameter in new[] { "from", "to" })
        {
            foreach (var date in HostileInputs.DateTexts)
            {
                data.Add(parameter, "raw:" + date);
            }
        }

        return data;
    }

    public static TheoryData<string> ReportExportCases() => [.. AddressTexts];

    public static TheoryData<string, string> PageCases()
    {
        var data = new TheoryData<string, string>();
        string[] pages = ["/history", "/history?tab=events", "/cards", "/approvals", "/my-requests", "/catalog/suppliers", "/reports", "/policy", "/admin/companies", "/"];
        string[] values = ["script-tag", "sql-drop", "oversized-10k", "rtl-override", "nul", "crlf-header-injection", "format-string", "card-number"];
        foreach (var page in pages)
        {
            foreach (var value in values)
            {
                data.Add(page, value);
            }

            data.Add(page, "numbers");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReturnUrlCases))]
    public async Task The_culture_switch_never_leaves_the_portal_nor_fails(string index)
    {
        var target = HostileInputs.ReturnUrls[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        var browser = await portal.BrowserAsync(null);

        using var response = await browser.GetAsync(new Uri($"/culture/set?culture=es-MX&redirectUri={Uri.EscapeDataString(target)}", UriKind.Relative));

        AssertNoServerError(response, target);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        AssertStaysHere(response, target);
    }

    [Theory]
    [MemberData(nameof(ReturnUrlCases))]
    public async Task The_sign_in_form_keeps_only_local_return_urls(string index)
    {
        var target = HostileInputs.ReturnUrls[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        var browser = await portal.BrowserAsync(null);

        using var response = await browser.GetAsync(new Uri($"/account/login?returnUrl={Uri.EscapeDataString(target)}", UriKind.Relative));

        AssertNoServerError(response, target);
        var kept = PortalLogin.Field(await response.Content.ReadAsStringAsync(), "returnUrl");
        Assert.True(IsLocal(kept), $"The sign-in form would send the user to {kept}.");
    }

    [Theory]
    [MemberData(nameof(ReturnUrlCases))]
    public async Task Cultures_that_are_not_offered_are_ignored(string index)
    {
        var culture = HostileInputs.ReturnUrls[int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        var browser = await portal.BrowserAsync(null);

        using var response = await browser.GetAsync(new Uri($"/culture/set?culture={Uri.EscapeDataString(culture)}&redirectUri=%2F", UriKind.Relative));

        AssertNoServerError(response, culture);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.Contains("Culture", StringComparison.Ordinal)),
            $"The culture {culture} was set.");
    }

    [Theory]
    [MemberData(nameof(HistoryExportCases))]
    public async Task The_history_export_answers_every_hostile_view_without_a_server_error(string parameter, string value)
    {
        var browser = await portal.BrowserAsync("admin");
        var query = parameter == "format" ? $"format={Encode(value)}" : $"format=csv&{parameter}={Encode(value)}";

        using var response = await browser.GetAsync(new Uri($"/history/export?{query}", UriKind.Relative));

        AssertNoServerError(response, $"{parameter}={value}");
        if (response.IsSuccessStatusCode)
        {
            // Streamed: a failure after the headers shows as a cut body, not a status. The file must be whole.
            Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Theory]
    [MemberData(nameof(ReportExportCases))]
    public async Task The_report_export_answers_unknown_reports_and_hostile_filters_with_a_client_error(string text)
    {
        var browser = await portal.BrowserAsync("admin");

        using var unknown = await browser.GetAsync(new Uri($"/reports/{Guid.NewGuid()}/export?format=csv&filter={Encode("text:" + text)}", UriKind.Relative));
        using var notAnId = await browser.GetAsync(new Uri($"/reports/{Encode("text:" + text)}/export?format=csv", UriKind.Relative));

        AssertNoServerError(unknown, text);
        Assert.InRange((int)unknown.StatusCode, 400, 499);
        AssertNoServerError(notAnId, text);
    }

    [Theory]
    [MemberData(nameof(PageCases))]
    public async Task Pages_read_hostile_addresses_without_a_server_error(string page, string value)
    {
        var browser = await portal.BrowserAsync("admin");
        var parameters = value == "numbers"
            ? string.Join('&', HostileInputs.AmountTexts.Select((a, i) => $"{(i % 2 == 0 ? "min" : "max")}={Uri.EscapeDataString(a)}")
                .Concat(HostileInputs.DateTexts.Select((d, i) => $"{(i % 2 == 0 ? "from" : "to")}={Uri.EscapeDataString(d)}"))
                .Append("page=-1&pageSize=999999999&supplier=99999999999999999999999&status=9&template=-5"))
            : string.Join('&', new[] { "ref", "user", "search", "status", "sort", "dir", "currency", "action", "q", "kind" }
                .Select(p => $"{p}={Uri.EscapeDataString(HostileInputs.Texts[value])}"));
        var separator = page.Contains('?', StringComparison.Ordinal) ? '&' : '?';

        using var response = await browser.GetAsync(new Uri($"{page}{separator}{parameters}", UriKind.Relative));

        AssertNoServerError(response, $"{page} with {value}");
        // Ten parameters of 10,000 characters pass Kestrel's request-line limit: 414 is its clear answer.
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.RequestUriTooLong, $"{page} with {value}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health/ready?details=true&x=%3Cscript%3E")]
    [InlineData("/health/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("/account/logout")]
    [InlineData("/signin-oidc?code=forged&state=forged")]
    [InlineData("/signin-oidc?error=%3Cscript%3E")]
    [InlineData("/_blazor?id=forged")]
    public async Task Anonymous_requests_to_the_open_endpoints_get_no_server_error(string path)
    {
        var browser = await portal.BrowserAsync(null);

        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        AssertNoServerError(response, path);
    }

    private static string Encode(string value) =>
        value.StartsWith("raw:", StringComparison.Ordinal) ? Uri.EscapeDataString(value[4..]) : Uri.EscapeDataString(HostileInputs.Texts[value[5..]]);

    private static void AssertNoServerError(HttpResponseMessage response, string input) =>
        Assert.True((int)response.StatusCode < 500, $"{response.RequestMessage!.RequestUri!.AbsolutePath} answered {(int)response.StatusCode} for {HostileInputs.Describe(input)}.");

    private static void AssertStaysHere(HttpResponseMessage response, string input)
    {
        var location = response.Headers.Location!.OriginalString;
        Assert.True(IsLocal(location), $"{HostileInputs.Describe(input)} redirected to {location}.");
    }

    // "~/…" is the application's root (LocalRedirect resolves it against the path base), so it is as local as "/…".
    private static bool IsLocal(string url) => url.StartsWith("~/", StringComparison.Ordinal) ? IsRooted(url[1..]) : IsRooted(url);

    private static bool IsRooted(string url) =>
        url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal) && !url.Contains('\n') && !url.Contains('\r');
}
