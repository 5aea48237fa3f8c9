namespace DicomCipherGateway.Forwarding;

/// <summary>What to do after one forward attempt.</summary>
internal enum ForwardDecision
{
    /// <summary>The PACS took it (success or warning).</summary>
    Done,

    /// <summary>Try again later: the PACS or the path to it is unavailable for now. Never dead-lettered.</summary>
    Transient,

    /// <summary>A failure the PACS may not repeat (0xA9xx, 0xCxxx, processing failure): counted, dead-lettered after Forward:PermanentFailureAttempts.</summary>
    Counted,

    /// <summary>A refusal that will not change by itself (SOP class not supported, refused association): dead letter now.</summary>
    DeadLetter,
}
