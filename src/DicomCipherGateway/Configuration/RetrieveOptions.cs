namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Retrieve: query and retrieve through the gateway (docs/configuration.md).</summary>
public sealed class RetrieveOptions
{
    /// <summary>
    /// Objects from the PACS that carry no ciphertext envelope and no remnant of one: Refuse (default),
    /// AllowCreatedBeforeCutover (with LegacyCutover) or Allow. A damaged or stripped envelope is always refused.
    /// </summary>
    public string LegacyPlaintext { get; set; } = "Refuse";

    /// <summary>The date the gateway started encrypting (yyyy-MM-dd), for AllowCreatedBeforeCutover.</summary>
    public DateOnly? LegacyCutover { get; set; }

    /// <summary>Refuse (instead of only auditing) an object whose patient/study/series attributes changed in the PACS since encryption.</summary>
    public bool RefuseIdentityChanges { get; set; }

    /// <summary>One DIMSE step toward the PACS or a destination (association included).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest instance taken from the PACS in one retrieval (it is held in memory while decrypted).</summary>
    public long MaxInstanceBytes { get; set; } = 512L * 1024 * 1024;
}
