using System.Globalization;
using System.Text;

namespace ClaraPortal.Web.Features.Catalog;

/// <summary>
/// One folding rule for supplier search, applied both to the stored <c>SearchText</c> column and to
/// what the user types: lower case, no accents, single spaces ("Café  Núñez" finds "cafe nunez").
/// </summary>
public static class CatalogSearch
{
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            builder.Append(char.ToLowerInvariant(c));
            lastWasSpace = false;
        }

        return builder.ToString().TrimEnd().Normalize(NormalizationForm.FormC);
    }

    public static string SupplierSearchText(string name, string? taxId, string? mcc) =>
        Normalize(string.Join(' ', new[] { name, taxId, mcc }.Where(p => !string.IsNullOrWhiteSpace(p))));

    /// <summary>Escapes LIKE wildcards so a user's "%" or "_" matches literally (ESCAPE '\').</summary>
    public static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
