using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace ClaraPortal.Web.Hosting;

/// <summary>
/// Data-protection keys (they sign the session cookie and antiforgery tokens) sit in the data folder, so sessions survive a
/// restart. Outside Development they are encrypted at rest with a certificate from configuration: a copy of the folder
/// alone must not let anyone forge a session.
/// </summary>
public static class PortalDataProtection
{
    public const string SectionName = "Portal:DataProtection";
    public const string CertificatePathSetting = SectionName + ":CertificatePath";
    public const string CertificatePasswordSetting = SectionName + ":CertificatePassword";

    public static IServiceCollection AddPortalDataProtection(this IServiceCollection services, IConfiguration configuration, string dataDirectory)
    {
        var builder = services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")))
            .SetApplicationName("ClaraPortal");
        var path = configuration[CertificatePathSetting];
        if (!string.IsNullOrWhiteSpace(path))
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting]);
            // Unprotect names the certificate too: on Linux the decryptor does not look in a certificate store.
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }

        return services;
    }

    /// <summary>Why the key-encryption certificate cannot be used; nothing in Development without one.</summary>
    internal static IEnumerable<string> Refusals(IConfiguration configuration, IHostEnvironment environment)
    {
        var path = configuration[CertificatePathSetting];
        if (string.IsNullOrWhiteSpace(path))
        {
            if (!environment.IsDevelopment())
            {
                yield return $"{CertificatePathSetting} is empty in the {environment.EnvironmentName} environment. The data-protection keys "
                    + $"that sign sessions are encrypted at rest with this certificate (a PKCS#12 file with its private key; password in {CertificatePasswordSetting}).";
            }

            yield break;
        }

        string? problem = null;
        if (!File.Exists(path))
        {
            problem = $"{CertificatePathSetting} '{path}' does not exist.";
        }
        else
        {
            try
            {
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, configuration[CertificatePasswordSetting]);
                if (!certificate.HasPrivateKey)
                {
                    problem = $"{CertificatePathSetting} '{path}' has no private key: the keys could be encrypted but never read back.";
                }
            }
            catch (CryptographicException ex)
            {
                problem = $"{CertificatePathSetting} '{path}' cannot be read with {CertificatePasswordSetting}: {ex.Message}";
            }
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
