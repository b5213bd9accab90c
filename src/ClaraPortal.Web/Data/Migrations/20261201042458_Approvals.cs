using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Approvals : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ApprovalsGiven",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FailureMessage",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "IssuedCardPurchaseId",
                table: "ApprovalRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Justification",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PolicyJson",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "RequestKey",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RequiredApprovals",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "RevealedAt",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RuleKey",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SupplierId",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TemplateId",
                table: "ApprovalRequests",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ValidTo",
                table: "ApprovalRequests",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ApprovalBands",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    AutoApproveUpTo = table.Column<long>(type: "INTEGER", nullable: false),
                    TwoApproversAbove = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalBands", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApprovalDecisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ApprovalRequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApproverSubject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApproverName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Verdict = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Amount = table.Column<long>(type: "INTEGER", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApprovalDecisions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IssuerAuthorities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    SingleCardLimit = table.Column<long>(type: "INTEGER", nullable: true),
                    MonthlyBudget = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IssuerAuthorities", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Company_Status_ExpiresAt",
                table: "ApprovalRequests",
                columns: new[] { "Company", "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_RequestKey",
                table: "ApprovalRequests",
                column: "RequestKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalBands_Company_TemplateId_Currency",
                table: "ApprovalBands",
                columns: new[] { "Company", "TemplateId", "Currency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_ApprovalRequestId_ApproverSubject",
                table: "ApprovalDecisions",
                columns: new[] { "ApprovalRequestId", "ApproverSubject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_Company_ApproverSubject",
                table: "ApprovalDecisions",
                columns: new[] { "Company", "ApproverSubject" });

            migrationBuilder.CreateIndex(
                name: "IX_IssuerAuthorities_Company_Subject_Currency",
                table: "IssuerAuthorities",
                columns: new[] { "Company", "Subject", "Currency" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApprovalBands");

            migrationBuilder.DropTable(
                name: "ApprovalDecisions");

            migrationBuilder.DropTable(
                name: "IssuerAuthorities");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Company_Status_ExpiresAt",
                table: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_RequestKey",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "ApprovalsGiven",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "FailureMessage",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "IssuedCardPurchaseId",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "Justification",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "PolicyJson",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "RequestKey",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "RequiredApprovals",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "RevealedAt",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "RuleKey",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "SupplierId",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "TemplateId",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "ValidTo",
                table: "ApprovalRequests");
        }
    }
}
