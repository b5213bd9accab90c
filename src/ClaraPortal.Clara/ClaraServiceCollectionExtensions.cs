using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Clara;

public static class ClaraServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IClaraClient"/> (singleton) with <see cref="ClaraClientOptions"/> bound from
    /// <paramref name="section"/> (the "Clara" section) and validated when the host starts.
    /// </summary>
    public static IServiceCollection AddClaraClient(this IServiceCollection services, IConfiguration section,
        Action<ClaraClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        var options = services.AddOptions<ClaraClientOptions>().Bind(section);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ClaraClient(
            sp.GetRequiredService<IOptions<ClaraClientOptions>>().Value,
            sp.GetService<ILogger<ClaraClient>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IClaraClient>(sp => sp.GetRequiredService<ClaraClient>());
        return services;
    }
}
