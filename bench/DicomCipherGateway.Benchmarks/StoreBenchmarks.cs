using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;

namespace DicomCipherGateway.Benchmarks;

/// <summary>
/// C-STORE throughput on loopback: 100 slices of 512×512×16 bits per operation, over 1 or 4
/// associations. Ours (SCU and SCP) against DCMTK's storescu and storescp in the same run.
/// Both SCPs discard the data (a null sink; <c>storescp --ignore</c>), so the network path is measured.
/// DCMTK runs with TCP_NODELAY=1: without it, it waits on delayed ACKs about 40 ms per instance.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 8)]
public class StoreBenchmarks
{
    private const int Instances = 100;
    private readonly List<string> files = [];
    private DicomServer? server;
    private Process? storescp;
    private int ourPort;
    private int dcmtkPort;

    [Params(1, 4)]
    public int Associations { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        files.AddRange(StoreSlices.Create(Instances));

        ourPort = FreePort();
        var policy = new AssociationPolicy().Accept(DicomUids.CTImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian);
        server = new DicomServer(new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, ourPort) }, policy, new DicomServiceHandlers { Store = new DiscardingStore() });
        server.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        dcmtkPort = FreePort();
        storescp = Start("storescp", ["--ignore", "--fork", "-aet", "BENCH", dcmtkPort.ToString(CultureInfo.InvariantCulture)]);
        WaitListening(dcmtkPort);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        storescp?.Kill(entireProcessTree: true);
        storescp?.WaitForExit();
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task StorescuToStorescp() => RunStorescuAsync(dcmtkPort);

    [Benchmark]
    public Task OursToOurs() => RunOursAsync(ourPort);

    [Benchmark]
    public Task OursToStorescp() => RunOursAsync(dcmtkPort);

    [Benchmark]
    public Task StorescuToOurs() => RunStorescuAsync(ourPort);

    private Task RunOursAsync(int port) =>
        StoreSlices.SendAsync(new DicomClient(new DicomClientOptions { Host = "127.0.0.1", Port = port }), files, Associations);

    private async Task RunStorescuAsync(int port)
    {
        await Task.WhenAll(Enumerable.Range(0, Associations).Select(async a =>
        {
            var args = new List<string> { "-aec", "BENCH", "-xe", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture) };
            for (var i = a; i < files.Count; i += Associations)
            {
                args.Add(files[i]);
            }

            using var p = Start("storescu", args);
            await p.WaitForExitAsync();
            if (p.ExitCode != 0)
            {
                throw new InvalidOperationException("storescu failed: " + await p.StandardError.ReadToEndAsync());
            }
        }));
    }

    private static Process Start(string tool, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(tool) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["TCP_NODELAY"] = "1";
        return Process.Start(psi)!;
    }

    private static int FreePort()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static void WaitListening(int port)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                Thread.Sleep(50);
            }
        }
    }

    private sealed class DiscardingStore : ICStoreHandler
    {
        public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(StoreBeginResult.Accept(new DiscardingDatasetSink()));

        public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(DicomStatus.Success);
    }
}
