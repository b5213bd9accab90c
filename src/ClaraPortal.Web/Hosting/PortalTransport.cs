using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Hosting;

/// <summary>
/// The reverse proxies whose X-Forwarded-For/-Proto the portal believes, bound from <c>Portal:KnownProxies</c> (IP addresses
/// or CIDR networks). Nobody else's: a forged X-Forwarded-Proto from a browser must not make the portal think it is on https.
/// </summary>
public sealed class PortalProxyOptions : System.ComponentModel.DataAnnotations.IValidatableObject
{
    public const string SectionName = "Portal";

    public List<string> KnownProxies { get; } = [];

    public IEnumerable<System.ComponentModel.DataAnnotations.ValidationResult> Validate(System.ComponentModel.DataAnnotations.ValidationContext validationContext)
    {
        foreach (var (entry, index) in KnownProxies.Select((e, i) => (e, i)))
        {
            if (!IPAddress.TryParse(entry, out _) && !IPNetwork.TryParse(entry, out _))
            {
                yield return new($"{SectionName}:KnownProxies:{index} '{entry}' is neither an IP address nor a CIDR network (e.g. 10.0.0.5 or 10.0.0.0/24).",
                    [nameof(KnownProxies)]);
            }
        }
    }
}

/// <summary>
/// TLS as the browser sees it. Outside Development: every cookie Secure, HSTS, plain http redirected to https, and the
/// scheme and client address taken from the configured proxies only, so behind a TLS-terminating proxy the OIDC redirect
/// URI stays https.
/// </summary>
public static class PortalTransport
{
    /// <summary>Secure always outside Development; on a developer's plain-http loopback, as the request came.</summary>
    public static CookieSecurePolicy CookieSecurePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest : Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;

    public static IServiceCollection AddPortalTransport(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddOptions<PortalProxyOptions>()
            .BindConfiguration(PortalProxyOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<PortalProxyOptions>>((forwarded, proxies) =>
        {
            // Host is not taken from a proxy: AllowedHosts has already checked the Host header the proxy passes on.
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured counts.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in proxies.Value.KnownProxies)
            {
                if (IPAddress.TryParse(entry, out var address))
                {
                    forwarded.KnownProxies.Add(address);
                }
                else
                {
                    forwarded.KnownIPNetworks.Add(IPNetwork.Parse(entry));
                }
            }
        });

        var securePolicy = CookieSecurePolicy(environment);
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = securePolicy);
        // Cookies the portal appends itself (the culture choice) follow the same rule.
        services.Configure<CookiePolicyOptions>(o => o.Secure = securePolicy == Microsoft.AspNetCore.Http.CookieSecurePolicy.Always
            ? Microsoft.AspNetCore.Http.CookieSecurePolicy.Always
            : Microsoft.AspNetCore.Http.CookieSecurePolicy.None);
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false; // the portal does not speak for sibling hosts of the bank
        });
        return services;
    }

    /// <summary>First in the pipeline: everything after it sees the browser's scheme and address.</summary>
    public static WebApplication UsePortalTransport(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseCookiePolicy();
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
            // Probes of a load balancer speak plain http to the pod; everything a browser opens goes to https.
            app.UseWhen(context => !context.Request.Path.StartsWithSegments("/health"), branch => branch.UseHttpsRedirection());
        }

        return app;
    }
}
