namespace DicomCipherGateway.Dicom.Network.Transport;

/// <summary>Short random ids for connections and associations in logs.</summary>
internal static class ConnectionIds
{
    public static string Next() => Convert.ToHexString(BitConverter.GetBytes(Random.Shared.NextInt64())).ToLowerInvariant()[..10];
}
