using System.Text.Json.Serialization;

namespace DicomCipherGateway.Operations;

/// <summary>
/// One line of the audit trail: who, what, when, outcome. It carries UIDs, AE titles, addresses
/// and key ids, never patient names or IDs.
/// </summary>
internal sealed record AuditRecord
{
    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>association, received, encrypted, forwarded, dead-lettered, refused, duplicate, commitment (toward the modality), pacs-commitment (asked of the PACS).</summary>
    [JsonPropertyName("event")]
    public required string Event { get; init; }

    /// <summary>accepted, rejected, success, failure, ...</summary>
    [JsonPropertyName("outcome")]
    public required string Outcome { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    [JsonPropertyName("callingAe")]
    public string? CallingAe { get; init; }

    [JsonPropertyName("calledAe")]
    public string? CalledAe { get; init; }

    [JsonPropertyName("address")]
    public string? Address { get; init; }

    /// <summary>The other side of the operation: the modality for received, the PACS for forwarded.</summary>
    [JsonPropertyName("peer")]
    public string? Peer { get; init; }

    [JsonPropertyName("sopInstanceUid")]
    public string? SopInstanceUid { get; init; }

    [JsonPropertyName("sopClassUid")]
    public string? SopClassUid { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("keyId")]
    public string? KeyId { get; init; }

    [JsonPropertyName("view")]
    public string? View { get; init; }

    [JsonPropertyName("spoolId")]
    public long? SpoolId { get; init; }
}
