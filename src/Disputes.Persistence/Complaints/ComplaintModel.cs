using System.Text.Json;
using System.Text.Json.Serialization;
using Disputes.Domain.Complaints;
using Disputes.Persistence.Rows;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Disputes.Persistence.Complaints;

/// <summary>
/// How a complaint is stored: one row, its collections as JSON text (the domain replaces a collection on every
/// change, so a changed reference means a changed column), guarded by <see cref="Complaint.Version"/>.
/// </summary>
internal static class ComplaintModel
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Complaint>(e =>
        {
            e.ToTable("complaints");
            e.HasKey(x => x.Id);
            e.Property(x => x.Number).HasMaxLength(20);
            e.HasIndex(x => x.Number).IsUnique();
            e.Property(x => x.OrderId).HasMaxLength(100);
            e.Property(x => x.Category).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Language).HasMaxLength(5);
            e.Property(x => x.ComplainantId).HasMaxLength(200);
            e.Property(x => x.ComplainantSide).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.BuyerId).HasMaxLength(200);
            e.Property(x => x.SellerId).HasMaxLength(200);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.AmountPaid).HasPrecision(18, 2);
            e.Property(x => x.RefundedSoFar).HasPrecision(18, 2);
            e.Property(x => x.HeldAmount).HasPrecision(18, 2);
            e.Property(x => x.RecommendedChannel).HasConversion<string>().HasMaxLength(10);
            e.Property(x => x.ChannelReason).HasMaxLength(40);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.RepeatKey).HasMaxLength(1000);
            e.Property(x => x.Version).IsConcurrencyToken();
            AsJson(e.Property(x => x.Items));
            AsJson(e.Property(x => x.ExpertReasons));
            AsJson(e.Property(x => x.Messages));
            AsJson(e.Property(x => x.Evidence));
            AsJson(e.Property(x => x.Decisions));
            AsJson(e.Property(x => x.DecisionParticipants));
            e.Property(x => x.Settlement).HasConversion(
                v => v == null ? null : JsonSerializer.Serialize(v, Json),
                v => v == null ? null : JsonSerializer.Deserialize<SettlementOffer>(v, Json));
            e.Ignore(x => x.ItemIds);
            e.Ignore(x => x.RespondentId);
            e.Ignore(x => x.RefundableAmount);
            e.Ignore(x => x.CurrentDecision);
            e.HasIndex(x => x.BuyerId);
            e.HasIndex(x => x.SellerId);
            e.HasIndex(x => new { x.RepeatKey, x.Status });
            // Two open cases never share a repeat key, even when two filings race (a repeat filing is attached to the open case).
            e.HasIndex(x => x.RepeatKey).IsUnique().HasFilter("\"Status\" NOT IN ('Closed', 'Settled')").HasDatabaseName("UX_complaints_open_repeat_key");
            e.HasIndex(x => new { x.Status, x.FiledAt });
        });
        modelBuilder.Entity<DecisionRow>(e =>
        {
            e.ToTable("case_decisions");
            e.HasKey(x => new { x.ComplaintId, x.Number });
            e.Property(x => x.CaseNumber).HasMaxLength(20);
            e.Property(x => x.Category).HasMaxLength(40);
            e.Property(x => x.Language).HasMaxLength(5);
            e.Property(x => x.ComplainantSide).HasMaxLength(10);
            e.Property(x => x.BuyerId).HasMaxLength(200);
            e.Property(x => x.SellerId).HasMaxLength(200);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.AmountPaid).HasPrecision(18, 2);
            e.Property(x => x.Stage).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(20);
            e.Property(x => x.OutcomeKinds).HasMaxLength(400);
            e.Property(x => x.Clauses).HasMaxLength(1000);
            e.Property(x => x.DecidedBy).HasMaxLength(200);
            e.Property(x => x.ApprovedBy).HasMaxLength(200);
            e.HasIndex(x => x.DecidedAt);
            e.HasIndex(x => new { x.DecidedBy, x.DecidedAt });
            e.HasIndex(x => new { x.Category, x.DecidedAt });
        });
        modelBuilder.Entity<EvidenceContentRow>(e =>
        {
            e.ToTable("evidence_contents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ComplaintId);
        });
        modelBuilder.Entity<ConflictRow>(e =>
        {
            e.ToTable("reviewer_conflicts");
            e.HasKey(x => x.Id);
            e.Property(x => x.ReviewerId).HasMaxLength(200);
            e.Property(x => x.AccountId).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(1000);
            e.HasIndex(x => x.AccountId);
            e.HasIndex(x => x.ReviewerId);
        });
        modelBuilder.Entity<MailboxRow>(e =>
        {
            e.ToTable("local_mailbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.IdempotencyKey).HasMaxLength(400);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.RecipientId).HasMaxLength(200);
            e.Property(x => x.Template).HasMaxLength(100);
            e.HasIndex(x => new { x.RecipientId, x.SentAt });
            e.HasIndex(x => x.ComplaintId);
        });
    }

    private static void AsJson<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.PropertyBuilder<IReadOnlyList<T>> property)
    {
        property.HasConversion(new ValueConverter<IReadOnlyList<T>, string>(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<T>>(v, Json) ?? new List<T>()),
            new ValueComparer<IReadOnlyList<T>>((a, b) => ReferenceEquals(a, b), v => v.Count, v => v));
    }
}
