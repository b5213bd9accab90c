namespace ClaraPortal.Web.Security;

/// <summary>
/// Characters no free text the portal stores may hold: control characters (a NUL cuts C strings short, an escape
/// sequence repaints a terminal reading the logs, CR/LF forge lines in a CSV or a header), the bidirectional overrides
/// and isolates that make a reference read differently from what it is ("Trojan Source"), and unpaired surrogates (not
/// text at all: the database, JSON and Clara would each mangle them their own way). Everything else, accents, RTL
/// scripts, emoji and zero-width joiners included, is somebody's real text.
/// </summary>
public static class UnsafeCharacters
{
    /// <summary>True when <paramref name="text"/> holds one; <paramref name="multiline"/> lets line breaks and tabs through (a reason, a comment).</summary>
    public static bool In(string? text, bool multiline = false)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsSurrogate(c) || IsBidiControl(c) || c is '\u2028' or '\u2029')
            {
                return true;
            }

            if (char.IsControl(c) && !(multiline && c is '\r' or '\n' or '\t'))
            {
                return true;
            }
        }

        return false;
    }

    // LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. The plain marks (LRM, RLM) are harmless and used in real RTL text.
    private static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';
}
