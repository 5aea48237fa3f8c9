namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>Buffer limits of a connection. They bound memory and give TCP backpressure.</summary>
public sealed record TransportOptions
{
    /// <summary>The receive pump stops reading the socket when this many bytes wait unread.</summary>
    public long MaxReadBufferSize { get; init; } = 1024 * 1024;

    /// <summary>Writers wait in FlushAsync when this many bytes wait to be sent.</summary>
    public long MaxWriteBufferSize { get; init; } = 1024 * 1024;

    /// <summary>How long a graceful close may take to drain pending output before it aborts.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public static TransportOptions Default { get; } = new();

    /// <summary>Segment size of the pipes: large enough that a socket read or send moves many PDVs' worth at once.</summary>
    public int SegmentSize { get; init; } = 64 * 1024;

    internal System.IO.Pipelines.PipeOptions ReadPipeOptions() =>
        new(pauseWriterThreshold: MaxReadBufferSize, resumeWriterThreshold: MaxReadBufferSize / 2, minimumSegmentSize: SegmentSize, useSynchronizationContext: false);

    internal System.IO.Pipelines.PipeOptions WritePipeOptions() =>
        new(pauseWriterThreshold: MaxWriteBufferSize, resumeWriterThreshold: MaxWriteBufferSize / 2, minimumSegmentSize: SegmentSize, useSynchronizationContext: false);
}
