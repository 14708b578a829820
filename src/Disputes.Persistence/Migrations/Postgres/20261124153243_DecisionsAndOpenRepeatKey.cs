using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DecisionsAndOpenRepeatKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_decisions",
                columns: table => new
                {
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    ComplainantSide = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    BuyerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SellerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeKinds = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Clauses = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ApprovedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ApprovedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    NeedsSecondApproval = table.Column<bool>(type: "boolean", nullable: false),
                    AppealableUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_decisions", x => new { x.ComplaintId, x.Number });
                });

            migrationBuilder.CreateIndex(
                name: "UX_complaints_open_repeat_key",
                table: "complaints",
                column: "RepeatKey",
                unique: true,
                filter: "\"Status\" NOT IN ('Closed', 'Settled')");

            migrationBuilder.CreateIndex(
                name: "IX_case_decisions_Category_DecidedAt",
                table: "case_decisions",
                columns: new[] { "Category", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_case_decisions_DecidedAt",
                table: "case_decisions",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_case_decisions_DecidedBy_DecidedAt",
                table: "case_decisions",
                columns: new[] { "DecidedBy", "DecidedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "case_decisions");

            migrationBuilder.DropIndex(
                name: "UX_complaints_open_repeat_key",
                table: "complaints");
        }
    }
}
