using Disputes.Persistence.Compliance;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AuditSealingAndReads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite alters a column by copying the table; EF would do it after every other step and drop the triggers
            // made here, so the copy is written out first, then the triggers.
            migrationBuilder.Sql(AuditSealingSql.SqliteDropTriggers);
            migrationBuilder.Sql(AuditSealingSql.SqliteRebuildUp);

            migrationBuilder.CreateTable(
                name: "audit_tree_heads",
                columns: table => new
                {
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    FirstSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LastEntryHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PreviousHeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SealedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    HeadHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_tree_heads", x => x.Number);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_tree_heads_LastSequence",
                table: "audit_tree_heads",
                column: "LastSequence",
                unique: true);

            migrationBuilder.Sql(AuditSealingSql.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AuditSealingSql.SqliteDown);
            migrationBuilder.DropTable(
                name: "audit_tree_heads");
            migrationBuilder.Sql(AuditSealingSql.SqliteDropTriggers);
            migrationBuilder.Sql(AuditSealingSql.SqliteRebuildDown);
        }
    }
}
