using System.Text.Json;
using System.Text.Json.Nodes;
using Disputes.Application.Compliance.Statements;
using Disputes.Application.Ports;
using Microsoft.EntityFrameworkCore;

namespace Disputes.Persistence.Compliance;

public sealed class EfStatementStore(DisputesDbContext db) : IStatementStore
{
    public void Add(IssuedStatement statement, DateTimeOffset now)
    {
        var c = statement.Content;
        db.Statements.Add(new StatementRow
        {
            Id = Guid.CreateVersion7(now), Puid = c.Puid, ComplaintId = c.ComplaintId, DecisionNumber = c.DecisionNumber, Restriction = c.Restriction,
            AffectedAccountId = c.AffectedAccountId, Language = statement.Language, IssuedAt = now,
            Content = JsonSerializer.Serialize(c, StatementJson.Options), Payload = statement.Dsa.ToJsonString(),
            Status = statement.Problems.Count == 0 ? StatementStatus.Pending : StatementStatus.Invalid, NextAttemptAt = now,
            LastError = statement.Problems.Count == 0 ? null : Limit(string.Join("; ", statement.Problems), 4000),
        });
    }

    public async Task<IReadOnlyList<StoredStatement>> OfCaseAsync(Guid complaintId, CancellationToken cancellationToken) =>
        (await StatementsOf.For(db)(db, complaintId).ToListAsync(cancellationToken)).Select(ToStored).ToList();

    /// <summary>Compiled once: each decision's notifications read the case's statements.</summary>
    private static readonly CompiledQuery<Func<DisputesDbContext, Guid, IAsyncEnumerable<StatementRow>>> StatementsOf =
        new(() => EF.CompileAsyncQuery<DisputesDbContext, Guid, StatementRow>((db, complaintId) => db.Statements.AsNoTracking().Where(s => s.ComplaintId == complaintId).OrderBy(s => s.DecisionNumber).ThenBy(s => s.Puid)));

    public async Task<IReadOnlyList<StoredStatement>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        (await db.Statements.AsNoTracking()
            .Where(s => (s.Status == StatementStatus.Pending || s.Status == StatementStatus.Refused) && s.NextAttemptAt <= now)
            .OrderBy(s => s.NextAttemptAt).ThenBy(s => s.Id).Take(max).ToListAsync(cancellationToken)).Select(ToStored).ToList();

