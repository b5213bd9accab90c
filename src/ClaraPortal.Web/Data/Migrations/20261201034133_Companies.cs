using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class Companies : Migration
    {
        /// <inheritdoc />
        /// <remarks>
        /// Every row from before companies belongs to the owner of the Clara credentials: its key is empty (no
        /// X-Tax-Identifier), which is the value the new non-null columns start with.
        /// </remarks>
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_Suppliers",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Mcc",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Name",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_SearchText",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_TaxId",
                table: "Suppliers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_FundingCards",
                table: "FundingCards");

            migrationBuilder.DropIndex(
                name: "IX_CatalogSyncRuns_StartedAt",
                table: "CatalogSyncRuns");

            migrationBuilder.DropPrimaryKey(
                name: "PK_CardTemplates",
                table: "CardTemplates");

            migrationBuilder.DropIndex(
                name: "IX_CardTemplates_Name",
                table: "CardTemplates");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_ClaraPurchaseId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_IssuedBy_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_IssuedBy_Status",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_NeedsAttentionAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_NextResolveAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_PendingWriteKey",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Status",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_SupplierId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_TemplateId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_Action",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_ActorId",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_CardPurchaseId",
                table: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_RequestedBy",
                table: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Status_RequestedAt",
                table: "ApprovalRequests");

            migrationBuilder.AddColumn<string>(
                name: "CompanyPreference",
                table: "Users",
                type: "TEXT",
                maxLength: 13,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "Suppliers",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "FundingCards",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "CatalogSyncRuns",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "CardTemplates",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "AuditEvents",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Company",
                table: "ApprovalRequests",
                type: "TEXT",
                maxLength: 13,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Suppliers",
                table: "Suppliers",
                columns: new[] { "Company", "ClaraId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_FundingCards",
                table: "FundingCards",
                columns: new[] { "Company", "ClaraId" });

            migrationBuilder.AddPrimaryKey(
                name: "PK_CardTemplates",
                table: "CardTemplates",
                columns: new[] { "Company", "ClaraId" });

            migrationBuilder.CreateTable(
                name: "CompanyGrants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Company = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GrantedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompanyGrants", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Company_Mcc",
                table: "Suppliers",
                columns: new[] { "Company", "Mcc" });

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Company_Name",
                table: "Suppliers",
                columns: new[] { "Company", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Company_SearchText",
                table: "Suppliers",
                columns: new[] { "Company", "SearchText" });

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Company_TaxId",
                table: "Suppliers",
                columns: new[] { "Company", "TaxId" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogSyncRuns_Company_StartedAt",
                table: "CatalogSyncRuns",
                columns: new[] { "Company", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardTemplates_Company_Name",
                table: "CardTemplates",
                columns: new[] { "Company", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_ClaraPurchaseId",
                table: "CardPurchases",
                columns: new[] { "Company", "ClaraPurchaseId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_CreatedAt",
                table: "CardPurchases",
                columns: new[] { "Company", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt",
                table: "CardPurchases",
                columns: new[] { "Company", "IssuedBy", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_IssuedBy_Status",
                table: "CardPurchases",
                columns: new[] { "Company", "IssuedBy", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_NeedsAttentionAt",
                table: "CardPurchases",
                columns: new[] { "Company", "NeedsAttentionAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_NextResolveAt",
                table: "CardPurchases",
                columns: new[] { "Company", "NextResolveAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Company_PendingWriteKey",
                table: "CardPurchases",
                columns: new[] { "Company", "PendingWriteKey" });

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

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Company_CardPurchaseId",
                table: "ApprovalRequests",
                columns: new[] { "Company", "CardPurchaseId" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Company_RequestedBy",
                table: "ApprovalRequests",
                columns: new[] { "Company", "RequestedBy" });

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Company_Status_RequestedAt",
                table: "ApprovalRequests",
                columns: new[] { "Company", "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyGrants_Company_Subject",
                table: "CompanyGrants",
                columns: new[] { "Company", "Subject" });

            migrationBuilder.CreateIndex(
                name: "IX_CompanyGrants_Subject_Company_Role",
                table: "CompanyGrants",
                columns: new[] { "Subject", "Company", "Role" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CompanyGrants");

            migrationBuilder.DropPrimaryKey(
                name: "PK_Suppliers",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Company_Mcc",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Company_Name",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Company_SearchText",
                table: "Suppliers");

            migrationBuilder.DropIndex(
                name: "IX_Suppliers_Company_TaxId",
                table: "Suppliers");

            migrationBuilder.DropPrimaryKey(
                name: "PK_FundingCards",
                table: "FundingCards");

            migrationBuilder.DropIndex(
                name: "IX_CatalogSyncRuns_Company_StartedAt",
                table: "CatalogSyncRuns");

            migrationBuilder.DropPrimaryKey(
                name: "PK_CardTemplates",
                table: "CardTemplates");

            migrationBuilder.DropIndex(
                name: "IX_CardTemplates_Company_Name",
                table: "CardTemplates");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_ClaraPurchaseId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_IssuedBy_CreatedAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_IssuedBy_Status",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_NeedsAttentionAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_NextResolveAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_Company_PendingWriteKey",
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

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Company_CardPurchaseId",
                table: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Company_RequestedBy",
                table: "ApprovalRequests");

            migrationBuilder.DropIndex(
                name: "IX_ApprovalRequests_Company_Status_RequestedAt",
                table: "ApprovalRequests");

            migrationBuilder.DropColumn(
                name: "CompanyPreference",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "Suppliers");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "FundingCards");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "CatalogSyncRuns");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "CardTemplates");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "Company",
                table: "ApprovalRequests");

            migrationBuilder.AddPrimaryKey(
                name: "PK_Suppliers",
                table: "Suppliers",
                column: "ClaraId");

            migrationBuilder.AddPrimaryKey(
                name: "PK_FundingCards",
                table: "FundingCards",
                column: "ClaraId");

            migrationBuilder.AddPrimaryKey(
                name: "PK_CardTemplates",
                table: "CardTemplates",
                column: "ClaraId");

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Mcc",
                table: "Suppliers",
                column: "Mcc");

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_Name",
                table: "Suppliers",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_SearchText",
                table: "Suppliers",
                column: "SearchText");

            migrationBuilder.CreateIndex(
                name: "IX_Suppliers_TaxId",
                table: "Suppliers",
                column: "TaxId");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogSyncRuns_StartedAt",
                table: "CatalogSyncRuns",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardTemplates_Name",
                table: "CardTemplates",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_ClaraPurchaseId",
                table: "CardPurchases",
                column: "ClaraPurchaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_CreatedAt",
                table: "CardPurchases",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_IssuedBy_CreatedAt",
                table: "CardPurchases",
                columns: new[] { "IssuedBy", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_IssuedBy_Status",
                table: "CardPurchases",
                columns: new[] { "IssuedBy", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_NeedsAttentionAt",
                table: "CardPurchases",
                column: "NeedsAttentionAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_NextResolveAt",
                table: "CardPurchases",
                column: "NextResolveAt");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_PendingWriteKey",
                table: "CardPurchases",
                column: "PendingWriteKey");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_Status",
                table: "CardPurchases",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_SupplierId",
                table: "CardPurchases",
                column: "SupplierId");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_TemplateId",
                table: "CardPurchases",
                column: "TemplateId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_Action",
                table: "AuditEvents",
                column: "Action");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_ActorId",
                table: "AuditEvents",
                column: "ActorId");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_EntityType_EntityId",
                table: "AuditEvents",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEvents_OccurredAt",
                table: "AuditEvents",
                column: "OccurredAt");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_CardPurchaseId",
                table: "ApprovalRequests",
                column: "CardPurchaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_RequestedBy",
                table: "ApprovalRequests",
                column: "RequestedBy");

            migrationBuilder.CreateIndex(
                name: "IX_ApprovalRequests_Status_RequestedAt",
                table: "ApprovalRequests",
                columns: new[] { "Status", "RequestedAt" });
        }
    }
}
