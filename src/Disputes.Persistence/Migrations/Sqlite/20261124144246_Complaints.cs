using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Disputes.Persistence.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OrderId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Items = table.Column<string>(type: "TEXT", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 5, nullable: false),
                    ComplainantId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ComplainantSide = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    BuyerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SellerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    AmountPaid = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RefundedSoFar = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: false),
                    RecommendedChannel = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ChannelReason = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ExpertReasons = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FiledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Messages = table.Column<string>(type: "TEXT", nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", nullable: false),
                    Decisions = table.Column<string>(type: "TEXT", nullable: false),
                    Settlement = table.Column<string>(type: "TEXT", nullable: true),
                    DecisionParticipants = table.Column<string>(type: "TEXT", nullable: false),
                    WorkflowInstanceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RepeatKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "evidence_contents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evidence_contents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "local_mailbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    RecipientId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: false),
                    Language = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Template = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ComplaintId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_local_mailbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reviewer_conflicts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewerId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AccountId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DeclaredAt = table.Column<long>(type: "INTEGER", nullable: false)
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
