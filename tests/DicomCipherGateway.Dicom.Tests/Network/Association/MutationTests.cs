using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Tests.Network.Dimse;
using Xunit.Abstractions;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>
/// Thousands of random mutations of a valid session, each on its own connection to one
/// server. Every connection must end (no hang), and the server must still answer C-ECHO.
/// </summary>
public class MutationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Mutated_sessions_never_hang_or_break_the_server()
    {
        await using var fixture = await ServerFixture.StartAsync(new InMemoryTransport(), maxAssociations: 64);
        var valid = PeerBytes.ValidEchoSession();
        var random = new Random(20261124);
        var budget = DateTime.UtcNow.AddSeconds(40);
        var runs = 0;
        for (; runs < 3000 && DateTime.UtcNow < budget; runs++)
        {
            var mutated = Mutate(valid, random);
            await using var peer = await RawPeer.ConnectAsync(fixture.Transport, fixture.Port);
            await peer.SendAsync(mutated);
            await peer.CloseOutputAsync();
            await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
        }

        output.WriteLine($"{runs} mutated sessions");
        Assert.True(runs >= 1000, $"only {runs} mutations ran in the time budget");
        await AssociationTests.WaitUntil(() => fixture.Server.ActiveConnections == 0);
        await fixture.EchoAsync();
    }

    [Fact]
    public async Task Mutated_store_sessions_against_the_DIMSE_dispatcher_leave_it_serving()
    {
        var transport = new InMemoryTransport();
        var handler = new MemoryStoreHandler();
        await using var server = await DimseServiceTests.StartServerAsync(transport, new DicomServiceHandlers { Store = handler });
        var port = ((System.Net.DnsEndPoint)server.EndPoint!).Port;
        var store = DimseCommand.Request(DimseCommandField.CStoreRq, 2, "1.2.840.10008.5.1.4.1.1.2", hasDataSet: true);
        store.Elements.SetString(DicomCipherGateway.Dicom.Dictionary.DicomTags.AffectedSOPInstanceUID, DicomCipherGateway.Dicom.Model.DicomVR.UI, "1.2.3.4");
        store.Elements.SetValues(DicomCipherGateway.Dicom.Dictionary.DicomTags.Priority, DicomCipherGateway.Dicom.Model.DicomVR.US, (ushort)0);
        var valid = Pdu.Bytes.Concat(
            PeerBytes.AssociateRq(), PeerBytes.EchoRq(), PeerBytes.PData(3, 0x03, store.Encode()),
            PeerBytes.PData(3, 0x00, new byte[300]), PeerBytes.PData(3, 0x02, new byte[200]), PeerBytes.ReleaseRq());
        var random = new Random(4);
        var budget = DateTime.UtcNow.AddSeconds(30);
        var runs = 0;
        for (; runs < 2000 && DateTime.UtcNow < budget; runs++)
        {
            await using var peer = await RawPeer.ConnectAsync(transport, port);
            await peer.SendAsync(Mutate(valid, random));
            await peer.CloseOutputAsync();
            await peer.ReadUntilClosedAsync(TimeSpan.FromSeconds(5));
        }

        output.WriteLine($"{runs} mutated store sessions, {handler.Received.Count} stores completed");
        Assert.True(runs >= 500, $"only {runs} mutations ran in the time budget");

        // Whatever was completed was whole: 500 bytes of data set, never a fragment of it.
        Assert.All(handler.Received, r => Assert.Equal(500, r.Bytes.Length));
        await AssociationTests.WaitUntil(() => server.ActiveConnections == 0);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        await using var association = await client.AssociateAsync(ServerFixture.EchoRequest(), CancellationToken.None);
        Assert.Equal(DicomStatus.Success, await association.EchoAsync(CancellationToken.None));
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        var edits = random.Next(1, 5);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 16), bytes.Count - at));
                    break;
                case 3:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 8)).Select(_ => (byte)random.Next(256)));
                    break;
                default:
                    // Length fields are where parsers die: put an extreme value at a PDU or item length.
                    var value = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => 0x7F };
                    bytes[at] = (byte)value;
                    break;
            }

            if (bytes.Count == 0)
            {
                bytes.Add(0);
            }
        }

        return [.. bytes];
    }
}
