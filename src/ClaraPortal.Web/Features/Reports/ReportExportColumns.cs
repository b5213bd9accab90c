using System.Globalization;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Exports;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.Reports;

/// <summary>
/// The columns of a report's export, one row per purchase and currency as the page's grid shows them. Headers are in the
/// user's language; values are data: invariant numbers, the currency in its own column, yes/no as true/false, ids as
/// text. Never a card number: the portal holds the last four only.
/// </summary>
internal static class ReportExportColumns
{
    private static readonly string[] Keys =
    [
        "ClaraId", "CardId", "Last4", "Supplier", "Reference", "Currency", "Limit", "Spent", "Refunded", "Declines",
        "DeclinedAmount", "Difference", "Matched", "OverLimit", "Transactions",
    ];

    public static ExportTable<ReportLine> Lines(IStringLocalizer localizer) =>
        new("report lines", localizer["Reports.Export.Sheet"].Value, [.. Keys.Select(key => localizer[$"Reports.Export.Column.{key}"].Value)], Write);

    public static void Write(IExportSink sink, ReportLine line)
    {
        // Ids as text: a 14-digit number would show as 9.9E+13 in a spreadsheet.
        sink.Text(line.PurchaseId.ToString(CultureInfo.InvariantCulture));
        sink.Text(line.CardPurchaseId?.ToString());
        sink.Text(line.Last4);
        sink.Text(line.SupplierName);
        sink.Text(line.Reference);
        sink.Text(line.Currency);
        sink.Amount(line.Limit);
        sink.Amount(line.Spent);
        sink.Amount(line.Refunded);
        sink.Number(line.Declines);
        sink.Amount(line.DeclinedAmount);
        sink.Amount(line.Difference);
        sink.Flag(line.Matched);
        sink.Flag(line.OverLimit);
        sink.Number(line.Transactions);
    }
}
