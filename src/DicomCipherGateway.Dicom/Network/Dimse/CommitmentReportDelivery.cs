namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// How a storage commitment report that must go on a new association is retried when the
/// requestor cannot be reached (down, restarting, refusing associations for a while). The
/// delay doubles after each failed attempt, up to <see cref="MaxDelay"/>. After the last attempt
/// the report is logged and dropped; the requestor may ask again with the same references.
/// </summary>
public sealed record CommitmentReportDelivery
{
    /// <summary>Attempts in all, the first one included (1: no retry).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after the first failed attempt.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var delay = InitialDelay;
        for (var i = 1; i < attempt && delay < MaxDelay; i++)
        {
            delay *= 2;
        }

        return delay < MaxDelay ? delay : MaxDelay;
    }
}
