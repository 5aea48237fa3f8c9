using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Association;

/// <summary>One encoded PDU waiting for the association's single writer.</summary>
internal readonly record struct Outbound(byte[] Buffer, int Length, bool Pooled, TaskCompletionSource? Sent)
{
    public void Release()
    {
        if (Pooled)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
        }
    }
}
