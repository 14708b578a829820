using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class JournalKeyedByOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_wf_journal",
                table: "wf_journal");

            migrationBuilder.DropIndex(
                name: "IX_wf_journal_At",
                table: "wf_journal");

            migrationBuilder.DropIndex(
                name: "IX_wf_journal_InstanceId_Sequence",
                table: "wf_journal");

            migrationBuilder.AddPrimaryKey(
                name: "PK_wf_journal",
                table: "wf_journal",
                columns: new[] { "InstanceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_journal_deadlines_At",
                table: "wf_journal",
                columns: new[] { "At", "ActivityId" },
                filter: "\"Event\" = 'DeadlinePassed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropPrimaryKey(
                name: "PK_wf_journal",
                table: "wf_journal");

            migrationBuilder.DropIndex(
                name: "IX_wf_journal_deadlines_At",
                table: "wf_journal");

            migrationBuilder.AddPrimaryKey(
                name: "PK_wf_journal",
                table: "wf_journal",
                column: "Id");

            migrationBuilder.CreateIndex(
                name: "IX_wf_journal_At",
                table: "wf_journal",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_wf_journal_InstanceId_Sequence",
                table: "wf_journal",
                columns: new[] { "InstanceId", "Sequence" },
                unique: true);
        }
    }
}
