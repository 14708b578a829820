using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

/// <summary>How the compliance tables are stored: audit trail, statements of reasons, external outcomes, local DSA sink.</summary>
internal static class AuditAndReportingModel
{
    public static void Configure(ModelBuilder modelBuilder, bool sqlite)
    {
        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable("audit_entries");
            // The key is the id: the sequence is given when the entry is sealed (unique: the chain cannot fork).
            e.HasKey(x => x.Id);
            e.Property(x => x.Sequence).ValueGeneratedNever();
            e.HasIndex(x => x.Sequence).IsUnique();
            e.Property(x => x.TxId).ValueGeneratedNever();
            // What the sealer reads: entries not sealed yet, in chain order.
            e.HasIndex(x => new { x.TxId, x.Ordinal }).HasFilter("\"Sequence\" IS NULL").HasDatabaseName("IX_audit_entries_unsealed");
            if (sqlite) e.HasIndex(x => x.TxId);
            e.Property(x => x.Actor).HasMaxLength(200);
            e.Property(x => x.Role).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(100);
            e.Property(x => x.PreviousHash).HasMaxLength(64);
            e.Property(x => x.Hash).HasMaxLength(64);
            e.HasIndex(x => x.Hash);
            e.HasIndex(x => x.At);
            e.HasIndex(x => new { x.CaseId, x.Sequence });
            e.HasIndex(x => new { x.Action, x.At });
        });
        modelBuilder.Entity<AuditTreeHeadRow>(e =>
        {
            e.ToTable("audit_tree_heads");
            e.HasKey(x => x.Number);
            e.Property(x => x.Number).ValueGeneratedNever();
            e.HasIndex(x => x.LastSequence).IsUnique();
            e.Property(x => x.RootHash).HasMaxLength(64);
            e.Property(x => x.LastEntryHash).HasMaxLength(64);
            e.Property(x => x.PreviousHeadHash).HasMaxLength(64);
            e.Property(x => x.HeadHash).HasMaxLength(64);
            e.Property(x => x.KeyId).HasMaxLength(64);
            e.Property(x => x.Signature).HasMaxLength(400);
        });
        modelBuilder.Entity<StatementRow>(e =>
        {
            e.ToTable("statements_of_reasons");
            e.HasKey(x => x.Id);
            e.Property(x => x.Puid).HasMaxLength(500);
            e.HasIndex(x => x.Puid).IsUnique();
            e.Property(x => x.Restriction).HasMaxLength(40);
            e.Property(x => x.AffectedAccountId).HasMaxLength(200);
            e.Property(x => x.Language).HasMaxLength(5);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(4000);
            e.HasIndex(x => new { x.ComplaintId, x.DecisionNumber });
            e.HasIndex(x => new { x.Status, x.NextAttemptAt });
            e.HasIndex(x => x.IssuedAt);
        });
        modelBuilder.Entity<StatementSubmissionRow>(e =>
        {
            e.ToTable("statement_submissions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Puid).HasMaxLength(500);
            e.Property(x => x.Response).HasMaxLength(4000);
            e.HasIndex(x => new { x.StatementId, x.AttemptedAt });
            e.HasIndex(x => new { x.Accepted, x.AttemptedAt });
        });
        modelBuilder.Entity<ExternalOutcomeRow>(e =>
        {
            e.ToTable("external_outcomes");
            e.HasKey(x => x.Id);
            e.Property(x => x.BodyId).HasMaxLength(100);
            e.Property(x => x.Outcome).HasMaxLength(40);
            e.Property(x => x.ReportedBy).HasMaxLength(200);
            e.HasIndex(x => x.ComplaintId);
            e.HasIndex(x => x.DecidedAt);
        });
        modelBuilder.Entity<LocalDsaStatementRow>(e =>
        {
            e.ToTable("local_dsa_statements");
            e.HasKey(x => x.Puid);
            e.Property(x => x.Puid).HasMaxLength(500);
            e.HasIndex(x => x.ReceivedAt);
        });
    }
}
