using System.Net;
using System.Threading.Channels;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;

namespace DicomCipherGateway.Dicom.Tests.Network.Association;

/// <summary>An in-memory or loopback server that answers C-ECHO, with short timers for tests.</summary>
internal sealed class ServerFixture : IAsyncDisposable
{
    public static readonly AssociationTimeouts FastTimeouts = new()
    {
        Artim = TimeSpan.FromMilliseconds(500),
        AssociationRequest = TimeSpan.FromSeconds(5),
        Dimse = TimeSpan.FromSeconds(5),
        Idle = TimeSpan.FromSeconds(5),
        Connect = TimeSpan.FromSeconds(5),
    };

    private ServerFixture(DicomServer server, IDicomTransport transport, Channel<string> events)
    {
        Server = server;
        Transport = transport;
        Events = events;
    }

    public DicomServer Server { get; }

    public IDicomTransport Transport { get; }

    public Channel<string> Events { get; }

    public int Port => Server.EndPoint switch
    {
        IPEndPoint ip => ip.Port,
        DnsEndPoint dns => dns.Port,
        _ => throw new InvalidOperationException(),
    };

    public static AssociationPolicy DefaultPolicy() =>
        new AssociationPolicy { CalledAeTitles = { "TEST-SCP" } }
            .Accept(DicomUids.VerificationSOPClass, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian)
            .Accept(DicomUids.CTImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian);

    public static async Task<ServerFixture> StartAsync(IDicomTransport? transport = null, int maxAssociations = 8, AssociationPolicy? policy = null, uint maxPdu = 16384, AssociationTimeouts? timeouts = null)
    {
        transport ??= new InMemoryTransport();
        var events = Channel.CreateUnbounded<string>();
        var options = new DicomServerOptions
        {
            Transport = transport,
            EndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            MaxAssociations = maxAssociations,
            MaxPduLength = maxPdu,
            Timeouts = timeouts ?? FastTimeouts,
        };
        var server = new DicomServer(options, policy ?? DefaultPolicy(), (engine, _) => new EchoResponder(engine, events), null);
        await server.StartAsync(CancellationToken.None);
        return new ServerFixture(server, transport, events);
    }

    public DicomClient Client() => new(new DicomClientOptions { Host = "127.0.0.1", Port = Port, Transport = Transport, Timeouts = FastTimeouts });

    public static AssociationRequest EchoRequest(string calledAe = "TEST-SCP", uint maxPdu = 16384) => new()
    {
        CalledAeTitle = calledAe,
        CallingAeTitle = "TEST-SCU",
        MaxPduLength = maxPdu,
        PresentationContexts =
        [
            new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian]),
        ],
    };

    /// <summary>Associates, sends C-ECHO-RQ, checks the C-ECHO-RSP, releases.</summary>
    public async Task EchoAsync(CancellationToken cancellationToken = default)
    {
        await using var association = await Client().AssociateAsync(EchoRequest(), cancellationToken);
        var context = association.Context.FindAccepted(DicomUids.VerificationSOPClass)!;
        await association.SendRawAsync(context.Id, EchoCommands.Request(7), null, cancellationToken);
        var response = await association.ReceiveRawAsync(cancellationToken);
        Assert.Equal((ushort)0x8030, EchoCommands.ReadUShort(response.Command.Span, 0x0100));
        Assert.Equal((ushort)7, EchoCommands.ReadUShort(response.Command.Span, 0x0120));
        Assert.Equal((ushort)0, EchoCommands.ReadUShort(response.Command.Span, 0x0900));
        await association.ReleaseAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Server.StopAsync(stop.Token);
        await Server.DisposeAsync();
    }
}
