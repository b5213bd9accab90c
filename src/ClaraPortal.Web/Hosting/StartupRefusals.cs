using ClaraPortal.Clara;

namespace ClaraPortal.Web.Hosting;

/// <summary>
/// Settings that are safe on a developer's machine and dangerous anywhere else. Outside Development the portal refuses
/// to start with any of them, naming the setting, rather than run with a published password or a known Clara secret.
/// </summary>
public static class StartupRefusals
{
    public const string DevelopmentProviderSetting = "Identity:DevelopmentProvider:Enabled";
    public const string ClaraBaseUrlSetting = "Clara:BaseUrl";
    public const string AllowedHostsSetting = "AllowedHosts";

    /// <summary>Every refusal that applies, so an operator fixes them in one pass; empty in Development.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return [];
        }

        var refusals = new List<string>();
        if (configuration.GetValue<bool?>(DevelopmentProviderSetting) == true)
        {
            refusals.Add($"{DevelopmentProviderSetting} is on in the {environment.EnvironmentName} environment. The embedded "
                + "identity provider signs anyone in with a published demo password (Admin included) and runs only in Development. "
                + "Turn it off and set Authentication:OpenIdConnect:Authority to your identity provider.");
        }

        if (string.IsNullOrWhiteSpace(configuration[ClaraBaseUrlSetting]))
        {
            refusals.Add($"{ClaraBaseUrlSetting} is empty in the {environment.EnvironmentName} environment. Without it the portal would "
                + "start the embedded Clara sandbox, whose client secret is known; it runs only in Development. "
                + $"Set {ClaraBaseUrlSetting} and the Clara credentials ({ClaraClientOptions.SectionName}:ClientId, ClientSecret, ClientCertificatePath).");
        }

        var hosts = configuration[AllowedHostsSetting];
        if (string.IsNullOrWhiteSpace(hosts) || hosts.Split(';', StringSplitOptions.TrimEntries).Any(h => h is "*" or ""))
        {
            refusals.Add($"{AllowedHostsSetting} is '{hosts}' in the {environment.EnvironmentName} environment. List the host names "
                + "the portal is reached at (e.g. \"portal.example.com\"), separated by ';': a wildcard accepts any Host header, "
                + "which poisons absolute links such as the sign-in redirect.");
        }

        refusals.AddRange(PortalDataProtection.Refusals(configuration, environment));
        return refusals;
    }

    /// <summary>Throws when <see cref="Find"/> finds anything: called while the host is composed, before anything listens.</summary>
    public static void ThrowIfAny(IConfiguration configuration, IHostEnvironment environment)
    {
        var refusals = Find(configuration, environment);
        if (refusals.Count > 0)
        {
            throw new PortalStartupRefusedException(refusals);
        }
    }
}

/// <summary>The portal would start unsafely; the message names each setting to fix.</summary>
public sealed class PortalStartupRefusedException(IReadOnlyList<string> refusals)
    : InvalidOperationException("The portal refuses to start:" + string.Concat(refusals.Select(r => Environment.NewLine + " - " + r)))
{
    public IReadOnlyList<string> Refusals { get; } = refusals;
}
