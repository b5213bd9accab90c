using System.Net;
using System.Reflection;
using System.Security.Claims;
using ClaraPortal.Web.Components;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Catalog;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Policy;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Features.Issuance;
using ClaraPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Components;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>The roles the matrix tries: nobody, a signed-in user with no portal role, and each portal role.</summary>
public static class MatrixRoles
{
    public const string Anonymous = "anonymous";
    public const string NoRole = "no-role";

    public static IReadOnlyList<string> All { get; } = [Anonymous, NoRole, PortalRoles.Issuer, PortalRoles.Approver, PortalRoles.Auditor, PortalRoles.Admin];

    private const string I = PortalRoles.Issuer, Ap = PortalRoles.Approver, Au = PortalRoles.Auditor, Ad = PortalRoles.Admin;

    /// <summary>
    /// THE table: who may open each page. Every routable page of the portal must be here (a test enumerates them), so a
    /// new page is refused by the build until someone decides who may see it.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> Pages { get; } = new Dictionary<string, string[]>
    {
        ["/"] = [I, Ap, Au, Ad],
        ["/error"] = [Anonymous, NoRole, I, Ap, Au, Ad],
        ["/not-found"] = [Anonymous, NoRole, I, Ap, Au, Ad],
        ["/access-denied"] = [NoRole, I, Ap, Au, Ad],
        ["/catalog/suppliers"] = [I, Ap, Au, Ad],
        ["/catalog/templates"] = [I, Ap, Au, Ad],
        ["/catalog/funding-cards"] = [I, Ap, Au, Ad],
        ["/cards"] = [I, Ad],
        ["/cards/issue"] = [I, Ad],
        ["/cards/{Id:guid}"] = [I, Ad],
        ["/my-requests"] = [I, Ad],
        ["/approvals"] = [Ap, Ad],
        ["/approvals/{Id:guid}"] = [Ap, Ad],
        ["/history"] = [Ap, Au, Ad],
        ["/history/cards/{Id:guid}"] = [Ap, Au, Ad],
        ["/history/integrity"] = [Au, Ad],
        ["/reports"] = [I, Au, Ad],
        ["/reports/{Id:guid}"] = [I, Au, Ad],
        ["/policy"] = [Ad],
        ["/admin/companies"] = [Ad],
    };

    /// <summary>THE table of service writes: who may carry each out.</summary>
    public static IReadOnlyDictionary<string, string[]> Writes { get; } = new Dictionary<string, string[]>
    {
        ["issue"] = [I, Ad],
        ["update"] = [I, Ad],
        ["cancel"] = [I, Ad],
        ["reveal"] = [I, Ad],
        ["check-again"] = [I, Ad],
        ["request-approval"] = [I, Ad],
        ["withdraw"] = [I, Ad],
        ["reveal-approved-card"] = [I, Ad],
        ["approve"] = [Ap, Ad],
        ["reject"] = [Ap, Ad],
        ["sync-catalog"] = [I, Ad],
        ["save-band"] = [Ad],
        ["delete-band"] = [Ad],
        ["save-authority"] = [Ad],
        ["delete-authority"] = [Ad],
        ["grant-company-role"] = [Ad],
        ["revoke-company-role"] = [Ad],
        ["start-report"] = [I, Au, Ad],
        ["report-schedule"] = [Ad],
    };

    public static string? DemoUser(string role) => role switch
    {
        Anonymous => null,
        NoRole => "norole",
        _ => role.ToLowerInvariant(),
    };

    public static ClaimsPrincipal Principal(string role) => role switch
    {
        Anonymous => TestUsers.Anonymous,
        NoRole => TestUsers.WithoutCompany("dev-norole", "Nora Norole"),
        _ => TestUsers.InRole(role),
    };
}

