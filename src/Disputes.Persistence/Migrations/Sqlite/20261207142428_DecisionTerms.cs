using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
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
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Facet = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CaseNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_decision_terms", x => new { x.ComplaintId, x.Number, x.Facet, x.Value });
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_decision_terms_Facet_Value_Category_DecidedAt_CaseNumber_Number",
                table: "case_decision_terms",
                columns: new[] { "Facet", "Value", "Category", "DecidedAt", "CaseNumber", "Number" },
                descending: new[] { false, false, false, true, false, false });

            migrationBuilder.CreateIndex(
                name: "IX_case_decision_terms_Facet_Value_DecidedAt_CaseNumber_Number",
                table: "case_decision_terms",
                columns: new[] { "Facet", "Value", "DecidedAt", "CaseNumber", "Number" },
                descending: new[] { false, false, true, false, false });

            // The triggers that keep the terms, and the terms of the decisions stored now (ADR 0011).
            migrationBuilder.Sql(Disputes.Persistence.Compliance.DecisionTerms.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Compliance.DecisionTerms.SqliteDown);

            migrationBuilder.DropTable(
                name: "case_decision_terms");
        }
    }
}
