using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.TestSupport;

namespace DicomCipherGateway.Cli.Tests;

/// <summary><c>dcg verify-pacs</c> against Orthanc (C-GET and C-MOVE) and against PACS stand-ins that damage what they keep.</summary>
public sealed class VerifyPacsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly TempDirectory _dir = new("dcg-verify-pacs");

    public void Dispose() => _dir.Dispose();

    private static string P(int port) => port.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Orthanc_keeps_the_object_intact_by_C_GET_and_C_MOVE_and_the_gateway_config_file_names_it()
    {
        var movePort = FreePort.Next();
        await using var orthanc = await OrthancPeer.StartAsync(_dir.Combine("orthanc"), new Dictionary<string, (string, int)> { ["dcg"] = ("DCG", movePort) });

        var get = await DcgProcess.RunAsync(Timeout, "verify-pacs", "-p", P(orthanc.DicomPort), "--aec", OrthancPeer.AeTitle, "--aet", "DCG", "--retrieve", "get");
        Assert.True(get.ExitCode == 0, get.StdOut + get.StdErr);
        Assert.Contains("PASS:", get.StdOut);

        // The gateway's own configuration file: the Pacs peer, our AE title and the retrieve mode come from it.
        var config = _dir.Combine("gateway.json");
        await File.WriteAllTextAsync(config, new JsonObject
        {
            ["Gateway"] = new JsonObject
            {
                ["AeTitle"] = "DCG",
                ["Peers"] = new JsonArray { new JsonObject { ["AeTitle"] = OrthancPeer.AeTitle, ["Host"] = "127.0.0.1", ["Port"] = orthanc.DicomPort, ["Roles"] = new JsonArray("Pacs"), ["Retrieve"] = "CMove" } },
            },
        }.ToJsonString());
        var move = await DcgProcess.RunAsync(Timeout, "verify-pacs", "--config", config, "--move-port", P(movePort));
        Assert.True(move.ExitCode == 0, move.StdOut + move.StdErr);
        Assert.Contains($"stored to {OrthancPeer.AeTitle}@127.0.0.1:{orthanc.DicomPort}", move.StdOut);
    }

    [Theory]
    [InlineData(StandInDamage.StripPrivate, 31, "the private block (Private Creator \"DICOMCIPHERGATEWAY 1\") is gone")]
    [InlineData(StandInDamage.RenumberPrivateBlock, 35, "the private block moved from (7FD1,0010) to (7FD1,0011)")]
    [InlineData(StandInDamage.LossyPixels, 32, "Pixel Data bytes changed")]
    [InlineData(StandInDamage.CoerceHeader, 34, "PatientID (0010,0020) changed, InstitutionName (0008,0080) added")]
    public async Task A_PACS_stand_in_that_damages_the_object_gets_its_own_exit_code(StandInDamage damage, int exitCode, string finding)
    {
        await using var pacs = await PacsStandIn.StartAsync(damage, Directory.CreateDirectory(_dir.Combine("pacs")).FullName);

        var run = await DcgProcess.RunAsync(Timeout, "verify-pacs", "-p", P(pacs.Port), "--aec", "STANDIN");

        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}\n{run.StdOut}{run.StdErr}");
        Assert.Contains(finding, run.StdOut);
        Assert.DoesNotContain("VERIFY PACS", run.StdOut + run.StdErr); // values never printed, only names
    }

    public enum StandInDamage
    {
        StripPrivate,
        RenumberPrivateBlock,
        LossyPixels,
        CoerceHeader,
    }

    /// <summary>A PACS played by our own SCP: C-STORE kept in memory after <see cref="StandInDamage"/>, C-GET serving it back.</summary>
    private sealed class PacsStandIn : ICStoreHandler, IAsyncDisposable
    {
        private readonly List<DicomFile> _kept = [];
        private readonly StandInDamage _damage;
        private readonly string _folder;
        private DicomServer? _server;

        private PacsStandIn(StandInDamage damage, string folder)
        {
            _damage = damage;
            _folder = folder;
        }

        public int Port => ((IPEndPoint)_server!.EndPoint!).Port;

        public static async Task<PacsStandIn> StartAsync(StandInDamage damage, string folder)
        {
            var standIn = new PacsStandIn(damage, folder);
            var model = DicomUids.GETStudyRootQueryRetrieveInformationModel;
            var policy = new AssociationPolicy()
                .AcceptStorage(new StorageAcceptance())
                .Accept(model, DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian)
                .AllowRequestorAsScp(DicomUids.ComputedRadiographyImageStorage);
            var retrieve = new TestQueryRetrieveHandlers(standIn._kept);
            standIn._server = new DicomServer(new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Loopback, 0) }, policy, new DicomServiceHandlers { Store = standIn, Get = retrieve });
            await standIn._server.StartAsync(CancellationToken.None);
            return standIn;
        }

        public async ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
            StoreBeginResult.Accept(await Part10FileSink.CreateAsync(Path.Combine(_folder, request.SopInstanceUid + ".dcm"), request, context.CallingAeTitle, cancellationToken));

        public ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
        {
            var file = DicomFile.Open(((Part10FileSink)sink).Path);
            Damage(file.Dataset);
            lock (_kept)
            {
                _kept.Add(file);
            }

            return ValueTask.FromResult(DicomStatus.Success);
        }

        private void Damage(DicomDataset ds)
        {
            switch (_damage)
            {
                case StandInDamage.StripPrivate:
                    ds.RemoveAll(t => t.IsPrivate);
                    break;
                case StandInDamage.RenumberPrivateBlock:
                    // Another vendor's block takes 0x10, ours moves to 0x11 (what PACSes that re-serialise private data do).
                    var ours = ds.Where(i => i.Tag.Group == CiphertextPrivateBlock.Group && i.Tag.IsPrivate).Cast<DicomElement>().ToList();
                    ds.RemoveAll(t => t.Group == CiphertextPrivateBlock.Group);
                    ds.SetString(new DicomTag(CiphertextPrivateBlock.Group, 0x0010), DicomVR.LO, "OTHER VENDOR 1");
                    foreach (var e in ours)
                    {
                        var tag = e.Tag.IsPrivateCreator ? new DicomTag(e.Tag.Group, 0x0011) : new DicomTag(e.Tag.Group, (ushort)(0x1100 | (e.Tag.Element & 0xFF)));
                        ds.Set(new DicomElement(tag, e.VR, e.Value));
                    }

                    break;
                case StandInDamage.LossyPixels:
                    // A lossy compression round trip: the low bits of the samples are gone.
                    var pixels = ds.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
                    for (var i = 0; i < pixels.Length; i += 2)
                    {
                        pixels[i] &= 0xF0;
                    }

                    ds.SetBytes(DicomTags.PixelData, DicomVR.OW, pixels);
                    ds.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
                    break;
                case StandInDamage.CoerceHeader:
                    // Patient reconciliation and a site attribute added on ingest.
                    ds.SetString(DicomTags.PatientID, DicomVR.LO, "SITE-0001");
                    ds.SetString(DicomTags.InstitutionName, DicomVR.LO, "Stand-in Hospital");
                    break;
            }
        }

        public async ValueTask DisposeAsync()
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _server!.StopAsync(grace.Token);
            await _server.DisposeAsync();
        }
    }
}