/// <summary>Every routable page (found by reflection) for every role, over real HTTP with the real sign-in.</summary>
public sealed class RolePageMatrixTests(SignedInPortal portal) : IClassFixture<SignedInPortal>
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in MatrixRoles.Pages.Keys)
        {
            foreach (var role in MatrixRoles.All)
            {
                data.Add(route, role);
            }
        }

        return data;
    }

    [Fact]
    public void Every_routable_page_is_in_the_table()
    {
        var routes = typeof(App).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(routes);
        Assert.Equal(MatrixRoles.Pages.Keys.Order(StringComparer.Ordinal), routes);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_opens_exactly_the_pages_the_table_gives_it(string route, string role)
    {
        var browser = await portal.BrowserAsync(MatrixRoles.DemoUser(role));
        var path = route.Replace("{Id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal);

        using var response = await browser.GetAsync(new Uri(path, UriKind.Relative));

        var allowed = MatrixRoles.Pages[route].Contains(role);
        Assert.True((int)response.StatusCode < 500, $"{role} on {path}: {(int)response.StatusCode}");
        if (allowed)
        {
            // A page with an id of nothing answers "not found" in its own words; still the page, not a refusal.
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{role} may open {route} but got {(int)response.StatusCode}.");
            var html = await response.Content.ReadAsStringAsync();
            if (route != "/access-denied")
            {
                Assert.DoesNotContain("data-testid=\"access-denied\"", html, StringComparison.Ordinal);
            }

            if (role == MatrixRoles.NoRole)
            {
                // Whatever page: the no-access view with its sign-out, nothing of the page itself.
                Assert.Contains("data-testid=\"no-company-access\"", html, StringComparison.Ordinal);
                Assert.Contains("data-testid=\"no-access-sign-out\"", html, StringComparison.Ordinal);
            }
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var location = response.Headers.Location!.OriginalString;
            Assert.Contains(role == MatrixRoles.Anonymous ? "/connect/authorize" : "/access-denied", location, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/history/export?format=csv", new[] { PortalRoles.Approver, PortalRoles.Auditor, PortalRoles.Admin })]
    public async Task The_history_export_admits_exactly_its_roles(string path, string[] allowedRoles)
    {
        foreach (var role in MatrixRoles.All)
        {
            var browser = await portal.BrowserAsync(MatrixRoles.DemoUser(role));
            using var response = await browser.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(allowedRoles.Contains(role) ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        }
    }
}

/// <summary>Every service write for every role, through the real services and policies (the pages' guard is not trusted).</summary>
public sealed class RoleWriteMatrixTests(HostileBed bed) : IClassFixture<HostileBed>
{
    private static readonly Dictionary<string, Func<HostileBed, ClaimsPrincipal, Task>> Writes = new()
    {
        // Each is given something it will refuse for another reason (an unknown id, an empty form), so an admitted role
        // changes nothing; the policy is checked before any of it.
        ["issue"] = (b, u) => b.Service<VcnService>(u).IssueAsync(new IssueCardRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Currency = "MXN" }),
        ["update"] = (b, u) => b.Service<VcnService>(u).UpdateAsync(Guid.NewGuid(), new CardUpdate(10m, null, null)),
        ["cancel"] = (b, u) => b.Service<VcnService>(u).CancelAsync([Guid.NewGuid()], "matrix"),
        ["reveal"] = (b, u) => b.Service<VcnService>(u).RevealAsync(Guid.NewGuid(), "matrix"),
        ["check-again"] = (b, u) => b.Service<VcnService>(u).ResolveOutcomeAsync(Guid.NewGuid()),
        ["request-approval"] = (b, u) => b.Service<ApprovalService>(u).RequestIssueAsync(new IssueCardRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Currency = "MXN" }, "matrix"),
        ["withdraw"] = (b, u) => b.Service<ApprovalService>(u).WithdrawAsync(Guid.NewGuid()),
        ["reveal-approved-card"] = (b, u) => b.Service<ApprovalService>(u).RevealIssuedCardAsync(Guid.NewGuid()),
        ["approve"] = (b, u) => b.Service<ApprovalService>(u).ApproveAsync(Guid.NewGuid(), new ApprovalChanges("matrix")),
        ["reject"] = (b, u) => b.Service<ApprovalService>(u).RejectAsync(Guid.NewGuid(), "matrix"),
        ["sync-catalog"] = (b, u) => b.Service<CatalogSync>(u).SyncNowAsync(),
        ["save-band"] = (b, u) => b.Service<PolicyAdministration>(u).SaveBandAsync(null, "??", -1m, -1m),
        ["delete-band"] = (b, u) => b.Service<PolicyAdministration>(u).DeleteBandAsync(-1),
        ["save-authority"] = (b, u) => b.Service<PolicyAdministration>(u).SaveAuthorityAsync("nobody", "??", -1m, null),
        ["delete-authority"] = (b, u) => b.Service<PolicyAdministration>(u).DeleteAuthorityAsync(-1),
        ["grant-company-role"] = (b, u) => b.Service<CompanyAdministration>(u).GrantAsync(TestCompanies.Servicios.Key, "nobody", "Issuer"),
        ["revoke-company-role"] = (b, u) => b.Service<CompanyAdministration>(u).RevokeAsync(TestCompanies.Servicios.Key, -1),
        ["start-report"] = (b, u) => b.Service<ReconciliationReports>(u).StartAsync(new NewReportRequest(IssuanceHarness.Today, IssuanceHarness.Today.AddDays(-400), ClaraPortal.Web.Data.Entities.ReportKind.Clearing)),
        ["report-schedule"] = (b, u) => b.Service<ReconciliationReports>(u).SetScheduleAsync(false, ClaraPortal.Web.Data.Entities.ReportKind.Clearing),
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var write in MatrixRoles.Writes.Keys)
        {
            foreach (var role in MatrixRoles.All)
            {
                data.Add(write, role);
            }
        }

        return data;
    }

    [Fact]
    public void Every_write_of_the_table_is_tried() => Assert.Equal(MatrixRoles.Writes.Keys.Order(), Writes.Keys.Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Each_role_carries_out_exactly_the_writes_the_table_gives_it(string write, string role)
    {
        var before = await bed.SnapshotAsync();
        Exception? refusal = null;
        try
        {
            await Writes[write](bed, MatrixRoles.Principal(role));
        }
        catch (AccessDeniedException exception)
        {
            refusal = exception;
        }
        catch (Exception exception) when (exception is ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            // Admitted, then refused for the made-up input: that is past the policy.
        }

        var allowed = MatrixRoles.Writes[write].Contains(role);
        Assert.True(allowed == (refusal is null), $"{role} {(allowed ? "was refused" : "was let through")} {write}.");
        if (!allowed)
        {
            (await bed.SnapshotAsync()).AssertSameAs(before, $"{write} by {role}");
        }
    }
}
