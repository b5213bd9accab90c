using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace ClaraPortal.Clara;

/// <summary>Loads the client certificate and the CA Clara's server certificate must chain to.</summary>
public static class ClaraCertificates
{
    /// <summary>True when the path names a PEM certificate rather than a PKCS#12 bundle.</summary>
    public static bool IsPem(string? path) =>
        path is not null && (path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
                             || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
                             || path.EndsWith(".cer", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The client certificate with its private key, ready for the TLS handshake. Also useful to show its expiry
    /// (<see cref="X509Certificate2.NotAfter"/>): Clara's credentials are valid up to 360 days.
    /// </summary>
    public static X509Certificate2 LoadClientCertificate(ClaraClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2 certificate;
        if (IsPem(options.ClientCertificatePath))
        {
            using var pem = string.IsNullOrEmpty(options.ClientCertificatePassword)
                ? X509Certificate2.CreateFromPemFile(options.ClientCertificatePath, options.ClientKeyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(options.ClientCertificatePath, options.ClientCertificatePassword, options.ClientKeyPath);
            // A key that came from PEM lives only in memory; on Windows SslStream cannot use such an ephemeral key
            // and on Linux the PKCS#12 round trip is harmless, so it is done everywhere.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        else
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(options.ClientCertificatePath, options.ClientCertificatePassword);
        }

        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new InvalidOperationException(
                $"The Clara client certificate '{options.ClientCertificatePath}' has no private key, so it cannot authenticate the TLS handshake.");
        }

        return certificate;
    }

    /// <summary>The CA configured for the server certificate, or null to trust the system store.</summary>
    public static X509Certificate2? LoadCaCertificate(ClaraClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.CaCertificatePath)
            ? null
            : X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath);
    }

    /// <summary>
    /// Validates the server certificate against <paramref name="trustedCa"/> only (CustomRootTrust), so neither a
    /// system-trusted CA nor a self-signed certificate can pose as Clara. The host name must still match.
    /// </summary>
    public static RemoteCertificateValidationCallback TrustOnly(X509Certificate2 trustedCa)
    {
        ArgumentNullException.ThrowIfNull(trustedCa);
        return (_, certificate, chain, errors) =>
        {
            if (certificate is null
                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable)
                || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }

            using var customChain = new X509Chain();
            customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            customChain.ChainPolicy.CustomTrustStore.Add(trustedCa);
            // A private CA publishes no revocation list we could reach.
            customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            if (chain is not null)
            {
                // Intermediates the server sent along.
                foreach (var element in chain.ChainElements)
                {
                    customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (certificate is X509Certificate2 serverCertificate)
            {
                return customChain.Build(serverCertificate);
            }

            using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return customChain.Build(loaded);
        };
    }
}
