using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class HistoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_Status",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_SupplierId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_TemplateId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_Action",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_ActorId",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_EntityType_EntityId",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.AddColumn<string>(
                name: "FundingCardName",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "ReferenceKey",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SupplierName",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TemplateName",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Cards recorded before history kept the catalog's names take them from the catalog as it stands now, and the
            // reference's search key as CardPurchase.SearchKey makes it (UPPER covers ASCII, which is what references hold).
            // Plain SQL that SQLite and PostgreSQL both run.
            migrationBuilder.Sql("""
                UPDATE "CardPurchases" SET
                    "SupplierName" = COALESCE((SELECT s."Name" FROM "Suppliers" s WHERE s."Company" = "CardPurchases"."Company" AND s."ClaraId" = "CardPurchases"."SupplierId"), ''),
                    "TemplateName" = COALESCE((SELECT t."Name" FROM "CardTemplates" t WHERE t."Company" = "CardPurchases"."Company" AND t."ClaraId" = "CardPurchases"."TemplateId"), ''),
                    "FundingCardName" = COALESCE((SELECT f."Alias" FROM "FundingCards" f WHERE f."Company" = "CardPurchases"."Company" AND f."ClaraId" = "CardPurchases"."FundingCardId"), ''),
                    "ReferenceKey" = NULLIF(UPPER(TRIM("Reference")), '')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_Amount_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "Amount", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_ClaraPurchaseId_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "ClaraPurchaseId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_FundingCardId_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "FundingCardId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_FundingCardName_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "FundingCardName", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "IssuedBy", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_IssuedByName_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "IssuedByName", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_Last4_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "Last4", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_ReferenceKey_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "ReferenceKey", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_Status_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "Status", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_SupplierId_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "SupplierId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_SupplierName_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "SupplierName", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_TemplateId_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "TemplateId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_TemplateName_CreatedAt_Id",
                table: "CardPurchases",
                columns: new[] { "Company", "TemplateName", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_Action_OccurredAt_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "Action", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_ActorId_OccurredAt_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "ActorId", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_ActorName_OccurredAt_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "ActorName", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_EntityType_EntityId_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "EntityType", "EntityId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_EntityType_OccurredAt_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "EntityType", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_OccurredAt_Id",
                table: "AuditEvents",
                columns: new[] { "Company", "OccurredAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Company_IssuedCardPurchaseId",
                table: "ApprovalRequests",
                columns: new[] { "Company", "IssuedCardPurchaseId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_Amount_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_ClaraPurchaseId_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_FundingCardId_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_FundingCardName_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_IssuedByName_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_Last4_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_ReferenceKey_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_Status_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_SupplierId_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_SupplierName_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_TemplateId_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_TemplateName_CreatedAt_Id",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_Action_OccurredAt_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_ActorId_OccurredAt_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_ActorName_OccurredAt_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_EntityType_EntityId_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_EntityType_OccurredAt_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Company_OccurredAt_Id",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Company_IssuedCardPurchaseId",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "FundingCardName",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "ReferenceKey",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "SupplierName",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "TemplateName",
                table: "CardPurchases");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_CreatedAt",
                table: "CardPurchases",
                columns: new[] { "Company", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt",
                table: "CardPurchases",
                columns: new[] { "Company", "IssuedBy", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_Status",
                table: "CardPurchases",
                columns: new[] { "Company", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_SupplierId",
                table: "CardPurchases",
                columns: new[] { "Company", "SupplierId" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_TemplateId",
                table: "CardPurchases",
                columns: new[] { "Company", "TemplateId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_Action",
                table: "AuditEvents",
                columns: new[] { "Company", "Action" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_ActorId",
                table: "AuditEvents",
                columns: new[] { "Company", "ActorId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_EntityType_EntityId",
                table: "AuditEvents",
                columns: new[] { "Company", "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Company_OccurredAt",
                table: "AuditEvents",
                columns: new[] { "Company", "OccurredAt" });
        }
    }
}
