using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace ClaraPortal.Web.Tests.Features.History;

/// <summary>Reads what the exports write: CSV records (RFC 4180) and an XLSX's first sheet, without a spreadsheet library.</summary>
internal static class ExportFiles
{
    private static readonly XNamespace Sheet = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    /// <summary>The records of an RFC 4180 text: quoted fields may hold commas, quotes (doubled) and line breaks.</summary>
    public static List<string[]> Csv(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.True(field.Length == 0 && fields.Count == 0, "The CSV must end with a line break.");
        return records;
    }

    /// <summary>The UTF-8 text of a CSV file, without its byte order mark (which it must have, for Excel).</summary>
    public static string CsvText(byte[] bytes)
    {
        Assert.True(bytes.AsSpan().StartsWith("\uFEFF"u8), "The CSV must start with a UTF-8 byte order mark.");
        return Encoding.UTF8.GetString(bytes.AsSpan(3));
    }

    /// <summary>The rows of the workbook's first sheet, each cell as its type, style and value.</summary>
    public static List<SheetCell[]> Xlsx(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entry = zip.GetEntry("xl/worksheets/sheet1.xml") ?? throw new InvalidOperationException("No first sheet in the workbook.");
        using var stream = entry.Open();
        var document = XDocument.Load(stream);
        return [.. document.Descendants(Sheet + "row").Select(row => row.Elements(Sheet + "c").Select(c => new SheetCell(
            (string?)c.Attribute("t"),
            (string?)c.Attribute("s"),
            c.Element(Sheet + "v")?.Value ?? c.Element(Sheet + "is")?.Element(Sheet + "t")?.Value)).ToArray())];
    }
}

/// <summary>A sheet cell: <c>t</c> (null for a number, "inlineStr" for text), its style index and its value.</summary>
internal sealed record SheetCell(string? Type, string? Style, string? Value)
{
    public bool IsNumber => Type is null or "n";
}

/// <summary>
/// A stream like Kestrel's response body: it cannot seek and refuses synchronous writes and flushes. Keeps what it gets,
/// and says how much it has got so far.
/// </summary>
internal sealed class ResponseLikeStream : Stream
{
    private readonly MemoryStream _received = new();

    public long Received => _received.Length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public byte[] ToArray() => _received.ToArray();

    public override void Flush() => throw new InvalidOperationException("Synchronous operations are disallowed.");

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous operations are disallowed.");

    public override void Write(ReadOnlySpan<byte> buffer) => throw new InvalidOperationException("Synchronous operations are disallowed.");

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _received.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
