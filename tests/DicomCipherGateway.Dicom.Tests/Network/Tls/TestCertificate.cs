using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DicomCipherGateway.Dicom.Tests.Network.Tls;

/// <summary>A self-signed RSA certificate made at test time (nothing checked in), with PEM files for DCMTK.</summary>
internal sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string certificatePem, string keyPem)
    {
        Certificate = certificate;
        CertificatePem = certificatePem;
        KeyPem = keyPem;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificatePem { get; }

    public string KeyPem { get; }

    public static TestCertificate Create(string commonName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return new TestCertificate(certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes the certificate and key as PEM files into <paramref name="directory"/>.</summary>
    public (string Key, string Certificate) WritePem(string directory, string name)
    {
        var keyPath = Path.Combine(directory, name + ".key");
        var certificatePath = Path.Combine(directory, name + ".crt");
        File.WriteAllText(keyPath, KeyPem);
        File.WriteAllText(certificatePath, CertificatePem);
        return (keyPath, certificatePath);
    }

    /// <summary>A validation callback that trusts exactly this certificate (pinning), nothing else.</summary>
    public bool Matches(X509Certificate? presented) =>
        presented is not null && presented.GetCertHash().AsSpan().SequenceEqual(Certificate.GetCertHash());

    public void Dispose() => Certificate.Dispose();
}
