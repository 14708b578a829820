using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Disputes.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Complaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OrderId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Items = table.Column<string>(type: "text", nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "text", nullable: false),
                    Language = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    ComplainantId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ComplainantSide = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    BuyerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SellerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    RefundedSoFar = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    RecommendedChannel = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ChannelReason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ExpertReasons = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FiledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Messages = table.Column<string>(type: "text", nullable: false),
                    Evidence = table.Column<string>(type: "text", nullable: false),
                    Decisions = table.Column<string>(type: "text", nullable: false),
                    Settlement = table.Column<string>(type: "text", nullable: true),
                    DecisionParticipants = table.Column<string>(type: "text", nullable: false),
                    WorkflowInstanceId = table.Column<Guid>(type: "uuid", nullable: true),
                    RepeatKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evidence_contents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evidence_contents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "local_mailbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RecipientId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "text", nullable: false),
                    Language = table.Column<string>(type: "text", nullable: false),
                    Subject = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Template = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ComplaintId = table.Column<Guid>(type: "uuid", nullable: true),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_local_mailbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reviewer_conflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewerId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AccountId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    DeclaredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reviewer_conflicts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_BuyerId",
                table: "complaints",
                column: "BuyerId");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_Number",
                table: "complaints",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_complaints_RepeatKey_Status",
                table: "complaints",
                columns: new[] { "RepeatKey", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_SellerId",
                table: "complaints",
                column: "SellerId");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_Status_FiledAt",
                table: "complaints",
                columns: new[] { "Status", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_evidence_contents_ComplaintId",
                table: "evidence_contents",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_local_mailbox_ComplaintId",
                table: "local_mailbox",
                column: "ComplaintId");

            migrationBuilder.CreateIndex(
                name: "IX_local_mailbox_IdempotencyKey",
                table: "local_mailbox",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_local_mailbox_RecipientId_SentAt",
                table: "local_mailbox",
                columns: new[] { "RecipientId", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reviewer_conflicts_AccountId",
                table: "reviewer_conflicts",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_reviewer_conflicts_ReviewerId",
                table: "reviewer_conflicts",
                column: "ReviewerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaints");

            migrationBuilder.DropTable(
                name: "evidence_contents");

            migrationBuilder.DropTable(
                name: "local_mailbox");

            migrationBuilder.DropTable(
                name: "reviewer_conflicts");
        }
    }
}
