using System.Reflection;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Resources;
using ClaraPortal.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Tests.Features.Reports;

/// <summary>Every reason a report can fail for has words in each language: a new code never reaches a user as a code.</summary>
public sealed class ReportFailureTextTests
{
    [Theory]
    [InlineData("en-US")]
    [InlineData("es-MX")]
    [InlineData("pt-BR")]
    public void Every_failure_code_has_words(string culture)
    {
        using var scope = new CultureScope(culture);
        var text = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider().GetRequiredService<IStringLocalizer<SharedResource>>();
        var codes = typeof(ReportFailures).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetValue(null)!).ToList();

        Assert.Equal(5, codes.Count);
        Assert.DoesNotContain(codes, code => text[$"Reports.Failure.{code}"].ResourceNotFound);
    }
}
