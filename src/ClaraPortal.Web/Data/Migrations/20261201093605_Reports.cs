using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PostedTransactions",
                columns: table => new
                {
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    PurchaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    CardPurchaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    MerchantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostedTransactions", x => new { x.Company, x.TransactionId });
                });

            migrationBuilder.CreateTable(
                name: "ReportLines",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PurchaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    CardPurchaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Last4 = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    SupplierName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Limit = table.Column<long>(type: "INTEGER", nullable: true),
                    Spent = table.Column<long>(type: "INTEGER", nullable: false),
                    Refunded = table.Column<long>(type: "INTEGER", nullable: false),
                    Declines = table.Column<int>(type: "INTEGER", nullable: false),
                    DeclinedAmount = table.Column<long>(type: "INTEGER", nullable: false),
                    Difference = table.Column<long>(type: "INTEGER", nullable: true),
                    Matched = table.Column<bool>(type: "INTEGER", nullable: false),
                    OverLimit = table.Column<bool>(type: "INTEGER", nullable: false),
                    Transactions = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportLines", x => new { x.ReportId, x.PurchaseId, x.Currency });
                });

            migrationBuilder.CreateTable(
                name: "Reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    To = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Progress = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaraReportId = table.Column<long>(type: "INTEGER", nullable: true),
                    TotalRows = table.Column<int>(type: "INTEGER", nullable: true),
                    FetchedRows = table.Column<int>(type: "INTEGER", nullable: false),
                    Purchases = table.Column<int>(type: "INTEGER", nullable: true),
                    Unmatched = table.Column<int>(type: "INTEGER", nullable: true),
                    OverLimit = table.Column<int>(type: "INTEGER", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    NextPollAt = table.Column<long>(type: "INTEGER", nullable: true),
                    QuietPolls = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    FailureMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ConcurrencyStamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportSchedules",
                columns: table => new
                {
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    DailyEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    DailyKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    LastDailyDay = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportSchedules", x => x.Company);
                });

            migrationBuilder.CreateTable(
                name: "ReportTransactions",
                columns: table => new
                {
                    ReportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RowNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    PurchaseId = table.Column<long>(type: "INTEGER", nullable: false),
                    TransactionId = table.Column<long>(type: "INTEGER", nullable: false),
                    PostedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    MerchantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Mcc = table.Column<string>(type: "TEXT", maxLength: 4, nullable: true),
                    RcnId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportTransactions", x => new { x.ReportId, x.RowNumber });
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostedTransactions_Company_CardPurchaseId",
                table: "PostedTransactions",
                columns: new[] { "Company", "CardPurchaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_PostedTransactions_Company_PostedAt",
                table: "PostedTransactions",
                columns: new[] { "Company", "PostedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLines_Company_ReportId_Matched_PurchaseId",
                table: "ReportLines",
                columns: new[] { "Company", "ReportId", "Matched", "PurchaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLines_Company_ReportId_OverLimit_PurchaseId",
                table: "ReportLines",
                columns: new[] { "Company", "ReportId", "OverLimit", "PurchaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportLines_Company_ReportId_PurchaseId",
                table: "ReportLines",
                columns: new[] { "Company", "ReportId", "PurchaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Company_CreatedAt_Id",
                table: "Reports",
                columns: new[] { "Company", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_Company_NextPollAt",
                table: "Reports",
                columns: new[] { "Company", "NextPollAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Reports_IdempotencyKey",
                table: "Reports",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReportTransactions_Company_ReportId_PurchaseId",
                table: "ReportTransactions",
                columns: new[] { "Company", "ReportId", "PurchaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PostedTransactions");

            migrationBuilder.DropTable(
                name: "ReportLines");

            migrationBuilder.DropTable(
                name: "Reports");

            migrationBuilder.DropTable(
                name: "ReportSchedules");

            migrationBuilder.DropTable(
                name: "ReportTransactions");
        }
    }
}
