using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "local_effects",
                columns: table => new
                {
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    AppliedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Deliveries = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_local_effects", x => x.IdempotencyKey);
                });

            migrationBuilder.CreateTable(
                name: "wf_bookmarks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Assignee = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ConsumedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConsumedBy = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_bookmarks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_idempotency_keys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    RequestHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Response = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_idempotency_keys", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "wf_incidents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    TokenId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OutboxMessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Message = table.Column<string>(type: "TEXT", nullable: false),
                    Details = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_instances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DefinitionId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DefinitionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CorrelationId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    State = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    JournalSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_instances", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_journal",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_journal", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "wf_timers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    InstanceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TokenId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_wf_timers", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_local_effects_AppliedAt",
                table: "local_effects",
                column: "AppliedAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_ActivityId_InstanceId",
                table: "wf_bookmarks",
                columns: new[] { "ActivityId", "InstanceId" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_CorrelationId_Name",
                table: "wf_bookmarks",
                columns: new[] { "CorrelationId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_InstanceId_Name",
                table: "wf_bookmarks",
                columns: new[] { "InstanceId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_bookmarks_Role_Assignee_DueAt",
                table: "wf_bookmarks",
                columns: new[] { "Role", "Assignee", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_idempotency_keys_CreatedAt",
                table: "wf_idempotency_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_incidents_ActivityId_InstanceId",
                table: "wf_incidents",
                columns: new[] { "ActivityId", "InstanceId" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_incidents_InstanceId",
                table: "wf_incidents",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_incidents_ResolvedAt_CreatedAt",
                table: "wf_incidents",
                columns: new[] { "ResolvedAt", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_CorrelationId",
                table: "wf_instances",
                column: "CorrelationId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_DefinitionId_DefinitionVersion_Status",
                table: "wf_instances",
                columns: new[] { "DefinitionId", "DefinitionVersion", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_instances_Status_CreatedAt",
                table: "wf_instances",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_journal_At",
                table: "wf_journal",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_wf_journal_InstanceId_Sequence",
                table: "wf_journal",
                columns: new[] { "InstanceId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_IdempotencyKey",
                table: "wf_outbox",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_InstanceId",
                table: "wf_outbox",
                column: "InstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_wf_outbox_Status_NextAttemptAt",
                table: "wf_outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_timers_ActivityId_InstanceId",
                table: "wf_timers",
                columns: new[] { "ActivityId", "InstanceId" });

            migrationBuilder.CreateIndex(
                name: "IX_wf_timers_DueAt",
                table: "wf_timers",
                column: "DueAt");

            migrationBuilder.CreateIndex(
                name: "IX_wf_timers_InstanceId",
                table: "wf_timers",
                column: "InstanceId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "local_effects");

            migrationBuilder.DropTable(
                name: "wf_bookmarks");

            migrationBuilder.DropTable(
                name: "wf_idempotency_keys");

            migrationBuilder.DropTable(
                name: "wf_incidents");

            migrationBuilder.DropTable(
                name: "wf_instances");

            migrationBuilder.DropTable(
                name: "wf_journal");

            migrationBuilder.DropTable(
                name: "wf_outbox");

            migrationBuilder.DropTable(
                name: "wf_timers");
        }
    }
}
