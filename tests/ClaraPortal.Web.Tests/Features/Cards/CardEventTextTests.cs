using System.Globalization;
using System.Reflection;
using ClaraPortal.Web.Data;
using ClaraPortal.Web.Features.Issuance;
using ClaraPortal.Web.Localization;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Features.Cards;

/// <summary>Every event a card can record, every field its snapshot carries and every reason it may need a person has words in each language the timeline speaks.</summary>
public sealed class CardEventTextTests
{
    public static TheoryData<string> Cultures => [.. PortalCultures.Supported];

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Every_audit_action_and_snapshot_field_has_a_label(string culture)
    {
        using var scope = new CultureScope(culture);
        var text = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
        var actions = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);
        var fields = typeof(CardSnapshot).GetProperties().Select(p => JsonName(p.Name));

        var reasons = typeof(AttentionReasons).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!);
        var missing = actions.Select(a => $"Cards.Event.{a}").Concat(fields.Select(f => $"Cards.Field.{f}")).Concat(reasons)
            .Where(key => text[key].ResourceNotFound)
            .ToList();

        Assert.Empty(missing);
    }

    private static string JsonName(string property) => char.ToLower(property[0], CultureInfo.InvariantCulture) + property[1..];
}
