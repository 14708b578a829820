using Disputes.Persistence.Complaints;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <summary>The task projection holds staff tasks only: no queue shows a party's step (<see cref="Disputes.Persistence.Complaints.CaseTaskProjection"/>).</summary>
    public partial class CaseTasksStaffOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.StaffOnlyPostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Disputes.Persistence.Complaints.CaseTaskProjection.StaffOnlyPostgresDown);
        }
    }
}
