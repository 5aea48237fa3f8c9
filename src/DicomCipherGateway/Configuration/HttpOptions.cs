namespace DicomCipherGateway.Configuration;

/// <summary>Gateway:Http: the loopback endpoint for health, metrics and dead letters.</summary>
public sealed class HttpOptions
{
    public string Url { get; set; } = "http://127.0.0.1:8080";
}
