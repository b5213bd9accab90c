using System.Text;

namespace ClaraPortal.E2E.Pages;

/// <summary>
/// A set of export buttons (<c>ExportButtons.razor</c>: a History tab's toolbar, a report's lines): each export is a real
/// browser download of the data on screen, which these methods wait for and read back.
/// </summary>
/// <param name="testId">The set's test id: <c>history-export</c>, <c>report-export</c>.</param>
/// <param name="within">The tab (or toolbar) holding the buttons, when more than one set is on the page.</param>
public sealed class ExportControls(IPage page, string testId, ILocator? within = null)
{
    public const string History = "history-export";
    public const string Report = "report-export";

    private ILocator Root => (within ?? page.Locator("body")).GetByTestId(testId);

    public ILocator Csv => Root.GetByTestId("export-csv");

    public ILocator Xlsx => Root.GetByTestId("export-xlsx");

    public ILocator Cancel => Root.GetByTestId("export-cancel");

    public ILocator Progress => Root.GetByTestId("export-progress-text");

    /// <summary>How the last export ended: "Export finished: 12 rows", "Export cancelled", an error.</summary>
    public ILocator Result => Root.GetByTestId("export-result");

    /// <summary>Clicks "Export CSV", waits for the browser's download and returns the file's name and text (UTF-8, its byte order mark dropped).</summary>
    public async Task<ExportedCsv> ExportCsvAsync(float timeoutMs = 120_000)
    {
        var (name, bytes) = await DownloadAsync(Csv, timeoutMs);
        var text = Encoding.UTF8.GetString(bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes);
        await Result.WaitForAsync();
        return new ExportedCsv(name, text);
    }

    /// <summary>Clicks "Export XLSX", waits for the download and returns the file's name and bytes (a zip: open it with ZipArchive).</summary>
    public async Task<(string FileName, byte[] Bytes)> ExportXlsxAsync(float timeoutMs = 120_000)
    {
        var file = await DownloadAsync(Xlsx, timeoutMs);
        await Result.WaitForAsync();
        return file;
    }

    private async Task<(string FileName, byte[] Bytes)> DownloadAsync(ILocator button, float timeoutMs)
    {
        // The page fetches the file, then saves it through an <a download> click: that click is the download event.
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync(), new() { Timeout = timeoutMs });
        var failure = await download.FailureAsync();
        Assert.True(failure is null, $"The download of {download.SuggestedFilename} failed: {failure}");
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path));
    }
}

/// <summary>A CSV export as the browser saved it.</summary>
public sealed record ExportedCsv(string FileName, string Text)
{
    /// <summary>The file's lines (CRLF-separated), the header first; a field's own line breaks would split it.</summary>
    public IReadOnlyList<string> Lines => Text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

    public string Header => Lines[0];

    public int RowCount => Lines.Count - 1;

    /// <summary>The rows after the header, split into fields (RFC 4180 quotes undone; a field's own line breaks not expected).</summary>
    public IReadOnlyList<string[]> Rows => [.. Lines.Skip(1).Select(Fields)];

    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case '"' when quoted && i + 1 < line.Length && line[i + 1] == '"':
                    field.Append('"');
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case ',' when !quoted:
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                default:
                    field.Append(line[i]);
                    break;
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
