using System.CommandLine;
using System.Globalization;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>The options every network verb shares: peer, AE titles, timeouts and DICOM TLS.</summary>
internal sealed class NetworkOptions(bool server = false)
{
    public Option<string> Host { get; } = new("--host", "-H") { Description = "Peer host name or address.", DefaultValueFactory = _ => "127.0.0.1" };

    public Option<int> Port { get; } = new("--port", "-p") { Description = server ? "Port to listen on." : "Peer port.", DefaultValueFactory = _ => 104 };

    public Option<string> CallingAe { get; } = new("--aet") { Description = server ? "Our AE title (called AE title we answer to; empty: any)." : "Our (calling) AE title.", DefaultValueFactory = _ => server ? string.Empty : "DCG" };

    public Option<string> CalledAe { get; } = new("--aec") { Description = "The peer's (called) AE title.", DefaultValueFactory = _ => "ANY-SCP" };

    public Option<double> Timeout { get; } = new("--timeout") { Description = "Connect, association and response timeout in seconds.", DefaultValueFactory = _ => 30 };

    public Option<bool> Tls { get; } = new("--tls") { Description = "Use DICOM TLS (TLS 1.2 or later)." };

    public Option<FileInfo?> TlsCertificate { get; } = new("--tls-cert") { Description = server ? "Server certificate (PEM); enables TLS." : "Client certificate (PEM) for mutual TLS." };

    public Option<FileInfo?> TlsKey { get; } = new("--tls-key") { Description = "Private key (PEM) of --tls-cert." };

    public Option<FileInfo?> TlsCa { get; } = new("--tls-ca") { Description = server ? "CA (PEM) that client certificates must chain to; requires client certificates." : "CA (PEM) the peer's certificate must chain to, instead of the system store." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Host, Port, CallingAe, CalledAe, Timeout, Tls, TlsCertificate, TlsKey, TlsCa })
        {
            if (server && (option == Host || option == CalledAe))
            {
                continue;
            }

            command.Options.Add(option);
        }
    }

    public AssociationTimeouts Timeouts(ParseResult result)
    {
        var seconds = result.GetValue(Timeout);
        if (seconds <= 0 || double.IsNaN(seconds))
        {
            throw new CommandLineException(string.Create(CultureInfo.InvariantCulture, $"--timeout must be positive, not {seconds}."));
        }

        var span = TimeSpan.FromSeconds(seconds);
        return new AssociationTimeouts { Connect = span, Artim = span, AssociationRequest = span, Dimse = span };
    }

    public string Describe(ParseResult result) =>
        string.Create(CultureInfo.InvariantCulture, $"{result.GetValue(CalledAe)}@{result.GetValue(Host)}:{result.GetValue(Port)}");

    /// <summary>Opens an association to the peer these options name, as the AE titles they give, proposing <paramref name="contexts"/>.</summary>
    public Task<DicomClientAssociation> AssociateAsync(ParseResult result, IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken) =>
        new DicomClient(Client(result)).AssociateAsync(
            new AssociationRequest { CallingAeTitle = result.GetValue(CallingAe)!, CalledAeTitle = result.GetValue(CalledAe)!, PresentationContexts = contexts },
            cancellationToken);

    public DicomClientOptions Client(ParseResult result) =>
        Client(
            result.GetValue(Host)!,
            result.GetValue(Port),
            result.GetValue(Tls),
            result.GetValue(TlsCertificate),
            result.GetValue(TlsKey),
            result.GetValue(TlsCa),
            Timeouts(result));

    /// <summary>Client options from values (a verb may take them from a configuration file instead of the command line).</summary>
    public static DicomClientOptions Client(string host, int port, bool tls, FileInfo? certificateFile, FileInfo? keyFile, FileInfo? caFile, AssociationTimeouts timeouts)
    {
        IDicomTransport transport = new SocketTransport();
        if (tls || caFile is not null || certificateFile is not null)
        {
            var options = new SslClientAuthenticationOptions { TargetHost = host, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
            if (LoadCertificate(certificateFile, keyFile) is { } certificate)
            {
                options.ClientCertificates = [certificate];
            }

            if (LoadCa(caFile) is { } ca)
            {
                options.RemoteCertificateValidationCallback = (_, certificate, _, errors) => ChainsTo(certificate, ca, errors);
            }

            transport = new TlsTransport(transport, null, options);
        }

        return new DicomClientOptions { Host = host, Port = port, Transport = transport, Timeouts = timeouts };
    }

    public IDicomTransport ServerTransport(ParseResult result)
    {
        IDicomTransport transport = new SocketTransport();
        if (LoadCertificate(result.GetValue(TlsCertificate), result.GetValue(TlsKey)) is not { } certificate)
        {
            if (result.GetValue(Tls))
            {
                throw new CommandLineException("--tls needs --tls-cert and --tls-key for a server.");
            }

            return transport;
        }

        var options = new SslServerAuthenticationOptions { ServerCertificate = certificate, EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 };
        if (LoadCa(result.GetValue(TlsCa)) is { } ca)
        {
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = (_, client, _, errors) => client is not null && ChainsTo(client, ca, errors);
        }

        return new TlsTransport(transport, options, null);
    }

    private static X509Certificate2? LoadCertificate(FileInfo? cert, FileInfo? keyFile)
    {
        if (cert is null)
        {
            return null;
        }

        var key = keyFile ?? throw new CommandLineException("--tls-cert needs --tls-key.");
        using var pem = X509Certificate2.CreateFromPemFile(cert.FullName, key.FullName);

        // A PEM-loaded key is ephemeral; SslStream on Linux needs it exportable, so round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2Collection? LoadCa(FileInfo? caFile)
    {
        if (caFile is not { } file)
        {
            return null;
        }

        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(file.FullName);
        return collection;
    }

    private static bool ChainsTo(X509Certificate? certificate, X509Certificate2Collection ca, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
