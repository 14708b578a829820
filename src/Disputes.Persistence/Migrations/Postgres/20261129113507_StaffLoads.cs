using Disputes.Persistence.Complaints;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <summary>Per-person counters of open assigned tasks, kept by a trigger on wf_bookmarks (<see cref="StaffLoadsSql"/>).</summary>
    public partial class StaffLoads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StaffLoadsSql.PostgresUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(StaffLoadsSql.PostgresDown);
        }
    }
}
