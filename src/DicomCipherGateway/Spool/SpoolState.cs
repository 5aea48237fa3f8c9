namespace DicomCipherGateway.Spool;

/// <summary>Where a spooled object is: Received → Encrypted → Forwarded | DeadLetter.</summary>
public enum SpoolState
{
    /// <summary>Sealed (AES-256-GCM) on disk; G has not run yet.</summary>
    Received = 0,

    /// <summary>The ciphertext object is on disk, waiting for the PACS.</summary>
    Encrypted = 1,

    /// <summary>The PACS accepted it; the files are gone, the record stays for duplicate detection.</summary>
    Forwarded = 2,

    /// <summary>Refused for good (reason recorded); kept until retried or purged.</summary>
    DeadLetter = 3,
}
