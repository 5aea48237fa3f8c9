namespace DicomCipherGateway.Benchmarks.Network;

/// <summary>One timed transfer of the whole set of slices.</summary>
internal sealed record StoreRun(string Scenario, int Associations, int Repeat, TimeSpan Elapsed, int Instances, long Bytes)
{
    public double InstancesPerSecond => Instances / Elapsed.TotalSeconds;

    public double MegabytesPerSecond => Bytes / 1e6 / Elapsed.TotalSeconds;
}
