namespace DicomCipherGateway.Spool;

/// <summary>What admitting an entry did.</summary>
/// <param name="Id">The queue record that now stands for the object.</param>
/// <param name="IsDuplicate">The same SOP Instance with the same content is already queued or forwarded; nothing new was queued.</param>
/// <param name="PreviousFingerprint">The same SOP Instance was received before with different content (this fingerprint); the new content was queued.</param>
public sealed record SpoolAdmission(long Id, bool IsDuplicate, string? PreviousFingerprint);
