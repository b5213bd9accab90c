using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnsettledWrites : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "NeedsAttentionAt",
                table: "CardPurchases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NeedsAttentionReason",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "NextResolveAt",
                table: "CardPurchases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingWrite",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PendingWriteAt",
                table: "CardPurchases",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingWriteJson",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PendingWriteKey",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 80,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResolveAttempts",
                table: "CardPurchases",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

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

            // Rows left unsettled before the resolver existed get a resolve time, so it finds them (the whole query).
            migrationBuilder.Sql("""UPDATE "CardPurchases" SET "NextResolveAt" = "UpdatedAt" WHERE "Status" IN ('Requested', 'OutcomeUnknown')""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_NeedsAttentionAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_NextResolveAt",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_PendingWriteKey",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "NeedsAttentionAt",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "NeedsAttentionReason",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "NextResolveAt",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "PendingWrite",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "PendingWriteAt",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "PendingWriteJson",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "PendingWriteKey",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "ResolveAttempts",
                table: "CardPurchases");
        }
    }
}
