namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Tls: DICOM TLS for the listener (when Certificate is set) and for peers marked Tls.</summary>
public sealed class TlsOptions
{
    /// <summary>PEM certificate of the gateway; enables TLS on the listener and is the client certificate toward TLS peers.</summary>
    public string? Certificate { get; set; }

    /// <summary>PEM private key of Certificate.</summary>
    public string? Key { get; set; }

    /// <summary>PEM CA bundle: inbound client certificates must chain to it (then required), and outbound peers' certificates too.</summary>
    public string? Ca { get; set; }
}
