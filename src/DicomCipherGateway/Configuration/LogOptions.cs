namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Log: where the rolling JSON log and the audit trail are written.</summary>
public sealed class LogOptions
{
    /// <summary>Directory of gateway-*.json (rolling compact JSON) and audit-*.jsonl.</summary>
    public string Directory { get; set; } = "/var/log/dicom-cipher-gateway";

    /// <summary>Minimum level written: Verbose, Debug, Information, Warning, Error.</summary>
    public string Level { get; set; } = "Information";

    /// <summary>Days of rolling log files kept.</summary>
    public int RetainedDays { get; set; } = 31;
}
