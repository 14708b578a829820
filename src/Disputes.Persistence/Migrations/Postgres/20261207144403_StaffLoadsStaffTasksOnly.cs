using Disputes.Persistence.Complaints;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <summary>The counters count staff tasks only: a party's steps are never assigned by load (<see cref="StaffLoadsSql"/>).</summary>
    public partial class StaffLoadsStaffTasksOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StaffLoadsSql.StaffTasksOnlyPostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StaffLoadsSql.StaffTasksOnlyPostgresDown);
        }
    }
}
