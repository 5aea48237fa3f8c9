namespace DicomCipherGateway.Configuration;

/// <summary>One entry of Gateway:Peers.</summary>
public sealed class PeerOptions
{
    public string AeTitle { get; set; } = string.Empty;

    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 104;

    /// <summary>Connect to this peer with DICOM TLS (certificates from Gateway:Tls).</summary>
    public bool Tls { get; set; }

    public List<PeerRole> Roles { get; set; } = [];

    /// <summary>How the gateway retrieves from a PACS (part 2): CGet or CMove.</summary>
    public string? Retrieve { get; set; }

    /// <summary>
    /// Workstation only: the C-MOVE destinations this peer may name ("self" for its own AE title).
    /// Empty: any configured Workstation peer.
    /// </summary>
    public List<string> MoveDestinations { get; set; } = [];
}
