using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class CardBrandAndListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Brand",
                table: "CardPurchases",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_IssuedBy_Status",
                table: "CardPurchases",
                columns: new[] { "IssuedBy", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_SupplierId",
                table: "CardPurchases",
                column: "SupplierId");

            migrationBuilder.CreateIndex(
                name: "IX_CardPurchases_TemplateId",
                table: "CardPurchases",
                column: "TemplateId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_IssuedBy_Status",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_SupplierId",
                table: "CardPurchases");

            migrationBuilder.DropIndex(
                name: "IX_CardPurchases_TemplateId",
                table: "CardPurchases");

            migrationBuilder.DropColumn(
                name: "Brand",
                table: "CardPurchases");
        }
    }
}
