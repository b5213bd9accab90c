using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ClaraPortal.Web.Tests.Features.Companies;

/// <summary>Who works where with which roles (<see cref="CompanyAccessRules"/>), and the configuration they start from.</summary>
public sealed class CompanyAccessRulesTests
{
    private static readonly PortalCompanies Companies = TestCompanies.Sandbox;
    private static readonly string Servicios = TestCompanies.Servicios.Key;
    private const string Owner = "";

    [Fact]
    public void An_admin_from_the_provider_reaches_every_company_as_admin()
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Admin], [], []);

        Assert.Equal([(Owner, "Admin"), (Servicios, "Admin")], Flatten(access));
    }

    [Fact]
    public void Default_access_gives_the_provider_roles_and_a_subsidiary_gives_nothing_without_a_grant_or_group()
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Approver, PortalRoles.Issuer], [], []);

        Assert.Equal([(Owner, "Approver"), (Owner, "Issuer")], Flatten(access));
    }

    [Fact]
    public void Grants_give_roles_in_a_subsidiary_canonically_and_never_admin()
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Issuer],
            [new(Servicios, "approver"), new(Servicios, " Auditor "), new(Servicios, "Admin"), new(Servicios, "Superuser"), new("XAXX010101000", "Issuer")], []);

        Assert.Equal([(Owner, "Issuer"), (Servicios, "Approver"), (Servicios, "Auditor")], Flatten(access));
    }

    [Fact]
    public void A_grant_of_admin_alone_gives_no_access_and_grants_add_to_provider_roles_without_repeating_them()
    {
        Assert.Empty(CompanyAccessRules.Resolve(Companies, [], [new(Servicios, "Admin")], []));

        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Issuer], [new(Owner, "Issuer"), new(Owner, "Auditor")], []);
        Assert.Equal([(Owner, "Auditor"), (Owner, "Issuer")], Flatten(access));
    }

    [Fact]
    public void A_group_mapped_to_a_subsidiary_gives_the_provider_roles_there()
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Issuer], [], [Servicios]);

        Assert.Equal([(Owner, "Issuer"), (Servicios, "Issuer")], Flatten(access));
    }

    [Fact]
    public void Without_provider_roles_only_grants_count_and_with_nothing_there_is_no_company()
    {
        Assert.Empty(CompanyAccessRules.Resolve(Companies, [], [], [Servicios]));
        Assert.Equal([(Servicios, "Issuer")], Flatten(CompanyAccessRules.Resolve(Companies, [], [new(Servicios, "Issuer")], [])));
    }

    [Fact]
    public void Apply_honours_a_preference_the_user_still_has()
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Issuer], [new(Servicios, "Approver")], []);

        var principal = CompanyAccessRules.Apply(Signed(PortalRoles.Issuer), access, Servicios);

        Assert.Equal(Servicios, principal.FindFirst(PortalClaimTypes.Company)?.Value);
        Assert.Equal([PortalRoles.Approver], Roles(principal));
        Assert.False(principal.IsInRole(PortalRoles.Issuer));
        Assert.Equal([Owner, Servicios], principal.FindAll(PortalClaimTypes.CompanyOption).Select(c => c.Value));
        Assert.Same(TestCompanies.Servicios, Companies.Of(principal));
        Assert.True(principal.HasClaim(PortalClaimTypes.CompanyAccessApplied, "1"));
        Assert.Equal("dev-issuer", principal.FindFirst(PortalClaimTypes.Subject)?.Value);
    }

    [Theory]
    [InlineData("CPS920315KX7")]
    [InlineData("XAXX010101000")]
    [InlineData(null)]
    public void Apply_ignores_a_preference_no_longer_accessible_and_takes_the_first_company(string? preference)
    {
        var access = CompanyAccessRules.Resolve(Companies, [PortalRoles.Issuer], [], []);

        var principal = CompanyAccessRules.Apply(Signed(PortalRoles.Issuer), access, preference);

        Assert.Equal(Owner, principal.FindFirst(PortalClaimTypes.Company)?.Value);
        Assert.Equal([PortalRoles.Issuer], Roles(principal));
        Assert.Equal([Owner], principal.FindAll(PortalClaimTypes.CompanyOption).Select(c => c.Value));
    }

    [Fact]
    public void Apply_with_no_access_leaves_no_company_and_no_roles_whatever_the_incoming_claims_said()
    {
        var incoming = Signed(PortalRoles.Issuer);
        ((ClaimsIdentity)incoming.Identity!).AddClaims([new(PortalClaimTypes.Company, Servicios), new(PortalClaimTypes.CompanyOption, Servicios)]);

        var principal = CompanyAccessRules.Apply(incoming, [], Servicios);

        Assert.Null(principal.FindFirst(PortalClaimTypes.Company));
        Assert.Empty(principal.FindAll(PortalClaimTypes.CompanyOption));
        Assert.Empty(Roles(principal));
        Assert.Null(Companies.Of(principal));
        Assert.True(principal.Identity!.IsAuthenticated);
        Assert.True(principal.HasClaim(PortalClaimTypes.CompanyAccessApplied, "1"));
    }

    [Fact]
    public void The_principal_factory_keeps_the_companies_the_users_groups_map_to()
    {
        var options = new OidcProviderOptions();
        options.GroupCompanyMap["servicios-finance"] = " cps920315kx7 ";
        options.GroupCompanyMap["servicios-travel"] = "CPS920315KX7";
        options.GroupRoleMap["servicios-finance"] = "Issuer";
        var external = External(("sub", "ana"), ("name", "Ana"), ("groups", "servicios-finance"), ("groups", "SERVICIOS-TRAVEL"), ("groups", "unrelated"));

        var principal = PortalPrincipalFactory.Create(external, options);

        Assert.Equal([Servicios], principal.FindAll(PortalClaimTypes.GroupCompany).Select(c => c.Value));
        Assert.Equal([PortalRoles.Issuer], Roles(principal));
        Assert.Empty(PortalPrincipalFactory.Create(External(("sub", "bob"), ("groups", "unrelated")), options).FindAll(PortalClaimTypes.GroupCompany));
    }

    [Fact]
    public void A_group_company_map_to_something_that_is_not_an_rfc_is_refused_at_start()
    {
        var options = new OidcProviderOptions { Authority = "https://idp.example.com" };
        options.GroupCompanyMap["team"] = "CPS-920315";

        var results = Validate(options);

        Assert.Contains(results, r => r.MemberNames.Contains(nameof(OidcProviderOptions.GroupCompanyMap)) && r.ErrorMessage!.Contains("'team'", StringComparison.Ordinal));
    }

    [Fact]
    public void Companies_options_accept_the_sandboxs_two()
    {
        Assert.Empty(Validate(Options(("CPO850101AB1", "Operaciones", true), ("CPS920315KX7", "Servicios", false))));
        // The owner may go without its RFC: it is never sent.
        Assert.Empty(Validate(Options((null, "Operaciones", true))));
        Assert.Empty(Validate(Options(("", "Operaciones", true), ("CPS920315KX7", "Servicios", false))));
        Assert.Equal(["", "CPS920315KX7"], Options(("", "Operaciones", true), ("CPS920315KX7", "Servicios", false)).ToCompanies().All.Select(c => c.Key));
    }

    [Fact]
    public void Companies_options_without_an_owner_or_with_two_are_refused()
    {
        const string message = "Clara:Companies must list the company that owns the Clara credentials exactly once, with \"Owner\": true.";
        Assert.Equal([message], Messages(Options(("CPS920315KX7", "Servicios", false))));
        Assert.Equal([message], Messages(Options(("CPO850101AB1", "Operaciones", true), ("CPS920315KX7", "Servicios", true))));
        Assert.Equal([message], Messages(new CompaniesOptions()));
    }

    [Fact]
    public void Companies_options_refuse_a_subsidiary_without_rfc_a_bad_rfc_a_repeated_rfc_and_a_missing_name()
    {
        Assert.Equal(["Clara:Companies:1:TaxIdentifier is required for a subsidiary: Clara selects it by its RFC."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), (" ", "Servicios", false))));
        Assert.Equal(["Clara:Companies:1:TaxIdentifier is required for a subsidiary: Clara selects it by its RFC."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), (null, "Servicios", false))));
        Assert.Equal(["Clara:Companies:1:TaxIdentifier 'CPS-92' is not an RFC (12 or 13 letters and digits)."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), ("CPS-92", "Servicios", false))));
        Assert.Equal(["Clara:Companies:1:TaxIdentifier 'CPS920315KX7XY' is not an RFC (12 or 13 letters and digits)."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), ("CPS920315KX7XY", "Servicios", false))));
        Assert.Equal(["Clara:Companies lists CPS920315KX7 more than once."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), ("CPS920315KX7", "Servicios", false), ("cps920315kx7 ", "Servicios bis", false))));
        Assert.Equal(["Clara:Companies:1:Name is required."],
            Messages(Options(("CPO850101AB1", "Operaciones", true), ("CPS920315KX7", " ", false))));
    }

    [Fact]
    public void The_registration_validates_the_configured_companies()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clara:Companies:0:Name"] = "Operaciones",
            ["Clara:Companies:1:Name"] = "Servicios",
            ["Clara:Companies:1:TaxIdentifier"] = "not-an-rfc",
        }).Build();
        using var provider = new ServiceCollection().AddCompanies(configuration).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<CompaniesOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.Contains("exactly once", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, f => f.Contains("'not-an-rfc' is not an RFC", StringComparison.Ordinal));
    }

    internal static ClaimsPrincipal Signed(params string[] roles)
    {
        var identity = new ClaimsIdentity(PortalPrincipalFactory.AuthenticationType, PortalClaimTypes.Name, PortalClaimTypes.Role);
        identity.AddClaim(new Claim(PortalClaimTypes.Subject, "dev-issuer"));
        identity.AddClaim(new Claim(PortalClaimTypes.Name, "Isabel Issuer"));
        identity.AddClaims(roles.Select(r => new Claim(PortalClaimTypes.Role, r)));
        return new ClaimsPrincipal(identity);
    }

    internal static List<string> Roles(ClaimsPrincipal principal) => [.. principal.FindAll(PortalClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal)];

    private static List<(string Company, string Role)> Flatten(IReadOnlyList<CompanyAccess> access) =>
        [.. access.SelectMany(a => a.Roles.Select(r => (a.Company.Key, r)))];

    private static ClaimsPrincipal External(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    private static CompaniesOptions Options(params (string? Rfc, string Name, bool Owner)[] companies)
    {
        var options = new CompaniesOptions();
        options.Companies.AddRange(companies.Select(c => new CompanyOptions { TaxIdentifier = c.Rfc, Name = c.Name, Owner = c.Owner }));
        return options;
    }

    private static List<string?> Messages(CompaniesOptions options) => [.. Validate(options).Select(r => r.ErrorMessage)];

    private static List<ValidationResult> Validate(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
