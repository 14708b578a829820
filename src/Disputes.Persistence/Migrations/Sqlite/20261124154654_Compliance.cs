using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Compliance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Action = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Data = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "external_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BodyId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Implemented = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReportedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ReportedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_external_outcomes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "local_dsa_statements",
                columns: table => new
                {
                    Puid = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_local_dsa_statements", x => x.Puid);
                });

            migrationBuilder.CreateTable(
                name: "statement_submissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StatementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Puid = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AttemptedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HttpStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    Accepted = table.Column<bool>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_submissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "statements_of_reasons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Puid = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DecisionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Restriction = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AffectedAccountId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcceptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statements_of_reasons", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Action_At",
                table: "audit_entries",
                columns: new[] { "Action", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_At",
                table: "audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_CaseId_Sequence",
                table: "audit_entries",
                columns: new[] { "CaseId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Hash",
                table: "audit_entries",
                column: "Hash");

            migrationBuilder.CreateIndex(
                name: "IX_audit_entries_Sequence",
                table: "audit_entries",
                column: "Sequence",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_external_outcomes_ComplaintId",
                table: "external_outcomes",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_external_outcomes_DecidedAt",
                table: "external_outcomes",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_local_dsa_statements_ReceivedAt",
                table: "local_dsa_statements",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_statement_submissions_Accepted_AttemptedAt",
                table: "statement_submissions",
                columns: new[] { "Accepted", "AttemptedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_statement_submissions_StatementId_AttemptedAt",
                table: "statement_submissions",
                columns: new[] { "StatementId", "AttemptedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_statements_of_reasons_ComplaintId_DecisionNumber",
                table: "statements_of_reasons",
                columns: new[] { "ComplaintId", "DecisionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_statements_of_reasons_IssuedAt",
                table: "statements_of_reasons",
                column: "IssuedAt");

            migrationBuilder.CreateIndex(
                name: "IX_statements_of_reasons_Puid",
                table: "statements_of_reasons",
                column: "Puid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_statements_of_reasons_Status_NextAttemptAt",
                table: "statements_of_reasons",
                columns: new[] { "Status", "NextAttemptAt" });

            // The audit trail is append-only: the database itself refuses to change or remove an entry.
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END;");
            migrationBuilder.Sql("CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_update;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_delete;");
            migrationBuilder.DropTable(
                name: "audit_entries");

            migrationBuilder.DropTable(
                name: "external_outcomes");

            migrationBuilder.DropTable(
                name: "local_dsa_statements");

            migrationBuilder.DropTable(
                name: "statement_submissions");

            migrationBuilder.DropTable(
                name: "statements_of_reasons");
        }
    }
}
