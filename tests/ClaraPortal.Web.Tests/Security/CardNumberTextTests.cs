using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security;

public sealed class CardNumberTextTests
{
    [Theory]
    [InlineData(TestCardNumbers.Visa)]
    [InlineData("555534" + "1234567895")] // a Luhn-valid Mastercard of the sandbox's range
    public void Card_numbers_as_people_write_them_are_found(string number)
    {
        Assert.True(CardNumberText.Contains(number));
        Assert.True(CardNumberText.Contains($"Supplier asked again for {TestCardNumbers.Grouped(number)}."));
        Assert.True(CardNumberText.Contains(TestCardNumbers.Grouped(number).Replace(' ', '-')));
        // Full-width digits (an IME, a pasted PDF) are digits too.
        Assert.True(CardNumberText.Contains(new string([.. number.Select(c => (char)(c - '0' + '０'))])));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("PO 4500012345 withdrawn on 2026-12-01, card ending 7899")]
    [InlineData("Invoice 12345678901234567890123")] // longer than any card
    [InlineData("Amount 1,234,567.89 MXN")]
    public void Other_numbers_are_not(string? text) => Assert.False(CardNumberText.Contains(text));

    [Fact]
    public void A_number_one_digit_off_fails_the_luhn_check()
    {
        var oneDigitOff = TestCardNumbers.Visa[..^1] + (char)('0' + ((TestCardNumbers.Visa[^1] - '0' + 1) % 10));
        Assert.False(CardNumberText.Contains(oneDigitOff));
    }
}
