namespace DicomCipherGateway.Configuration;

/// <summary>The "Gateway" configuration section (docs/configuration.md documents every key).</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Our AE title: the called AE title modalities must use, and the calling AE title toward the PACS.</summary>
    public string AeTitle { get; set; } = "DCG";

    /// <summary>Address the DICOM listener binds.</summary>
    public string Bind { get; set; } = "0.0.0.0";

    public int Port { get; set; } = 11112;

    public int MaxAssociations { get; set; } = 32;

    /// <summary>Largest P-DATA-TF PDU we accept (advertised in A-ASSOCIATE-AC).</summary>
    public int MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Largest data set we accept in one C-STORE; a larger one is refused with 0xA700.</summary>
    public long MaxObjectBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Refuse an association whose remote address is not its peer's configured Host.</summary>
    public bool CheckPeerAddress { get; set; }

    /// <summary>How long a graceful stop may take before in-flight work is parked (it resumes at the next start).</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public List<PeerOptions> Peers { get; set; } = [];

    public TlsOptions Tls { get; set; } = new();

    public SpoolOptions Spool { get; set; } = new();

    public CipherOptions Cipher { get; set; } = new();

    public ForwardOptions Forward { get; set; } = new();

    public RetrieveOptions Retrieve { get; set; } = new();

    public HttpOptions Http { get; set; } = new();

    public LogOptions Log { get; set; } = new();
}
