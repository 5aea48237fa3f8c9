namespace DicomCipherGateway.Dicom.IO.Values;

/// <summary>A value held in memory.</summary>
internal sealed class MemoryDicomValue(ReadOnlyMemory<byte> bytes) : DicomValue
{
    public override long Length => bytes.Length;

    public override bool IsMaterialized => true;

    public override ReadOnlyMemory<byte> GetMemory() => bytes;

    public override void CopyTo(long offset, Span<byte> destination) => bytes.Span.Slice(checked((int)offset), destination.Length).CopyTo(destination);

    public override Stream OpenRead() => new ReadOnlyMemoryStream(bytes);
}
