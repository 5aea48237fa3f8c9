namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Forward:PacsCommitment: what a modality's storage commitment waits for beyond the PACS's C-STORE Success.</summary>
public enum PacsCommitmentMode
{
    /// <summary>The PACS's own storage commitment when it accepts Storage Commitment Push Model at association negotiation; else its C-STORE Success.</summary>
    Auto,

    /// <summary>Always the PACS's own storage commitment: a PACS that does not accept it commits nothing.</summary>
    Always,

    /// <summary>The PACS's C-STORE Success alone.</summary>
    Never,
}
