using CsvHelper;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Worksheets;

namespace ClaraPortal.Web.Exports;

/// <summary>
/// Where an export writes its rows: a CSV record or a spreadsheet row. Each export defines its columns once (history's
/// <c>HistoryExportColumns</c>, reports' <c>ReportExportColumns</c>); each format decides how a text, an amount, a
/// number, a yes/no or a time is written.
/// Rows go to the destination stream as the writer's buffer fills, so memory stays flat whatever the row count.
/// </summary>
internal interface IExportSink : IAsyncDisposable
{
    ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken cancellationToken);

    void Text(string? value);

    /// <summary>A money amount: a number (its currency is a column of its own); empty when there is none.</summary>
    void Amount(decimal? value);

    void Number(long? value);

    /// <summary>A yes/no: <c>true</c> or <c>false</c> in CSV (data, not words), a boolean cell in XLSX.</summary>
    void Flag(bool value);

    /// <summary>An instant, written in UTC.</summary>
    void Time(DateTimeOffset value);

    ValueTask EndRowAsync(CancellationToken cancellationToken);

    /// <summary>Sends what is buffered to the destination (between batches of rows, so the download moves).</summary>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>Writes what ends the file; without it the file is incomplete.</summary>
    ValueTask FinishAsync(CancellationToken cancellationToken);
}

/// <summary>
/// RFC 4180 CSV in UTF-8 with a byte order mark (so Excel reads accents right): times as ISO 8601 UTC, amounts invariant
/// (<c>1234.50</c>). Text that starts like a formula (= + - @, tab, CR) gets a leading apostrophe (OWASP's advice);
/// numbers do not, so a negative amount stays a number.
/// </summary>
internal sealed class CsvExportSink(CsvWriter csv) : IExportSink
{
    private bool _finished;

    public static CsvExportSink Create(Stream destination) =>
        new(CsvWriter.Create(destination, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true }, leaveOpen: true));

    public async ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            csv.WriteField(name);
        }

        await csv.EndRecordAsync(cancellationToken);
    }

    public void Text(string? value) => csv.WriteField(value);

    public void Amount(decimal? value) => csv.WriteField(value, "0.00##");

    public void Number(long? value) => csv.WriteField(value, "");

    public void Flag(bool value) => csv.WriteField(value ? "true" : "false");

    public void Time(DateTimeOffset value) => csv.WriteField(value.UtcDateTime, TabularExport.IsoUtcFormat);

    public ValueTask EndRowAsync(CancellationToken cancellationToken) => csv.EndRecordAsync(cancellationToken);

    public async ValueTask FlushAsync(CancellationToken cancellationToken) => await csv.FlushAsync(cancellationToken);

    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await csv.FlushAsync(cancellationToken);
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await csv.DisposeAsync();
        }
        catch (Exception ex) when (!_finished && ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The export already stopped (the browser left, the query failed): that error is the one that counts, not
            // this last flush into a closed response.
        }
    }
}

/// <summary>
/// XLSX through SpreadCheetah, which streams the sheet's XML into the zip as rows come (ClosedXML would build the whole
/// workbook in memory). Amounts are numeric cells, times real date cells shown as ISO 8601 UTC, ids text.
/// </summary>
internal sealed class XlsxExportSink : IExportSink
{
    /// <summary>Excel's limit for one cell's text.</summary>
    internal const int MaxCellText = 32_767;

    private readonly Spreadsheet _spreadsheet;
    private readonly SyncWriteDeferringStream _output;
    private readonly StyleId _header;
    private readonly StyleId _time;
    private readonly StyleId _amount;
    private Cell[] _cells = new Cell[16];
    private int _count;
    private bool _finished;

    private XlsxExportSink(Spreadsheet spreadsheet, SyncWriteDeferringStream output)
    {
        _spreadsheet = spreadsheet;
        _output = output;
        _header = spreadsheet.AddStyle(new Style { Font = { Bold = true } });
        _time = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("yyyy-mm-dd\"T\"hh:mm:ss\"Z\"") });
        _amount = spreadsheet.AddStyle(new Style { Format = NumberFormat.Custom("0.00##") });
    }

    public static async Task<XlsxExportSink> CreateAsync(Stream destination, string sheetName, int columns, CancellationToken cancellationToken)
    {
        var output = new SyncWriteDeferringStream(destination);
        var spreadsheet = await Spreadsheet.CreateNewAsync(output, cancellationToken: cancellationToken);
        try
        {
            var options = new WorksheetOptions { FrozenRows = 1 };
            for (var column = 1; column <= columns; column++)
            {
                options.Column(column).Width = 18;
            }

            await spreadsheet.StartWorksheetAsync(sheetName, options, cancellationToken);
            return new XlsxExportSink(spreadsheet, output);
        }
        catch
        {
            await spreadsheet.DisposeAsync();
            await output.DisposeAsync();
            throw;
        }
    }

    public async ValueTask WriteHeaderAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        foreach (var name in names)
        {
            Add(new Cell(name, _header));
        }

        await EndRowAsync(cancellationToken);
    }

    public void Text(string? value) =>
        Add(new Cell(value is { Length: > MaxCellText } ? value[..MaxCellText] : value));

    public void Amount(decimal? value) => Add(new Cell(value, _amount));

    public void Number(long? value) => Add(new Cell(value));

    public void Flag(bool value) => Add(new Cell(value));

    public void Time(DateTimeOffset value) => Add(new Cell(value.UtcDateTime, _time));

    public async ValueTask EndRowAsync(CancellationToken cancellationToken)
    {
        await _spreadsheet.AddRowAsync(_cells.AsMemory(0, _count), cancellationToken);
        _count = 0;
    }

    // SpreadCheetah hands its buffer to the zip whenever it fills; the zip's deflater sends compressed blocks on as
    // they complete. There is nothing more to push between batches.
    public ValueTask FlushAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        await _spreadsheet.FinishAsync(cancellationToken);
        await _output.FlushAsync(cancellationToken);
        _finished = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _spreadsheet.DisposeAsync();
        }
        catch (Exception ex) when (!_finished && ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // As for CSV: the error that stopped the export is the one that counts.
        }
        finally
        {
            await _output.DisposeAsync();
        }
    }

    private void Add(Cell cell)
    {
        if (_count == _cells.Length)
        {
            Array.Resize(ref _cells, _cells.Length * 2);
        }

        _cells[_count++] = cell;
    }
}
