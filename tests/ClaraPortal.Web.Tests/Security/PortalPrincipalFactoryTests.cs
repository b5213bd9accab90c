using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using ClaraPortal.Web.Security;

namespace ClaraPortal.Web.Tests.Security;

public sealed class PortalPrincipalFactoryTests
{
    [Fact]
    public void Keeps_subject_name_email_and_known_roles_only()
    {
        var external = Principal(("sub", "abc"), ("name", "Isabel Issuer"), ("preferred_username", "issuer"), ("email", "i@example.com"),
            ("role", "issuer"), ("role", "Superuser"), ("aud", "clara-portal"));

        var user = CurrentUserInfo.From(PortalPrincipalFactory.Create(external, new OidcProviderOptions()))!;

        Assert.Equal(("abc", "Isabel Issuer", "issuer", "i@example.com"), (user.Subject, user.DisplayName, user.Username, user.Email));
        Assert.Equal([PortalRoles.Issuer], user.Roles);
    }

    [Fact]
    public void Maps_provider_groups_and_custom_role_claims()
    {
        var options = new OidcProviderOptions { RoleClaimType = "roles" };
        options.GroupRoleMap["6f1c-approvers"] = "Approver";
        options.GroupRoleMap["finance-auditors"] = "auditor";
        var external = Principal(("oid", "entra-object-id"), ("upn", "ana@contoso.com"), ("roles", "Admin"),
            ("groups", "6f1c-approvers"), ("groups", "finance-auditors"), ("groups", "unrelated"));

        var principal = PortalPrincipalFactory.Create(external, options);

        Assert.Equal([PortalRoles.Admin, PortalRoles.Approver, PortalRoles.Auditor], CurrentUserInfo.From(principal)!.Roles);
        Assert.True(principal.IsInRole(PortalRoles.Auditor));
        Assert.Equal("ana@contoso.com", principal.Identity!.Name);
    }

    [Fact]
    public void A_token_without_subject_is_refused()
    {
        Assert.Throws<InvalidOperationException>(() => PortalPrincipalFactory.Create(Principal(("name", "x")), new OidcProviderOptions()));
    }

    [Fact]
    public void Options_require_an_https_authority_unless_loopback_and_valid_group_roles()
    {
        Assert.Contains(Validate(new OidcProviderOptions()), r => r.MemberNames.Contains(nameof(OidcProviderOptions.Authority)));
        Assert.Contains(Validate(new OidcProviderOptions { Authority = "http://login.example.com" }), r => r.MemberNames.Contains(nameof(OidcProviderOptions.Authority)));
        Assert.Empty(Validate(new OidcProviderOptions { Authority = "http://localhost:5080/" }));
        Assert.Empty(Validate(new OidcProviderOptions { Authority = "https://login.microsoftonline.com/tenant/v2.0" }));
        Assert.Contains(Validate(new OidcProviderOptions { Authority = "https://idp.example.com", Scopes = "profile" }), r => r.MemberNames.Contains(nameof(OidcProviderOptions.Scopes)));

        var badMap = new OidcProviderOptions { Authority = "https://idp.example.com" };
        badMap.GroupRoleMap["g1"] = "Superuser";
        Assert.Contains(Validate(badMap), r => r.MemberNames.Contains(nameof(OidcProviderOptions.GroupRoleMap)));
    }

    private static List<ValidationResult> Validate(OidcProviderOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));
}
