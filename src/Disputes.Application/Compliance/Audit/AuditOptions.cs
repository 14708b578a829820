namespace Disputes.Application.Compliance.Audit;

/// <summary>Section <c>Audit</c>: sealing of the audit trail, its signing key and its anchors.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>How often the sealer looks for entries to seal (each Hangfire server runs it; one node at a time seals).</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Entries per sealed batch (one Merkle tree and one signed tree head each).</summary>
    public int SealBatchSize { get; set; } = 1000;

    /// <summary>The signing key, an EC private key in PEM (PKCS#8 or SEC1). Empty: <see cref="SigningKeyPath"/>.</summary>
    public string? SigningKey { get; set; }

    /// <summary>A PEM file with the signing key; generated (P-256) when missing. Relative paths are under the content root.</summary>
    public string SigningKeyPath { get; set; } = "data/audit-signing-key.pem";

    public AuditAnchorOptions Anchors { get; set; } = new();
}

/// <summary>Section <c>Audit:Anchors</c>: where the recurring job writes signed anchors, outside the database.</summary>
public sealed class AuditAnchorOptions
{
    /// <summary><c>File</c> (embedded default) or <c>Http</c>.</summary>
    public string Sink { get; set; } = "File";

    /// <summary>Folder of anchor files (<c>File</c>); relative paths are under the content root.</summary>
    public string Path { get; set; } = "data/audit-anchors";

    /// <summary><c>Http</c>: anchors are POSTed here; the latest is read with GET <c>{Endpoint}/latest</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>Http</c>: sent as <c>Authorization: Bearer</c>.</summary>
    public string? Token { get; set; }

    /// <summary>Cron of the anchor job.</summary>
    public string Schedule { get; set; } = "*/5 * * * *";
}
