using System.Globalization;
using ClaraPortal.Web.Exports;
using Microsoft.Extensions.Localization;

namespace ClaraPortal.Web.Features.History;

/// <summary>
/// The columns of each tab's export, defined once for every format. Headers are in the user's language (the file is
/// read by people); values are data: ISO 8601 UTC times, numeric amounts with the currency in its own column, status and
/// action codes as the portal's addresses and the events name them. Never a card number: rows hold the last four only.
/// </summary>
internal static class HistoryExportColumns
{
    private static readonly string[] CardKeys =
    [
        "Created", "Issuer", "Supplier", "Template", "FundingCard", "Amount", "Currency", "Status",
        "ApprovalStatus", "ApprovalsGiven", "ApprovalsRequired", "Approvers", "ClaraId", "Last4", "Reference", "CardId",
    ];

    private static readonly string[] EventKeys =
    [
        "Time", "User", "UserId", "Action", "EntityType", "EntityId", "Before", "After", "EventId",
    ];

    public static ExportTable<CardHistoryRow> Cards(IStringLocalizer localizer) =>
        new("history cards", localizer["History.Export.Sheet.Cards"].Value, Headers(CardKeys, localizer), Write);

    public static ExportTable<EventHistoryRow> Events(IStringLocalizer localizer) =>
        new("history events", localizer["History.Export.Sheet.Events"].Value, Headers(EventKeys, localizer), Write);

    private static string[] Headers(string[] keys, IStringLocalizer localizer) =>
        [.. keys.Select(key => localizer[$"History.Export.Column.{key}"].Value)];

    public static void Write(IExportSink sink, CardHistoryRow row)
    {
        sink.Time(row.CreatedAt);
        sink.Text(row.IssuedByName);
        sink.Text(row.SupplierName);
        sink.Text(row.TemplateName);
        sink.Text(row.FundingCardName);
        sink.Amount(row.Amount);
        sink.Text(row.Currency);
        sink.Text(row.Status.ToString());
        sink.Text(row.Approval?.Status.ToString());
        sink.Number(row.Approval?.ApprovalsGiven);
        sink.Number(row.Approval?.RequiredApprovals);
        sink.Text(row.Approval is { Approvers.Count: > 0 } approval ? string.Join("; ", approval.Approvers) : null);
        // Ids as text: a 14-digit number would show as 9.9E+13 in a spreadsheet.
        sink.Text(row.ClaraPurchaseId?.ToString(CultureInfo.InvariantCulture));
        sink.Text(row.Last4);
        sink.Text(row.Reference);
        sink.Text(row.Id.ToString());
    }

    public static void Write(IExportSink sink, EventHistoryRow row)
    {
        sink.Time(row.OccurredAt);
        sink.Text(row.ActorName);
        sink.Text(row.ActorId);
        sink.Text(row.Action);
        sink.Text(row.EntityType);
        sink.Text(row.EntityId);
        sink.Text(row.BeforeJson);
        sink.Text(row.AfterJson);
        sink.Number(row.Id);
    }
}
