using System.Security.Cryptography.X509Certificates;

namespace ClaraPortal.Sandbox;

/// <summary>Where the sandbox keeps its CA, server and client certificates (PEM, plus client.pfx without password).</summary>
public sealed record SandboxCertificates(
    string Directory,
    string CaCertificatePath,
    string ServerCertificatePath,
    string ServerKeyPath,
    string ClientCertificatePath,
    string ClientKeyPath,
    string ClientPfxPath)
{
    /// <summary>The certificates of a sandbox whose data folder is <paramref name="directory"/> (also one running in another process).</summary>
    public static SandboxCertificates In(string directory) => new(
        directory,
        Path.Combine(directory, "ca.crt"),
        Path.Combine(directory, "server.crt"),
        Path.Combine(directory, "server.key"),
        Path.Combine(directory, "client.crt"),
        Path.Combine(directory, "client.key"),
        Path.Combine(directory, "client.pfx"));

    internal IEnumerable<string> AllFiles =>
        [CaCertificatePath, ServerCertificatePath, ServerKeyPath, ClientCertificatePath, ClientKeyPath, ClientPfxPath];

    /// <summary>The sandbox CA (public part only): trust it to accept the server certificate.</summary>
    public X509Certificate2 LoadCaCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(CaCertificatePath));

    /// <summary>The client certificate with its private key, ready for TLS (loaded from client.pfx).</summary>
    public X509Certificate2 LoadClientCertificate() => X509CertificateLoader.LoadPkcs12FromFile(ClientPfxPath, null);

    /// <summary>The server certificate with its private key, ready for Kestrel.</summary>
    internal X509Certificate2 LoadServerCertificate()
    {
        // Certificates built from PEM keep an ephemeral key that SslStream cannot always use:
        // a PKCS#12 round trip gives a key TLS accepts on every platform.
        using var pem = X509Certificate2.CreateFromPemFile(ServerCertificatePath, ServerKeyPath);
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
