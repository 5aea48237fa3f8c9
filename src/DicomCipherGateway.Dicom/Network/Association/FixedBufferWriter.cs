using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>An <see cref="IBufferWriter{T}"/> over an array that is already large enough.</summary>
internal sealed class FixedBufferWriter(byte[] buffer) : IBufferWriter<byte>
{
    private int _written;

    public void Advance(int count) => _written += count;

    public Memory<byte> GetMemory(int sizeHint = 0) => buffer.AsMemory(_written);

    public Span<byte> GetSpan(int sizeHint = 0) => buffer.AsSpan(_written);
}
