using System.Buffers;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>A scripted peer that writes arbitrary bytes and reads whatever PDUs come back.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly IDicomConnection _connection;

    private RawPeer(IDicomConnection connection) => _connection = connection;

    public static async Task<RawPeer> ConnectAsync(IDicomTransport transport, int port) =>
        new(await transport.ConnectAsync("127.0.0.1", port, CancellationToken.None));

    public async Task SendAsync(byte[] bytes)
    {
        var flush = await _connection.Transport.Output.WriteAsync(bytes);
        _ = flush;
    }

    /// <summary>Half-closes: the server sees end of stream.</summary>
    public Task CloseOutputAsync() => _connection.Transport.Output.CompleteAsync().AsTask();

    /// <summary>The next PDU, or null when the server closed the connection.</summary>
    public async Task<ProtocolDataUnit?> ReadAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var input = _connection.Transport.Input;
        while (true)
        {
            var result = await input.ReadAsync(cts.Token);
            var buffer = result.Buffer;
            var limits = new PduLimits { MaxPDataLength = uint.MaxValue, MaxAssociatePduLength = uint.MaxValue };
            if (PduReader.TryReadPdu(ref buffer, limits, out var pdu))
            {
                if (pdu is PDataTfPdu data)
                {
                    // Copy out of the buffer before advancing.
                    pdu = new PDataTfPdu([.. data.Values.Select(v => v with { Data = new ReadOnlySequence<byte>(v.Data.ToArray()) })]);
                }

                input.AdvanceTo(buffer.Start);
                return pdu;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                return null;
            }
        }
    }

    /// <summary>Reads until the server closes; returns the PDUs seen on the way.</summary>
    public async Task<List<ProtocolDataUnit>> ReadUntilClosedAsync(TimeSpan timeout)
    {
        var seen = new List<ProtocolDataUnit>();
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, "the server did not close the connection in time");
            var pdu = await ReadAsync(left);
            if (pdu is null)
            {
                return seen;
            }

            seen.Add(pdu);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
