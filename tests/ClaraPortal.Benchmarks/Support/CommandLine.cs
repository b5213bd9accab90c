using System.Globalization;

namespace ClaraPortal.Benchmarks.Support;

/// <summary>A command and its "--name value" options; every option must be read, so a typo is an error, not a silent default.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    private CommandLine(string command) => Command = command;

    public string Command { get; }

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            throw new FormatException("Name a command first: faults or issuance.");
        }

        var line = new CommandLine(args[0]);
        for (var i = 1; i < args.Count; i += 2)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new FormatException($"Expected an option like --name, got '{name}'.");
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException($"Option {name} needs a value.");
            }

            if (!line._options.TryAdd(name[2..], args[i + 1]))
            {
                throw new FormatException($"Option {name} is given twice.");
            }
        }

        return line;
    }

    public int WholeNumber(string name, int defaultValue, int min = int.MinValue, int max = int.MaxValue)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"--{name} must be a whole number from {min} to {max}, got '{text}'.");
        }

        return value;
    }

    public double Number(string name, double defaultValue, double min, double max)
    {
        _read.Add(name);
        if (!_options.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new FormatException($"--{name} must be a number from {min} to {max}, got '{text}'.");
        }

        return value;
    }

    /// <summary>Throws for an option no command read.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new FormatException($"Unknown option(s) for '{Command}': {string.Join(", ", unknown.Select(u => "--" + u))}.");
        }
    }
}
