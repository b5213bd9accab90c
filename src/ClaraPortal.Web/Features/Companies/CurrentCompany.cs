using ClaraPortal.Web.Security;
using Microsoft.AspNetCore.Components.Authorization;

namespace ClaraPortal.Web.Features.Companies;

/// <summary>
/// The company this scope (a circuit, a request, one background job's pass) works for. A user's scope reads it from the
/// signed-in principal, whose company claim the access rules set from their grants and choice; a background job names it
/// with <see cref="Use"/>. The database contexts and the Clara client of the scope both ask here, so a page, a service
/// and Clara always agree on the company.
/// </summary>
public sealed class CurrentCompany(PortalCompanies companies, IServiceProvider services)
{
    private PortalCompany? _company;

    /// <summary>The company once known in this scope (after <see cref="GetAsync"/> or <see cref="Use"/>).</summary>
    public PortalCompany? Known => _company;

    /// <summary>For scopes without a user (background jobs): this scope works for <paramref name="company"/>.</summary>
    public void Use(PortalCompany company)
    {
        ArgumentNullException.ThrowIfNull(company);
        if (_company is not null && _company != company)
        {
            throw new InvalidOperationException("A scope works for one company; create a new scope for another.");
        }

        _company = company;
    }

    /// <summary>The scope's company; <see cref="NoCompanyAccessException"/> when the signed-in user has access to none.</summary>
    public async ValueTask<PortalCompany> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_company is not null)
        {
            return _company;
        }

        var authentication = services.GetService<AuthenticationStateProvider>()
            ?? throw new InvalidOperationException("This scope has no signed-in user: name its company with CurrentCompany.Use.");
        var state = await authentication.GetAuthenticationStateAsync();
        _company = companies.Of(state.User) ?? throw new NoCompanyAccessException(state.User.FindFirst(PortalClaimTypes.Subject)?.Value);
        return _company;
    }
}

/// <summary>The signed-in user has access to no configured company, so there is nothing the portal may show them.</summary>
public sealed class NoCompanyAccessException(string? subject)
    : Exception($"User '{subject ?? "(anonymous)"}' has access to no company.")
{
    public string? Subject { get; } = subject;
}