    public async Task BeginAttemptsAsync(IReadOnlyCollection<Guid> statementIds, Guid batchId, DateTimeOffset at, bool partOfSplit, CancellationToken cancellationToken)
    {
        var rows = await db.Statements.Where(s => statementIds.Contains(s.Id)).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            if (!partOfSplit) row.Attempts++;
            row.LastAttemptAt = at;
            db.StatementSubmissions.Add(new StatementSubmissionRow { StatementId = row.Id, Puid = row.Puid, BatchId = batchId, AttemptedAt = at });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task RecordAnswersAsync(IReadOnlyList<SubmissionAttempt> answers, CancellationToken cancellationToken)
    {
        await AnswerAsync(answers, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Writes the answers into the attempts begun for them; returns the answers that had no begun attempt.</summary>
    private async Task<List<SubmissionAttempt>> AnswerAsync(IReadOnlyCollection<SubmissionAttempt> answers, CancellationToken cancellationToken)
    {
        var ids = answers.Select(a => a.StatementId).ToList();
        var batchIds = answers.Select(a => a.BatchId).Distinct().ToList();
        var begun = await db.StatementSubmissions.Where(a => ids.Contains(a.StatementId) && batchIds.Contains(a.BatchId) && a.AnsweredAt == null).ToListAsync(cancellationToken);
        var rest = new List<SubmissionAttempt>();
        foreach (var answer in answers)
        {
            var row = begun.FirstOrDefault(r => r.StatementId == answer.StatementId && r.BatchId == answer.BatchId);
            if (row is null) { rest.Add(answer); continue; }
            row.HttpStatus = answer.HttpStatus;
            row.Accepted = answer.Accepted;
            row.Response = answer.Response is null ? null : Limit(answer.Response, 4000);
            row.AnsweredAt = answer.AttemptedAt;
        }
        return rest;
    }

    public async Task RecordAsync(IReadOnlyList<SubmissionOutcome> outcomes, CancellationToken cancellationToken)
    {
        var ids = outcomes.Select(o => o.StatementId).ToList();
        var rows = await db.Statements.Where(s => ids.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        var notBegun = (await AnswerAsync(outcomes.Where(o => o.Attempt is not null).Select(o => o.Attempt!).ToList(), cancellationToken)).ToHashSet();
        foreach (var o in outcomes)
        {
            var row = rows[o.StatementId];
            if (row.Status == StatementStatus.Accepted) continue; // never downgraded by a late or concurrent answer
            row.Status = o.Status;
            row.NextAttemptAt = o.NextAttemptAt;
            row.LastError = o.Error is null ? null : Limit(o.Error, 4000);
            if (o.Attempt is not { } a) continue;
            if (a.Accepted) row.AcceptedAt = a.AttemptedAt;
            if (!notBegun.Contains(a)) continue;
            // An attempt without a sending of its own (found by puid): recorded here, with its answer.
            row.Attempts++;
            row.LastAttemptAt = a.AttemptedAt;
            db.StatementSubmissions.Add(new StatementSubmissionRow
            {
                StatementId = a.StatementId, Puid = a.Puid, BatchId = a.BatchId, AttemptedAt = a.AttemptedAt, HttpStatus = a.HttpStatus, Accepted = a.Accepted,
                Response = a.Response is null ? null : Limit(a.Response, 4000), AnsweredAt = a.AttemptedAt,
            });
        }
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task<Page<StoredStatement>> ListAsync(string? status, Guid? complaintId, int page, int pageSize, CancellationToken cancellationToken)
    {
        var q = db.Statements.AsNoTracking();
        if (status is not null) q = q.Where(s => s.Status == status);
        if (complaintId is not null) q = q.Where(s => s.ComplaintId == complaintId);
        var total = await q.CountAsync(cancellationToken);
        var rows = await q.OrderByDescending(s => s.IssuedAt).ThenBy(s => s.Puid).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<StoredStatement>(rows.Select(ToStored).ToList(), page, pageSize, total);
    }

    public async Task<IReadOnlyList<SubmissionAttempt>> AttemptsAsync(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken) =>
        (await db.StatementSubmissions.AsNoTracking().Where(a => statementIds.Contains(a.StatementId)).OrderBy(a => a.AttemptedAt).ToListAsync(cancellationToken))
            .Select(a => new SubmissionAttempt(a.StatementId, a.Puid, a.BatchId, a.AttemptedAt, a.HttpStatus, a.Accepted,
                a.AnsweredAt is null ? "(no answer recorded: the sending was interrupted; the statement is looked up by puid before it is sent again)" : a.Response)).ToList();

    private static StoredStatement ToStored(StatementRow s) => new(s.Id, s.Puid, s.ComplaintId, s.DecisionNumber, s.Restriction, s.AffectedAccountId, s.Language, s.IssuedAt,
        s.Content, s.Payload, s.Status, s.Attempts, s.NextAttemptAt, s.LastAttemptAt, s.AcceptedAt, s.LastError);

    private static string Limit(string text, int max) => text.Length <= max ? text : text[..max];
}

public sealed class EfLocalDsaSink(DisputesDbContext db) : ILocalDsaSink
{
    public async Task<IReadOnlyList<string>> ExistingAsync(IReadOnlyCollection<string> puids, CancellationToken cancellationToken) =>
        await db.LocalDsaStatements.AsNoTracking().Where(s => puids.Contains(s.Puid)).Select(s => s.Puid).ToListAsync(cancellationToken);

    public async Task AddAsync(IReadOnlyList<(string Puid, string Payload)> statements, DateTimeOffset at, CancellationToken cancellationToken)
    {
        foreach (var (puid, payload) in statements) db.LocalDsaStatements.Add(new LocalDsaStatementRow { Puid = puid, Payload = payload, ReceivedAt = at });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    public async Task<Page<LocalDsaStatement>> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await db.LocalDsaStatements.CountAsync(cancellationToken);
        var rows = await db.LocalDsaStatements.AsNoTracking().OrderByDescending(s => s.ReceivedAt).ThenBy(s => s.Puid).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<LocalDsaStatement>(rows.Select(r => new LocalDsaStatement(r.Puid, r.ReceivedAt, JsonNode.Parse(r.Payload))).ToList(), page, pageSize, total);
    }
}
