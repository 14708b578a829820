using System.Security.Cryptography;

namespace Disputes.Application.Compliance.Audit;

/// <summary>
/// ECDSA P-256 with SHA-256 (the runtime's own cryptography). The key comes from <c>Audit:SigningKey</c> (PEM), or
/// from the file <c>Audit:SigningKeyPath</c>, which is generated on first use when missing (the embedded default).
/// </summary>
public sealed class EcdsaAuditSigner : IAuditSigner, IDisposable
{
    private readonly ECDsa key;

    public EcdsaAuditSigner(ECDsa key)
    {
        this.key = key;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki))[..16];
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    public string PublicKeyPem { get; }

    public byte[] Sign(byte[] data) => key.SignData(data, HashAlgorithmName.SHA256);

    public bool Verify(byte[] data, byte[] signature, string keyId) =>
        keyId == KeyId && key.VerifyData(data, signature, HashAlgorithmName.SHA256);

    public void Dispose() => key.Dispose();

    /// <summary>True when <see cref="Load"/> generated the key file (a new key: heads signed before with another key no longer verify).</summary>
    public bool Generated { get; private init; }

    public static EcdsaAuditSigner Load(AuditOptions options, string contentRoot)
    {
        var key = ECDsa.Create();
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            key.ImportFromPem(options.SigningKey);
            return new EcdsaAuditSigner(key);
        }
        var path = Path.IsPathRooted(options.SigningKeyPath) ? options.SigningKeyPath : Path.Combine(contentRoot, options.SigningKeyPath);
        var created = !File.Exists(path);
        if (created)
        {
            // Written once, atomically: several processes starting at the same time end up with the same key.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var generated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllText(temp, generated.ExportPkcs8PrivateKeyPem());
            try
            {
                File.Move(temp, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temp);
            }
        }
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
        }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"Audit:SigningKeyPath '{path}' holds no EC private key in PEM: {ex.Message}", ex);
        }
        return new EcdsaAuditSigner(key) { Generated = created };
    }
}
