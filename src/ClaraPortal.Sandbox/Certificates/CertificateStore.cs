using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ClaraPortal.Sandbox.Certificates;

/// <summary>
/// Creates the certificate files on first start and reuses them afterwards. Several sandboxes
/// (parallel tests, a demo and a test run) may start at once on the same folder: creation runs
/// under an exclusive lock file, and every file is written to a temp name and then moved into place,
/// so no process ever reads a half-written key.
/// </summary>
internal static class CertificateStore
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(1);

    public static async Task<SandboxCertificates> EnsureAsync(string directory, ILogger logger, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var certificates = SandboxCertificates.In(directory);
        if (AreUsable(certificates))
        {
            return certificates;
        }

        await using var fileLock = await AcquireLockAsync(Path.Combine(directory, ".lock"), cancellationToken);
        if (AreUsable(certificates))
        {
            return certificates; // another process created them while we waited
        }

        var now = DateTimeOffset.UtcNow;
        using var ca = CertificateFactory.CreateCa(now);
        using var server = CertificateFactory.CreateServer(ca, now);
        using var client = CertificateFactory.CreateClient(ca, now);

        // Leaf files first and the CA last: a reader that sees a new ca.crt also sees the leaves it signed.
        WriteAtomically(certificates.ServerKeyPath, Encoding.ASCII.GetBytes(PrivateKeyPem(server)));
        WriteAtomically(certificates.ServerCertificatePath, Encoding.ASCII.GetBytes(server.ExportCertificatePem()));
        WriteAtomically(certificates.ClientKeyPath, Encoding.ASCII.GetBytes(PrivateKeyPem(client)));
        WriteAtomically(certificates.ClientCertificatePath, Encoding.ASCII.GetBytes(client.ExportCertificatePem()));
        WriteAtomically(certificates.ClientPfxPath, client.Export(X509ContentType.Pkcs12));
        WriteAtomically(certificates.CaCertificatePath, Encoding.ASCII.GetBytes(ca.ExportCertificatePem()));

        Hosting.SandboxLog.CertificatesCreated(logger, directory);
        return certificates;
    }

    private static string PrivateKeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The new certificate has no ECDSA private key.");
        return key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>All files present, parseable, chained to the CA on disk and not about to expire.</summary>
    private static bool AreUsable(SandboxCertificates certificates)
    {
        if (!certificates.AllFiles.All(File.Exists))
        {
            return false;
        }

        try
        {
            using var ca = certificates.LoadCaCertificate();
            using var server = certificates.LoadServerCertificate();
            using var client = certificates.LoadClientCertificate();
            var limit = DateTime.Now.Add(RenewBefore);
            return new[] { ca, server, client }.All(c => c.NotAfter > limit)
                && server.Issuer == ca.Subject && client.Issuer == ca.Subject
                && ClientCertificateValidator.ChainsTo(client, ca) && ClientCertificateValidator.ChainsTo(server, ca);
        }
        catch (CryptographicException)
        {
            return false; // unreadable or mismatched files: make a fresh set
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllBytes(temp, content);
        if (!OperatingSystem.IsWindows() && !path.EndsWith(".crt", StringComparison.Ordinal))
        {
            // Keys are secrets even in a sandbox: owner read/write only.
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + LockWait;
        while (true)
        {
            try
            {
                // FileShare.None is an exclusive advisory lock (flock) on Unix, a share lock on Windows.
                // The file stays behind on purpose: deleting it on close would let a waiter lock the
                // unlinked file while a newcomer locks a fresh one.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
