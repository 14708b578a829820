using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
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
                    Seq = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Assignee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AssignedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SortAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                columns: new[] { "Assignee", "SortAt", "Seq" });

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

            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.SqliteDown);
            migrationBuilder.DropTable(
                name: "case_tasks");
        }
    }
}
