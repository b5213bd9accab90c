using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ClaraPortal.Sandbox.Certificates;

/// <summary>Builds the sandbox PKI: a CA, a server certificate (localhost, 127.0.0.1, ::1) and a client certificate.</summary>
internal static class CertificateFactory
{
    public const string CaSubject = "CN=Clara Sandbox Certificate Authority, O=ClaraPortal Sandbox";

    // Clara's project credentials are valid up to 360 days; the sandbox mirrors that for leaf certificates.
    public static readonly TimeSpan LeafLifetime = TimeSpan.FromDays(360);
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(5 * 365);

    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateCa(DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CaSubject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddHours(-1), now.Add(CaLifetime));
    }

    public static X509Certificate2 CreateServer(X509Certificate2 ca, DateTimeOffset now)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        return CreateLeaf(ca, "CN=localhost, O=ClaraPortal Sandbox", ServerAuth, names.Build(), now);
    }

    public static X509Certificate2 CreateClient(X509Certificate2 ca, DateTimeOffset now) =>
        CreateLeaf(ca, "CN=clara-portal-dev, O=ClaraPortal", ClientAuth, null, now);

    private static X509Certificate2 CreateLeaf(
        X509Certificate2 ca, string subject, Oid usage, X509Extension? alternativeNames, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        if (alternativeNames is not null)
        {
            request.CertificateExtensions.Add(alternativeNames);
        }

        var notAfter = now.Add(LeafLifetime);
        if (notAfter > ca.NotAfter)
        {
            notAfter = ca.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial number, as RFC 5280 asks
        using var certificate = request.Create(ca, now.AddHours(-1), notAfter, serial);
        return certificate.CopyWithPrivateKey(key);
    }
}
