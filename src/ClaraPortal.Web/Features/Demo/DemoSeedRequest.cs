using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ClaraPortal.Web.Features.Demo;

/// <summary>What <c>seed-demo</c> was asked for, parsed from its arguments and validated before anything is touched.</summary>
internal sealed record DemoSeedRequest
{
    public const int DefaultPurchases = 10_000;
    public const int DefaultMonths = 12;
    public const int DefaultSeed = 20261201;

    /// <summary>Demo cards the database should hold when the command ends (over all seeded companies).</summary>
    [Range(1, 2_000_000)]
    public int Purchases { get; init; } = DefaultPurchases;

    /// <summary>How many of the new cards go end to end through the portal's services and the sandbox (today's activity); null: a tenth, at most 2,000.</summary>
    [Range(0, 100_000)]
    public int? Live { get; init; }

    /// <summary>How far back the history reaches.</summary>
    [Range(1, 36)]
    public int Months { get; init; } = DefaultMonths;

    /// <summary>Seed only this company (its RFC, or "owner"); null: every company, most volume in the owner.</summary>
    public string? Company { get; init; }

    /// <summary>The random seed: the same seed plans the same cards.</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Live cards asked for (explicit or the default share).</summary>
    public int LiveCount => Live ?? Math.Min(2_000, Math.Max(1, Purchases / 10));

    public const string Usage =
        "Usage: dotnet run --project src/ClaraPortal.Web -- seed-demo [--purchases N] [--live N] [--months N] [--company RFC|owner] [--seed N]";

    /// <summary>
    /// Splits the command's own options from the rest, which go to the host as configuration (e.g.
    /// <c>--Portal:DataDirectory=/tmp/demo</c>). Null with <paramref name="error"/> set when an option is wrong.
    /// </summary>
    public static DemoSeedRequest? Parse(IReadOnlyList<string> args, out string[] hostArgs, out string? error)
    {
        var request = new DemoSeedRequest();
        var rest = new List<string>();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = Split(args[i]);
            if (name is not ("--purchases" or "--live" or "--months" or "--company" or "--seed"))
            {
                rest.Add(args[i]);
                continue;
            }

            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (value is null)
            {
                error = $"{name} needs a value.";
                break;
            }

            if (name == "--company")
            {
                request = request with { Company = value.Trim() };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.Integer | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var number))
            {
                error = $"{name} takes a whole number (got '{value}').";
                break;
            }

            request = name switch
            {
                "--purchases" => request with { Purchases = number },
                "--live" => request with { Live = number },
                "--months" => request with { Months = number },
                _ => request with { Seed = number },
            };
        }

        hostArgs = [.. rest];
        if (error is null)
        {
            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(request, new ValidationContext(request), results, validateAllProperties: true))
            {
                error = string.Join(" ", results.Select(r => r.ErrorMessage));
            }
        }

        return error is null ? request : null;
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && arg.StartsWith("--", StringComparison.Ordinal) ? (arg[..equals], arg[(equals + 1)..]) : (arg, null);
    }
}
