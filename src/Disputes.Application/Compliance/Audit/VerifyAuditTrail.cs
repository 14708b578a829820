using System.Runtime.CompilerServices;
using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// Checks the audit trail, whole or for the entries sealed in [From, To]: every entry's hash and every link from the
/// entry before the range onwards; every signed tree head (signature, chain of heads, Merkle root of its entries); the
/// latest anchor kept outside the database (or the one given); and the case and decision tables against the trail.
/// Changed, deleted and inserted entries, and a trail cut or truncated, are named.
/// </summary>
/// <remarks>
/// An unkeyed chain can be recomputed whole by someone who can write to the database; the signed tree heads cannot be
/// re-signed without the key. Heads and entries removed together (a truncated table) are found by the anchor and by
/// cases that have no entry.
/// </remarks>
/// <param name="UseLatestAnchor">Check against the latest anchor in the anchor sink when no anchor is given.</param>
public sealed record VerifyAuditTrail(DateTimeOffset? From, DateTimeOffset? To, long? AnchorSequence = null, string? AnchorHash = null, bool UseLatestAnchor = true)
    : IQuery<AuditVerification>;

public sealed class VerifyAuditTrailHandler(IAuditLog log, IAuditSigner signer, IAuditAnchorSink anchors) : IQueryHandler<VerifyAuditTrail, AuditVerification>
{
    public async ValueTask<AuditVerification> Handle(VerifyAuditTrail query, CancellationToken cancellationToken)
    {
        if (query.From is { } f && query.To is { } t && t < f)
            throw new Domain.DomainRuleException("to", "'to' is before 'from'.");
        if ((query.AnchorSequence is null) != (query.AnchorHash is null))
            throw new Domain.DomainRuleException("anchor", "Give both the anchor's sequence and its hash.");
        var whole = query.From is null && query.To is null;
        var range = await log.SequenceRangeAsync(query.From, query.To, cancellationToken);
        var heads = await log.TreeHeadsAsync(cancellationToken);
        var checker = whole ? new AuditTreeHeadChecker(heads, signer) : new AuditTreeHeadChecker(heads, signer, range?.First ?? long.MaxValue, range?.Last ?? long.MinValue);
        var result = range is not { } r
            ? new AuditVerification(true, query.From, query.To, 0, null, null, null, [])
            : await AuditChainVerifier.VerifyAsync(Tap(log.ReadAsync(r.First, r.Last, cancellationToken), checker, cancellationToken), await log.BeforeAsync(r.First, cancellationToken),
                log.FindByHashAsync, query.From, query.To, cancellationToken);
        var problems = new List<AuditProblem>(result.Problems);
        problems.AddRange(checker.Finish());

        AuditAnchorUsed? used = null;
        if (query.AnchorSequence is { } sequence)
        {
            used = new AuditAnchorUsed("given", sequence, query.AnchorHash!, null, null, null);
            if (await CheckEntryAsync(sequence, query.AnchorHash!, cancellationToken) is { } problem) problems.Add(problem);
        }
        else if (query.UseLatestAnchor && await anchors.LatestAsync(cancellationToken) is { } anchor)
        {
            used = new AuditAnchorUsed(anchors.Description, anchor.Sequence, anchor.Hash, anchor.At, anchor.Cases, anchor.Decisions);
            problems.AddRange(await CheckAnchorAsync(anchor, cancellationToken));
        }

        var cross = await log.CrossCheckAsync(cancellationToken);
        if (cross.CasesWithoutEntries > 0)
            problems.Add(new AuditProblem(AuditProblemKind.Truncated, 0, null,
                $"{cross.CasesWithoutEntries} of {cross.Cases} case(s) have no audit entry (e.g. {string.Join(", ", cross.CasesWithoutEntriesSample)}): the trail was truncated or cut."));
        if (cross.DecisionsWithoutEntries > 0)
            problems.Add(new AuditProblem(AuditProblemKind.Truncated, 0, null,
                $"{cross.DecisionsWithoutEntries} case(s) have more decisions than decision entries in the trail: entries were removed."));

        problems.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return result with
        {
            Intact = problems.Count == 0, Problems = problems, TreeHeads = checker.HeadCount, Unsealed = await log.UnsealedCountAsync(cancellationToken),
            Anchor = used, Cases = cross.Cases, Decisions = cross.Decisions,
        };
    }

    private async Task<AuditProblem?> CheckEntryAsync(long sequence, string hash, CancellationToken cancellationToken)
    {
        if (sequence == 0) return null;
        var anchored = await log.AtAsync(sequence, cancellationToken);
        return anchored is null
            ? new AuditProblem(AuditProblemKind.Truncated, sequence, null, $"The anchored entry #{sequence} is gone: the chain was cut or renumbered.")
            : !string.Equals(anchored.Hash, hash, StringComparison.OrdinalIgnoreCase)
                ? new AuditProblem(AuditProblemKind.Changed, sequence, anchored.Id, $"The anchored entry #{sequence} ({anchored.Id}) no longer has the hash noted for it: the chain up to it was rewritten.")
                : null;
    }

    private async Task<List<AuditProblem>> CheckAnchorAsync(AuditAnchor anchor, CancellationToken cancellationToken)
    {
        var problems = new List<AuditProblem>();
        if (!anchor.IsAuthentic(signer))
        {
            problems.Add(new AuditProblem(AuditProblemKind.Changed, anchor.Sequence, null,
                $"The latest anchor ({anchors.Description}, #{anchor.Sequence}) does not carry a valid signature: it was forged or changed."));
            return problems;
        }
        if (await CheckEntryAsync(anchor.Sequence, anchor.Hash, cancellationToken) is { } problem) problems.Add(problem);
        if (anchor.HeadNumber > 0)
        {
            var heads = await log.TreeHeadsCoveringAsync([anchor.Sequence], cancellationToken);
            if (heads.FirstOrDefault(h => h.Number == anchor.HeadNumber) is not { } head || head.HeadHash != anchor.HeadHash)
                problems.Add(new AuditProblem(AuditProblemKind.Truncated, anchor.Sequence, null,
                    $"Signed tree head #{anchor.HeadNumber} named by the latest anchor is gone or different: the trail was cut or rewritten."));
        }
        var (cases, decisions) = await log.CountCasesAndDecisionsAsync(cancellationToken);
        if (cases < anchor.Cases || decisions < anchor.Decisions)
            problems.Add(new AuditProblem(AuditProblemKind.Truncated, anchor.Sequence, null,
                $"The latest anchor counted {anchor.Cases} cases and {anchor.Decisions} decisions; now there are {cases} and {decisions}: rows were removed."));
        return problems;
    }

    private static async IAsyncEnumerable<AuditRecord> Tap(IAsyncEnumerable<AuditRecord> entries, AuditTreeHeadChecker checker, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var e in entries.WithCancellation(cancellationToken))
        {
            checker.Observe(e);
            yield return e;
        }
    }
}
