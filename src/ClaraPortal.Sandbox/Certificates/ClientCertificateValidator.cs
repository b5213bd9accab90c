using System.Security.Cryptography.X509Certificates;

namespace ClaraPortal.Sandbox.Certificates;

/// <summary>Accepts only certificates issued by the sandbox CA; anything else fails the TLS handshake.</summary>
internal sealed class ClientCertificateValidator(X509Certificate2 ca)
{
    public bool IsTrusted(X509Certificate2? certificate) => certificate is not null && ChainsTo(certificate, ca);

    public static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a sandbox CA publishes no CRL
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(ca.RawDataMemory.Span);
    }
}
