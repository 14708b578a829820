using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Data = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "external_outcomes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    BodyId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Implemented = table.Column<bool>(type: "boolean", nullable: false),
                    ReportedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ReportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_external_outcomes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "local_dsa_statements",
                columns: table => new
                {
                    Puid = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_local_dsa_statements", x => x.Puid);
                });

            migrationBuilder.CreateTable(
                name: "statement_submissions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Puid = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: false),
                    AttemptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    HttpStatus = table.Column<int>(type: "integer", nullable: false),
                    Accepted = table.Column<bool>(type: "boolean", nullable: false),
                    Response = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_statement_submissions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "statements_of_reasons",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Puid = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    DecisionNumber = table.Column<int>(type: "integer", nullable: false),
                    Restriction = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AffectedAccountId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcceptedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true)
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
            migrationBuilder.Sql("""
                CREATE FUNCTION audit_entries_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_entries is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
                END;
                $$;
                CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
                    FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change();
                CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries
                    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_refuse_change();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries; DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries; DROP FUNCTION IF EXISTS audit_entries_refuse_change();");
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
