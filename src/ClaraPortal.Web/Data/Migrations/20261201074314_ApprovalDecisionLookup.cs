using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ClaraPortal.Web.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApprovalDecisionLookup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ApprovalDecisions_Company_ApprovalRequestId",
                table: "ApprovalDecisions",
                columns: new[] { "Company", "ApprovalRequestId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ApprovalDecisions_Company_ApprovalRequestId",
                table: "ApprovalDecisions");
        }
    }
}
