using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace ClaraPortal.Web.Tests.Repository;

/// <summary>
/// The repository's scan for committed card numbers: no tracked file may hold a 13-19 digit number that passes
/// Luhn, written in one piece or grouped with spaces or dashes. Test fixtures build theirs from parts at run time
/// (Support/TestCardNumbers.cs), so the source never holds one whole. A finding names the file, the line and the
/// last four only: the test output must not become the leak it looks for.
/// </summary>
public sealed partial class CommittedCardNumberTests
{
    /// <summary>
    /// Numbers that pass Luhn by chance but are not cards, each allowed in one file only and named by its SHA-256
    /// (writing it here would put it in this file). Any other number in that file is still found.
    /// </summary>
    private static readonly HashSet<(string File, string Sha256)> NotCardNumbers =
    [
        // Clara RCN ids (funding card ids) of the sandbox's seeded companies: ids, not card numbers.
        ("src/ClaraPortal.Sandbox/Catalog/FundingCardSeeds.cs", "dd011a6d50f8776a9dee9ea9004e5d1fe582af25a4857db000fe8c79802b38f8"),
        ("src/ClaraPortal.Sandbox/Catalog/FundingCardSeeds.cs", "0217c298feecf803d548d15ccd3fe6fb39af4f1eb65aafb2e4818bb3f1e881ae"),
        // The Companies migration's id (its creation time, yyyyMMddHHmmss), which passes Luhn by chance; the file
        // name holds the id, hence cut in two here.
        ("src/ClaraPortal.Web/Data/Migrations/2026120103" + "4133_Companies.Designer.cs", "a9ac5d66c6581213519097e9c0658735b2e8db4432818a59d09ff4fddd033f1c"),
        // The Approvals migration's id, the same chance.
        ("src/ClaraPortal.Web/Data/Migrations/2026120104" + "2458_Approvals.Designer.cs", "cb15e3bc836bc891f23cc40335a230e8ee5722f79473e86c40f57d54c8cd5d81"),
    ];

    [Fact]
    public void No_tracked_file_holds_a_card_number()
    {
        var root = RepositoryRoot();
        var files = TrackedFiles(root);
        Assert.NotEmpty(files);
        Assert.Contains("ClaraPortal.sln", files);

        var findings = new List<string>();
        var scanned = 0;
        foreach (var file in files)
        {
            var path = Path.Combine(root, file);
            // A tracked symlink to a folder (src/ClaraPortal.Web/wwwroot), or a file deleted in this checkout.
            if (!File.Exists(path))
            {
                continue;
            }

            var bytes = File.ReadAllBytes(path);
            if (IsBinary(bytes))
            {
                continue;
            }

            scanned++;
            findings.AddRange(CardNumbersIn(Encoding.UTF8.GetString(bytes))
                .Where(f => !NotCardNumbers.Contains((file, f.Sha256)))
                .Select(f => $"{file}:{f.Line}: {f.Digits} digits passing Luhn, ending {f.Last4}"));
        }

        Assert.True(scanned > 50, $"Only {scanned} text files were scanned: is this the repository?");
        Assert.True(findings.Count == 0, "Card numbers are committed:" + Environment.NewLine + string.Join(Environment.NewLine, findings));
    }

    // The samples are cut with '|' (taken out before scanning) so that this file passes its own scan.
    [Theory]
    [InlineData("4111|111111111111", 1)]
    [InlineData("4111 |1111 |1111 |1111", 1)]
    [InlineData("4111-|1111-|1111-|1111", 1)]
    [InlineData("card 3782|82246310005 (Amex, 15)", 1)]
    [InlineData("a\nb\n6011 |0009 |9013 |9424 |123", 3)]
    [InlineData("4111|111111111112", 0)]
    [InlineData("a hash 41111111111111111111111111111111", 0)]
    [InlineData("1,234,567,890,123", 0)]
    public void The_scan_finds_numbers_one_piece_or_grouped_and_passes_the_rest(string text, int expectedLine)
    {
        var findings = CardNumbersIn(Rebuilt(text)).ToList();

        if (expectedLine == 0)
        {
            Assert.Empty(findings);
        }
        else
        {
            var finding = Assert.Single(findings);
            Assert.Equal(expectedLine, finding.Line);
            Assert.Equal(4, finding.Last4.Length);
            Assert.InRange(finding.Digits, 13, 19);
        }
    }

    [Fact]
    public void The_fixtures_card_numbers_are_found_when_written_whole()
    {
        Assert.Equal("7899", Assert.Single(CardNumbersIn(Support.TestCardNumbers.Visa)).Last4);
        Assert.Equal("7899", Assert.Single(CardNumbersIn($"shown as {Support.TestCardNumbers.VisaGrouped} once")).Last4);
    }

    /// <summary>Runs of digits, each digit optionally followed by one space or dash, as candidates.</summary>
    [GeneratedRegex("(?<![0-9])[0-9]+(?:[ -][0-9]+)*(?![0-9])")]
    private static partial Regex DigitRuns();

    private sealed record Finding(int Line, int Digits, string Last4, string Sha256);

    /// <summary>
    /// Every span of whole groups in a run whose digits (13 to 19) pass Luhn: a number followed by its CVV (number and
    /// CVV, one run of groups) is caught; one unbroken run longer than 19 digits (a hash, ticks) is not a card number.
    /// </summary>
    private static IEnumerable<Finding> CardNumbersIn(string text)
    {
        foreach (Match run in DigitRuns().Matches(text))
        {
            var groups = run.Value.Split([' ', '-']);
            for (var first = 0; first < groups.Length; first++)
            {
                var digits = "";
                for (var last = first; last < groups.Length && digits.Length + groups[last].Length <= 19; last++)
                {
                    digits += groups[last];
                    if (digits.Length >= 13 && PassesLuhn(digits))
                    {
                        yield return new Finding(LineOf(text, run.Index), digits.Length, digits[^4..],
                            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.ASCII.GetBytes(digits))));
                        goto nextRun;
                    }
                }
            }

        nextRun:;
        }
    }

    private static bool PassesLuhn(string digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var digit = digits[i] - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    private static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>Git's own test: a NUL byte in the first 8000 bytes (images, fonts, icons).</summary>
    private static bool IsBinary(byte[] bytes) => Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8000)) >= 0;

    private static string Rebuilt(string sample) => sample.Replace("|", "", StringComparison.Ordinal);

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ClaraPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ClaraPortal.sln above {AppContext.BaseDirectory}.");
    }

    private static List<string> TrackedFiles(string root)
    {
        var start = new ProcessStartInfo("git", ["-c", "core.quotepath=off", "ls-files", "-z"])
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started.");
        var output = git.StandardOutput.ReadToEnd();
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git ls-files failed: {error}");
        return [.. output.Split('\0', StringSplitOptions.RemoveEmptyEntries)];
    }
}
