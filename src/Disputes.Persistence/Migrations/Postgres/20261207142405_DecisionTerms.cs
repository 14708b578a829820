using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DecisionTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_decision_terms",
                columns: table => new
                {
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Facet = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Value = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CaseNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_decision_terms", x => new { x.ComplaintId, x.Number, x.Facet, x.Value });
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_decision_terms_Facet_Value_Category_DecidedAt_CaseNumb~",
                table: "case_decision_terms",
                columns: new[] { "Facet", "Value", "Category", "DecidedAt", "CaseNumber", "Number" },
                descending: new[] { false, false, false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_case_decision_terms_Facet_Value_DecidedAt_CaseNumber_Number",
                table: "case_decision_terms",
                columns: new[] { "Facet", "Value", "DecidedAt", "CaseNumber", "Number" },
                descending: new[] { false, false, true, false, false });

            // The triggers that keep the terms, and the terms of the decisions stored now (ADR 0011).
            migrationBuilder.Sql(Disputes.Persistence.Compliance.DecisionTerms.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Compliance.DecisionTerms.PostgresDown);

            migrationBuilder.DropTable(
                name: "case_decision_terms");
        }
    }
}
