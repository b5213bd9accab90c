using ClaraPortal.Identity;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Audit;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Cards;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Dashboard;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Health;
using ClaraPortal.Web.Hosting;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Security;
using MudBlazor.Services;

namespace ClaraPortal.Web.Extensions;

/// <summary>The composition root: everything the portal registers and the order of its pipeline.</summary>
public static class PortalExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        // Before anything is registered or listens: a demo password or a known Clara secret never reaches production.
        StartupRefusals.ThrowIfAny(configuration, builder.Environment);
        var data = PortalDataOptions.Resolve(configuration, builder.Environment.ContentRootPath);

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddLocalization();
        services.AddTransient<MudBlazor.MudLocalizer, PortalMudLocalizer>();
        var developmentProvider = PortalAuthenticationExtensions.IsDevelopmentProviderEnabled(configuration, builder.Environment);
        services.AddPortalData(data);
        services.AddAuditChain(configuration, data, createDevelopmentKey: builder.Environment.IsDevelopment() || developmentProvider);
        // Keys next to the data, so sessions survive restarts and every environment has its own.
        services.AddPortalDataProtection(configuration, data.DataDirectory);
        services.AddPortalTransport(builder.Environment);

        var origins = PortalUrls.Origins(configuration);
        if (developmentProvider)
        {
            var clientId = configuration[$"{OidcProviderOptions.SectionName}:ClientId"] ?? DevelopmentIdentityDefaults.PortalClientId;
            services.AddPortalDevelopmentIdentityProvider(origins[0], origins, data.DataDirectory, clientId);
        }

        services.AddSingleton(new PortalHostingInfo(developmentProvider, origins[0]));
        services.AddPortalAuthentication(configuration, developmentProvider ? origins[0] : null, PortalTransport.CookieSecurePolicy(builder.Environment));
        services.AddClara(configuration, data);
        services.AddCompanies(configuration);
        services.AddPortalHealthChecks();
        services.AddCatalog(
            warmUp: configuration.GetValue("Portal:SyncCatalogAtStart", true),
            syncInterval: configuration.GetValue<TimeSpan?>("Portal:CatalogSyncInterval"));
        services.AddIssuance(configuration);
        services.AddApprovals(configuration);
        services.AddOutcomeResolverSchedule();
        services.AddCards();
        services.AddHistory();
        services.AddReports(configuration);
        services.AddDashboard();
        services.AddAuditIntegrity();
        return builder;
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        app.UsePortalTransport();
        app.UseMiddleware<SecurityHeaders>();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization(PortalCultures.CreateOptions());
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        if (app.Services.GetRequiredService<PortalHostingInfo>().DevelopmentIdentityProvider)
        {
            app.MapDevelopmentIdentityProvider();
        }

        app.MapPortalAccountEndpoints();
        app.MapSignInAgain();
        app.MapCultureEndpoint();
        app.MapHistoryExport();
        app.MapReportExport();
        app.MapPortalHealthChecks();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}

/// <summary>Decisions taken at start that the pipeline needs again.</summary>
public sealed record PortalHostingInfo(bool DevelopmentIdentityProvider, Uri PublicOrigin);
