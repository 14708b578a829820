using Disputes.Application.Complaints;
using Mediator;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// A case's audit entries with, for each sealed one, its inclusion proof: the signed tree head of its batch and the
/// audit path (RFC 6962) from the entry's hash to that head's Merkle root. With the public key given, a regulator or a
/// party can check offline that the record they hold is in the log, unchanged. Entries not sealed yet are listed apart.
/// </summary>
public sealed record GetCaseAuditProof(Guid CaseId) : IQuery<CaseAuditProof>;

public sealed record CaseAuditProof(
    Guid CaseId, string Algorithm, string KeyId, string PublicKeyPem, IReadOnlyList<AuditEntryProof> Entries, IReadOnlyList<AuditTreeHead> TreeHeads,
    IReadOnlyList<AuditRecord> Pending);

/// <param name="LeafIndex">The entry's place in its batch (0-based); the leaf is the entry's hash as 32 bytes.</param>
/// <param name="AuditPath">Hex hashes, from the leaf up.</param>
public sealed record AuditEntryProof(AuditRecord Entry, string Canonical, long TreeHead, long LeafIndex, int TreeSize, IReadOnlyList<string> AuditPath);

public sealed class GetCaseAuditProofHandler(CaseSteps steps, IAuditLog log, IAuditSigner signer) : IQueryHandler<GetCaseAuditProof, CaseAuditProof>
{
    public const string Algorithm = "RFC 6962 Merkle tree over SHA-256 entry hashes; tree heads signed with ECDSA P-256 / SHA-256 over their canonical JSON";

    public async ValueTask<CaseAuditProof> Handle(GetCaseAuditProof query, CancellationToken cancellationToken)
    {
        await steps.LoadAsync(query.CaseId, null, cancellationToken); // the case must be visible to the caller
        var entries = await log.CaseEntriesAsync(query.CaseId, cancellationToken);
        var sealedEntries = entries.Where(e => e.Sealed).ToList();
        var heads = await log.TreeHeadsCoveringAsync(sealedEntries.Select(e => e.Sequence).ToList(), cancellationToken);
        var proofs = new List<AuditEntryProof>();
        foreach (var head in heads)
        {
            var batch = await log.EntriesOfAsync(head, cancellationToken);
            var leaves = batch.Select(b => Convert.FromHexString(b.Hash)).ToList();
            foreach (var e in sealedEntries.Where(e => e.Sequence >= head.FirstSequence && e.Sequence <= head.LastSequence))
            {
                var index = (int)(e.Sequence - head.FirstSequence);
                var path = index < leaves.Count ? MerkleTree.InclusionPath(leaves, index).Select(Convert.ToHexStringLower).ToList() : [];
                proofs.Add(new AuditEntryProof(e, AuditChain.Canonical(e.Id, e.At, e.Actor, e.Role, e.CaseId, e.Action, e.Data, e.PreviousHash), head.Number, index, head.Size, path));
            }
        }
        return new CaseAuditProof(query.CaseId, Algorithm, signer.KeyId, signer.PublicKeyPem, proofs.OrderBy(p => p.Entry.Sequence).ToList(), heads, entries.Where(e => !e.Sealed).ToList());
    }
}
