using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseTaskProjection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "case_tasks",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TaskId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    InstanceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ActivityId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Assignee = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AssignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SortAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_case_tasks", x => x.Seq);
                });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_Assignee_AssignedAt_Seq",
                table: "case_tasks",
                columns: new[] { "Assignee", "AssignedAt", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_Assignee_Category_SortAt",
                table: "case_tasks",
                columns: new[] { "Assignee", "Category", "SortAt" });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_Assignee_SortAt_Seq",
                table: "case_tasks",
                columns: new[] { "Assignee", "SortAt", "Seq" })
                .Annotation("Npgsql:IndexInclude", new[] { "Role", "ActivityId", "DueAt", "Category", "AmountPaid", "Language", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_CaseId",
                table: "case_tasks",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_Role_ActivityId_Assignee",
                table: "case_tasks",
                columns: new[] { "Role", "ActivityId", "Assignee" });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_SortAt_Seq",
                table: "case_tasks",
                columns: new[] { "SortAt", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_case_tasks_TaskId",
                table: "case_tasks",
                column: "TaskId",
                unique: true);

            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.PostgresDown);
            migrationBuilder.DropTable(
                name: "case_tasks");
        }
    }
}
