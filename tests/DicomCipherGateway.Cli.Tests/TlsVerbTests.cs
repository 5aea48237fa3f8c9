using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary>dcg listen with a server certificate, dcg echo trusting it through --tls-ca (and failing without it).</summary>
public sealed class TlsVerbTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TempDirectory _dir = new("dcg-cli-tls");

    public void Dispose() => _dir.Dispose();

    private (string Cert, string Key) SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = _dir.File("server.pem");
        var keyPath = _dir.File("server.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    [Fact]
    public async Task Echo_over_tls_succeeds_with_the_servers_ca_and_fails_without_it()
    {
        var (cert, key) = SelfSigned();
        var port = FreePort.Next();
        var p = port.ToString(CultureInfo.InvariantCulture);
        await using var listener = await DcgServer.StartAsync(port, "listen", "-p", p, "-o", _dir.Combine("out"), "--bind", "127.0.0.1", "--tls-cert", cert, "--tls-key", key);

        var trusted = await DcgProcess.RunAsync(Timeout, "echo", "-H", "localhost", "-p", p, "--tls", "--tls-ca", cert);
        Assert.True(trusted.ExitCode == 0, trusted.StdErr + listener.Output);

        var untrusted = await DcgProcess.RunAsync(Timeout, "echo", "-H", "localhost", "-p", p, "--tls", "--timeout", "10");
        Assert.Equal(20, untrusted.ExitCode);
        Assert.Single(untrusted.StdErr.Trim().Split('\n'));

        var plain = await DcgProcess.RunAsync(Timeout, "echo", "-p", p, "--timeout", "5");
        Assert.NotEqual(0, plain.ExitCode);
    }
}
