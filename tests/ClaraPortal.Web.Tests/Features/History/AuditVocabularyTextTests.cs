using System.Reflection;
using ClaraPortal.Web.Features.Approvals;
using ClaraPortal.Web.Features.Companies;
using ClaraPortal.Web.Features.History;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>
/// Every action the portal audits, and every kind of thing it audits, has words in each language history speaks: an
/// auditor never reads "user.signed-in" or "PortalUser" in the events grid or a card's timeline.
/// </summary>
public sealed class AuditVocabularyTextTests
{
    public static TheoryData<string> Cultures => [.. PortalCultures.Supported];

    private static IEnumerable<string> Actions() =>
        new[] { typeof(AuditActions), typeof(ApprovalAuditActions), typeof(SecurityActions), typeof(ReportAuditActions) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && !f.Name.EndsWith("Entity", StringComparison.Ordinal))
            .Select(f => (string)f.GetValue(null)!)
            .Concat([CompanyAdministration.GrantAction, CompanyAdministration.RevokeAction, HistoryExportAudit.Action]);

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_audited_action_and_entity_type_has_words(string culture)
    {
        using var scope = new CultureScope(culture);
        var text = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();

        var missing = Actions().Select(a => $"Cards.Event.{a}")
            .Concat(EventHistoryFilterPanel.KnownEntityTypes.Select(t => $"History.Entity.{t}"))
            .Where(key => text[key].ResourceNotFound)
            .ToList();

        Assert.Empty(missing);
        Assert.Contains(SecurityActions.SignedIn, Actions());
        Assert.Contains(ReportAuditActions.Exported, Actions());
    }
}
