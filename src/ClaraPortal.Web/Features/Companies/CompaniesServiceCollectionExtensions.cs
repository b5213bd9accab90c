using ClaraPortal.Clara;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Features.Companies;

public static class CompaniesServiceCollectionExtensions
{
    /// <summary>
    /// The group's companies (<c>Clara:Companies</c>, validated at start), the per-request access rules, and the scope's
    /// Clara client acting for the scope's company. Call after the Clara client is registered.
    /// </summary>
    public static IServiceCollection AddCompanies(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CompaniesOptions>()
            .Bind(configuration.GetSection(CompaniesOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CompaniesOptions>>().Value.ToCompanies());
        services.AddScoped<CompanyChoice>();
        services.AddScoped<CompanyAdministration>();
        services.AddTransient<IClaimsTransformation, CompanyClaimsTransformation>();
        services.Replace(ServiceDescriptor.Scoped<IClaraClient, CompanyClaraClient>());
        return services;
    }

    /// <summary>A scope that works for <paramref name="company"/>: a background job's pass for one company.</summary>
    public static AsyncServiceScope CreateCompanyScope(this IServiceScopeFactory scopes, PortalCompany company)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentCompany>().Use(company);
        return scope;
    }
}
