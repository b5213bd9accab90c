using ClaraPortal.Web.Data;
using ClaraPortal.Web.Data.Entities;
using ClaraPortal.Web.Features.Reports;
using ClaraPortal.Web.Tests.Features.Cards;
using Microsoft.EntityFrameworkCore;

namespace ClaraPortal.Web.Tests.Features.Dashboard;

/// <summary>Cards, the reports' ledger and approval requests written straight into a test database, as the dashboard reads them.</summary>
internal static class DashboardSeed
{
    public static readonly (long Id, string Name) Airline = (1, "Aerolínea Azul");
    public static readonly (long Id, string Name) Hotel = (2, "Hotel Núñez");
    public static readonly (long Id, string Name) Purchases = (10, "Compras Generales");
    public static readonly (long Id, string Name) Travel = (11, "Viajes");

    private static long _transactionId;

    /// <summary>A card with its supplier's and template's names as the catalog gave them when it was issued.</summary>
    public static CardPurchase Card(
        string issuedBy,
        decimal amount,
        DateTimeOffset createdAt,
        (long Id, string Name)? supplier = null,
        (long Id, string Name)? template = null,
        string currency = "MXN",
        CardPurchaseStatus status = CardPurchaseStatus.Active,
        DateOnly? validTo = null)
    {
        var (supplierId, supplierName) = supplier ?? Airline;
        var (templateId, templateName) = template ?? Purchases;
        var card = CardSeed.Card(issuedBy, amount, status, supplierId, templateId, createdAt, currency: currency, validTo: validTo);
        card.SupplierName = supplierName;
        card.TemplateName = templateName;
        return card;
    }

    /// <summary>A transaction a report brought in, on <paramref name="card"/> (null: a purchase the portal does not know).</summary>
    public static PostedTransaction Posted(CardPurchase? card, DateTimeOffset postedAt, string type, decimal amount, string? currency = null) => new()
    {
        TransactionId = Interlocked.Increment(ref _transactionId),
        PurchaseId = card?.ClaraPurchaseId ?? 7_000 + _transactionId,
        CardPurchaseId = card?.Id,
        PostedAt = postedAt,
        Type = type,
        Amount = amount,
        Currency = currency ?? card?.Currency ?? "MXN",
        MerchantName = card?.SupplierName,
    };

    public static PostedTransaction Charge(CardPurchase? card, DateTimeOffset at, decimal amount) => Posted(card, at, TransactionType.Charge, amount);

    /// <summary>A finished reconciliation report covering up to <paramref name="to"/>: spend figures exist from then on.</summary>
    public static ReconciliationReport ReadyReport(DateOnly to, ReportState state = ReportState.Ready) => new()
    {
        Id = Guid.NewGuid(),
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Kind = ReportKind.Clearing,
        From = to.AddDays(-30),
        To = to,
        State = state,
        RequestedBy = "dev-auditor",
        RequestedByName = "Aurora Auditor",
        CreatedAt = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        UpdatedAt = new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
        // As the service records an ending: the dashboard's kept figures watch it.
        CompletedAt = state is ReportState.Ready or ReportState.Failed ? new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
    };

    public static ApprovalRequest Request(string requestedBy, decimal amount, DateTimeOffset requestedAt, ApprovalStatus status = ApprovalStatus.Pending, string? supplierName = null) => new()
    {
        Id = Guid.NewGuid(),
        Kind = "IssueCard",
        Summary = $"Card for {supplierName ?? "a supplier"}",
        Amount = amount,
        Currency = "MXN",
        Status = status,
        RequestedBy = requestedBy,
        RequestedByName = requestedBy == "dev-issuer" ? "Isabel Issuer" : "Other " + requestedBy,
        RequestedAt = requestedAt,
        RequiredApprovals = 1,
        SupplierId = Airline.Id,
        TemplateId = Purchases.Id,
    };

    public static async Task AddAsync(IDbContextFactory<PortalDbContext> database, params object[] rows)
    {
        await using var db = await database.CreateDbContextAsync();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }
}
