using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security;

public sealed class CurrentUserAccessorTests
{
    public static TheoryData<string, string, bool> Demands => new()
    {
        { PortalRoles.Issuer, PortalPolicies.CanIssue, true },
        { PortalRoles.Approver, PortalPolicies.CanIssue, false },
        { PortalRoles.Auditor, PortalPolicies.CanIssue, false },
        { PortalRoles.Admin, PortalPolicies.CanIssue, true },
        { PortalRoles.Issuer, PortalPolicies.CanApprove, false },
        { PortalRoles.Approver, PortalPolicies.CanApprove, true },
        { PortalRoles.Approver, PortalPolicies.CanViewHistory, true },
        { PortalRoles.Issuer, PortalPolicies.CanViewHistory, false },
        { PortalRoles.Auditor, PortalPolicies.CanViewReports, true },
        { PortalRoles.Approver, PortalPolicies.CanViewReports, false },
        { PortalRoles.Issuer, PortalPolicies.CanManagePolicy, false },
        { PortalRoles.Admin, PortalPolicies.CanManagePolicy, true },
    };

    [Theory]
    [MemberData(nameof(Demands))]
    public async Task Demands_admit_exactly_the_roles_of_the_policy(string role, string policy, bool admitted)
    {
        var currentUser = PortalServices.CurrentUser(TestUsers.InRole(role));

        if (admitted)
        {
            Assert.Contains(role, (await currentUser.DemandAsync(policy)).Roles);
        }
        else
        {
            var error = await Assert.ThrowsAsync<AccessDeniedException>(() => currentUser.DemandAsync(policy));
            Assert.Equal(policy, error.Policy);
        }
    }

    [Fact]
    public async Task Anonymous_is_nobody_and_is_refused_everything()
    {
        var currentUser = PortalServices.CurrentUser(TestUsers.Anonymous);

        Assert.Null(await currentUser.GetAsync());
        await Assert.ThrowsAsync<AccessDeniedException>(() => currentUser.DemandAsync(PortalPolicies.CanViewCatalog));
    }
}
