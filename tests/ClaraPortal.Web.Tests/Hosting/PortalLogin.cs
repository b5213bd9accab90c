using System.Net;
using System.Text.RegularExpressions;

namespace ClaraPortal.Web.Tests.Hosting;

/// <summary>Signing in over HTTP as a browser does: the code flow to the provider's login form, the form, and back.</summary>
internal static partial class PortalLogin
{
    /// <summary>Opens <paramref name="path"/>, follows the flow to the login form and submits it; returns the final page.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string path, string username, string password = "Demo!2026")
    {
        var login = await FollowAsync(browser, await browser.GetAsync(new Uri(path, UriKind.Relative)));
        Assert.Equal("/account/login", login.RequestMessage!.RequestUri!.AbsolutePath);
        var form = await login.Content.ReadAsStringAsync();
        return await FollowAsync(browser, await browser.PostAsync(new Uri("/account/login", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Field(form, "__RequestVerificationToken"),
            ["returnUrl"] = Field(form, "returnUrl"),
            ["username"] = username,
            ["password"] = password,
        })));
    }

    // A client that does not follow redirects itself (to see one) is walked through the flow's.
    private static async Task<HttpResponseMessage> FollowAsync(HttpClient browser, HttpResponseMessage response)
    {
        for (var hops = 0; response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found && hops < 5; hops++)
        {
            response = await browser.GetAsync(response.Headers.Location!);
        }

        return response;
    }

    /// <summary>A hidden field's value in a page (an antiforgery token, a return address).</summary>
    public static string Field(string html, string name)
    {
        var match = HiddenField().Matches(html).FirstOrDefault(m => m.Groups["name"].Value == name)
            ?? throw new InvalidOperationException($"No hidden field {name} in the page.");
        return WebUtility.HtmlDecode(match.Groups["value"].Value);
    }

    [GeneratedRegex("<input [^>]*name=\"(?<name>[^\"]+)\" [^>]*value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenField();
}
