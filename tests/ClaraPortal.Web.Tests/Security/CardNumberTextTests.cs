using ClaraPortal.Web.Security;
using ClaraPortal.Web.Tests.Support;

namespace ClaraPortal.Web.Tests.Security;

public sealed class CardNumberTextTests
{
    [Theory]
    [InlineData(TestCardNumbers.Visa)]
    [InlineData("555534" + "1234567895")] // a Luhn-valid Mastercard of the sandbox's range
    [InlineData("2221" + "000000000009")] // Mastercard's 2-series
    [InlineData("3712" + "34567890120")] // American Express, 15 digits
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
    [InlineData("PO 2026" + "120100001231")] // Luhn-valid, but an order number that starts with its year
    [InlineData("Ticket 9000" + "001234567898")] // Luhn-valid, but 9 is no card network's
    public void Other_numbers_are_not(string? text) => Assert.False(CardNumberText.Contains(text));

    [Fact]
    public void A_number_one_digit_off_fails_the_luhn_check()
    {
        var oneDigitOff = TestCardNumbers.Visa[..^1] + (char)('0' + ((TestCardNumbers.Visa[^1] - '0' + 1) % 10));
        Assert.False(CardNumberText.Contains(oneDigitOff));
    }
}
