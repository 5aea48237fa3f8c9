using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Every example in config/ starts the gateway and stops it cleanly: the file is used as shipped,
/// only its paths (spool, log, keyring, KEK, TLS files) are redirected to a temp folder by DCG_
/// environment variables, as an administrator would override them, and its ports are made free.
/// </summary>
public sealed class ConfigExamplesTests : IDisposable
{
    private static readonly TestKeyring Keys = TestKeyring.CreateTemporary("dcg-config-keys-");
    private readonly TempDirectory _dir = new("dcg-config-examples");

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "config"), "*.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Fact]
    public void Config_holds_the_three_promised_examples() =>
        Assert.Equal(
            ["generic-pacs.json", "orthanc.json", "tls.json"],
            Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "config"), "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray());

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_gateway_starts_with_the_example_and_stops_with_exit_0_on_SIGTERM(string name)
    {
        var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "config", name)))!.AsObject();
        var gateway = config["Gateway"]!.AsObject();

        // Ports: free loopback ones (the examples use 104, 2762, 11112 and 8080, which a test cannot count on).
        gateway["Bind"] = "127.0.0.1";
        gateway["Port"] = FreePort.Next();
        gateway["Http"]!["Url"] = $"http://127.0.0.1:{FreePort.Next()}";

        var environment = new Dictionary<string, string>
        {
            ["DCG_Gateway__Spool__Path"] = _dir.Combine("spool"),
            ["DCG_Gateway__Spool__MinFreeBytes"] = "1048576",
            ["DCG_Gateway__Log__Directory"] = _dir.Combine("log"),
            ["DCG_Gateway__Cipher__Keyring"] = Keys.Directory,
            ["DCG_Gateway__Cipher__KekFile"] = Keys.KekFile,
            ["DCG_Gateway__Cipher__Device"] = "cpu",
            ["DCG_Gateway__Cipher__Threads"] = "1",
            ["DCG_Gateway__Cipher__Workers"] = "1",
        };
        if (gateway["Tls"] is JsonObject)
        {
            var (cert, key) = SelfSigned();
            environment["DCG_Gateway__Tls__Certificate"] = cert;
            environment["DCG_Gateway__Tls__Key"] = key;
            environment["DCG_Gateway__Tls__Ca"] = cert;
        }

        await using var process = GatewayProcess.Start(_dir.File(name), config, [], environment);
        await process.WaitForPortAsync(TimeSpan.FromSeconds(90));
        var exit = await process.StopAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 0, $"exit {exit}:\n{process.Output}");
    }

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
        var certPath = _dir.File("gateway.pem");
        var keyPath = _dir.File("gateway.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    /// <summary>The folder holding DicomCipherGateway.sln, found upwards from the test binary.</summary>
    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DicomCipherGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("DicomCipherGateway.sln not found above " + AppContext.BaseDirectory);
    }
}
