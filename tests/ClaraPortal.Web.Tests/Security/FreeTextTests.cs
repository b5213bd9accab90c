using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security;

/// <summary>The one rule set every stored free text goes through: each rule, and which one a text breaking several names.</summary>
public sealed class FreeTextTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("PO-2026-0042 for the March invoices")]
    [InlineData("line one\nline two\tindented")]
    public void Ordinary_text_passes(string? text) =>
        Assert.Null(FreeText.Problem(text, maxLength: 100, multiline: true));

    [Fact]
    public void Text_longer_than_its_field_names_the_length()
    {
        var problem = FreeText.Problem(new string('a', 11), maxLength: 10);

        Assert.Equal(FreeTextRule.TooLong, problem?.Rule);
        Assert.Equal([10], problem!.MessageArguments);
        Assert.Null(FreeText.Problem(new string('a', 10), maxLength: 10));
    }

    [Fact]
    public void A_card_number_is_refused_and_the_message_does_not_repeat_it()
    {
        var problem = FreeText.Problem($"pay {TestCardNumbers.Visa} today", maxLength: 100);

        Assert.Equal(FreeTextRule.CardNumber, problem?.Rule);
        Assert.Empty(problem!.MessageArguments);
        Assert.DoesNotContain(TestCardNumbers.Visa, problem.MessageKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bell\u0007", false)]
    [InlineData("right-to-left \u202E override", true)]
    [InlineData("line\nbreak", false)]
    public void Control_and_direction_characters_are_refused(string text, bool multiline) =>
        Assert.Equal(FreeTextRule.ControlCharacters, FreeText.Problem(text, maxLength: 100, multiline)?.Rule);

    [Fact]
    public void Length_is_named_before_content_so_a_huge_paste_is_not_scanned()
    {
        var text = TestCardNumbers.Visa + "\u0007" + new string('x', 200);

        Assert.Equal(FreeTextRule.TooLong, FreeText.Problem(text, maxLength: 100)?.Rule);
        Assert.Equal(FreeTextRule.CardNumber, FreeText.Problem(text, maxLength: 1000)?.Rule);
    }
}
