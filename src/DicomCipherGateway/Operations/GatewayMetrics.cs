using Prometheus;

namespace DicomCipherGateway.Operations;

/// <summary>
/// The gateway's Prometheus metrics, in a registry of its own (not prometheus-net's static
/// default), so that two gateways in one process (tests) do not share counts.
/// </summary>
internal sealed class GatewayMetrics
{
    public GatewayMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Received = factory.CreateCounter("dcg_instances_received_total", "Instances received and acknowledged durable.");
        ReceivedBytes = factory.CreateCounter("dcg_received_bytes_total", "Data set bytes received in acknowledged C-STOREs.");
        Refused = factory.CreateCounter("dcg_instances_refused_total", "C-STOREs refused, by reason.", "reason");
        Encrypted = factory.CreateCounter("dcg_instances_encrypted_total", "Instances turned into ciphertext objects, by view.", "view");
        Forwarded = factory.CreateCounter("dcg_instances_forwarded_total", "Instances the PACS accepted.");
        ForwardedBytes = factory.CreateCounter("dcg_forwarded_bytes_total", "Bytes of ciphertext objects the PACS accepted.");
        Failed = factory.CreateCounter("dcg_forward_failures_total", "Forward attempts that failed, by kind (transient, permanent).", "kind");
        DeadLettered = factory.CreateCounter("dcg_instances_dead_lettered_total", "Instances moved to the dead-letter store.");
        Duplicates = factory.CreateCounter("dcg_duplicates_total", "Duplicate SOP Instance UIDs received, by content (same, different).", "content");
        QueueDepth = factory.CreateGauge("dcg_queue_depth", "Spool entries by state.", "state");
        CipherSeconds = factory.CreateHistogram("dcg_cipher_seconds", "Time to turn one sealed object into its ciphertext object.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });
        EncryptionStageSeconds = factory.CreateCounter("dcg_encryption_stage_seconds_total", "Seconds the encryption workers spent per stage (unseal, parse, cipher, write, queue); divide by dcg_instances_encrypted_total for the time per object.", "stage");
        EncryptionBatchObjects = factory.CreateHistogram("dcg_encryption_batch_objects", "Objects an encryption worker took together (their frames of equal size share G's forward passes).", new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64] });
        ForwardSeconds = factory.CreateHistogram("dcg_forward_seconds", "Time of one successful forward to the PACS, retries included.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.005, 2, 16) });
        RetryDelaySeconds = factory.CreateHistogram("dcg_forward_retry_delay_seconds", "Delays chosen by the forward retry policy.", new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.1, 2, 12) });
        CircuitState = factory.CreateGauge("dcg_circuit_state", "Circuit breaker toward the PACS: 0 closed, 1 half-open, 2 open.", "destination");
        Device = factory.CreateGauge("dcg_cipher_device_info", "The device G runs on (value 1).", "device", "threads");
        ActiveKey = factory.CreateGauge("dcg_active_key_info", "The active key id (value 1).", "key_id");
        PacsReachable = factory.CreateGauge("dcg_pacs_reachable", "Last cached C-ECHO to the PACS: 1 success, 0 failure.");
        SpoolFreeBytes = factory.CreateGauge("dcg_spool_free_bytes", "Free bytes on the spool's file system.");
    }

    public CollectorRegistry Registry { get; }

    public Counter Received { get; }

    public Counter ReceivedBytes { get; }

    public Counter Refused { get; }

    public Counter Encrypted { get; }

    public Counter Forwarded { get; }

    public Counter ForwardedBytes { get; }

    public Counter Failed { get; }

    public Counter DeadLettered { get; }

    public Counter Duplicates { get; }

    public Gauge QueueDepth { get; }

    public Histogram CipherSeconds { get; }

    public Counter EncryptionStageSeconds { get; }

    public Histogram EncryptionBatchObjects { get; }

    public Histogram ForwardSeconds { get; }

    public Histogram RetryDelaySeconds { get; }

    public Gauge CircuitState { get; }

    public Gauge Device { get; }

    public Gauge ActiveKey { get; }

    public Gauge PacsReachable { get; }

    public Gauge SpoolFreeBytes { get; }
}
