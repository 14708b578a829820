using Disputes.Application.Ports;

namespace Disputes.Application.Compliance.Statements;

public sealed record StoredStatement(
    Guid Id, string Puid, Guid ComplaintId, int DecisionNumber, string Restriction, string AffectedAccountId, string Language, DateTimeOffset IssuedAt,
    string Content, string Payload, string Status, int Attempts, DateTimeOffset NextAttemptAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? AcceptedAt, string? LastError);

public sealed record SubmissionAttempt(Guid StatementId, string Puid, Guid BatchId, DateTimeOffset AttemptedAt, int HttpStatus, bool Accepted, string? Response);

/// <summary>What one submission run decided for one statement.</summary>
public sealed record SubmissionOutcome(Guid StatementId, string Puid, string Status, DateTimeOffset At, DateTimeOffset NextAttemptAt, string? Error, SubmissionAttempt? Attempt);

/// <summary>Statements of reasons and their submission to the Transparency Database.</summary>
public interface IStatementStore
{
    /// <summary>Adds a statement to the unit of work (saved with the decision that caused it).</summary>
    void Add(IssuedStatement statement, DateTimeOffset now);

    Task<IReadOnlyList<StoredStatement>> OfCaseAsync(Guid complaintId, CancellationToken cancellationToken);

    /// <summary>Statements not accepted yet (pending or refused) whose next attempt is due, oldest first.</summary>
    Task<IReadOnlyList<StoredStatement>> DueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Records, before a batch is sent, one attempt per statement without an answer yet, and commits it: should the
    /// answer be lost (a crash, an outage, a timeout), the next run knows the statements may have reached the database
    /// and looks them up by puid before sending them again. A part of a split batch (<paramref name="partOfSplit"/>)
    /// is recorded without counting as another attempt of the statements (their retry delay grows per run).
    /// </summary>
    Task BeginAttemptsAsync(IReadOnlyCollection<Guid> statementIds, Guid batchId, DateTimeOffset at, bool partOfSplit, CancellationToken cancellationToken);

    /// <summary>Records the answer to attempts begun with <see cref="BeginAttemptsAsync"/>, leaving the statements' status as it is.</summary>
    Task RecordAnswersAsync(IReadOnlyList<SubmissionAttempt> answers, CancellationToken cancellationToken);

    /// <summary>Records the outcomes (status, next attempt, the attempt with the answer) in one transaction.</summary>
    Task RecordAsync(IReadOnlyList<SubmissionOutcome> outcomes, CancellationToken cancellationToken);

    Task<Page<StoredStatement>> ListAsync(string? status, Guid? complaintId, int page, int pageSize, CancellationToken cancellationToken);

    Task<IReadOnlyList<SubmissionAttempt>> AttemptsAsync(IReadOnlyCollection<Guid> statementIds, CancellationToken cancellationToken);
}

/// <summary>The answer of the Transparency Database to one batch.</summary>
public sealed record DsaResponse(int Status, string Body);

/// <summary>Posts a batch of statements (at most 100) to the Transparency Database: <c>POST {endpoint}/statements</c> with the bearer token.</summary>
public interface IDsaTransparencyClient
{
    Task<DsaResponse> SubmitAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken);

    /// <summary><c>GET {endpoint}/statement/existing-puid/{puid}</c>: true on 302 (the database has it), false on 404, null otherwise.</summary>
    Task<bool?> ExistsAsync(string puid, CancellationToken cancellationToken);
}

/// <summary>Section <c>Dsa</c>: where and how statements of reasons are submitted.</summary>
public sealed class DsaOptions
{
    public const string Section = "Dsa";

    /// <summary>The API base, e.g. https://transparency.dsa.ec.europa.eu/api/v1; empty: the local sink of this service (not in Production).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The bearer token the Transparency Database issued to the platform; empty: a random token per process for the local sink.</summary>
    public string? Token { get; set; }

    /// <summary>Statements per request; the database accepts at most 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>First wait after a refusal; doubled after each further refusal, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the Hangfire job runs (cron); every minute by default, "without undue delay" (Art. 24(5)).</summary>
    public string Schedule { get; set; } = "* * * * *";

    public int MaxBatchesPerRun { get; set; } = 20;
}
