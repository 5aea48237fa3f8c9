using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text.Json;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Networks;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Cipher.Torch;
using DicomCipherGateway.Cipher.Training;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Part10;
using TorchSharp;

namespace DicomCipherGateway.Cli.Commands;

/// <summary>
/// <c>dcg verify-pacs</c>, the go-live check: a synthetic ciphertext object goes to the PACS by
/// C-STORE and comes straight back by C-GET or C-MOVE; <see cref="PacsIntegrityReport"/> says whether
/// the PACS kept the private block and Pixel Data, changed the header, and whether strict decryption
/// still works. The test object stays in the PACS (its UIDs are printed so it can be deleted).
/// </summary>
internal static class VerifyPacsCommand
{
    public static Command Create()
    {
        var network = new NetworkOptions();
        var config = new Option<FileInfo?>("--config") { Description = "The gateway's configuration file: PACS peer, AE title, TLS and keyring from it (command-line options given explicitly win)." };
        var retrieve = new Option<string?>("--retrieve") { Description = "get (C-GET, default) or move (C-MOVE to our own AE title, received on --move-port)." };
        var movePort = new Option<int>("--move-port") { Description = "Port our storage SCP listens on for C-MOVE (the PACS must know --aet at this port)." };
        var keyring = new Option<DirectoryInfo?>("--keyring") { Description = "Encrypt the test object with this keyring's active key (default: a throwaway key made now)." };
        var keyId = new Option<string?>("--key-id") { Description = "Key id in --keyring (default: the keyring's only key)." };
        var kek = new KekOptions();
        var size = new Option<int>("--size") { Description = "Width and height of the synthetic radiograph.", DefaultValueFactory = _ => 128 };
        var keep = new Option<DirectoryInfo?>("--keep") { Description = "Folder to keep sent.dcm and retrieved.dcm (ciphertext) for inspection." };
        var command = new Command("verify-pacs", "Go-live check: store a ciphertext test object to the PACS, retrieve it, and report whether the PACS kept it intact.")
        {
            config, retrieve, movePort, keyring, keyId, size, keep,
        };
        network.AddTo(command);
        kek.AddTo(command);
        command.SetAction((result, cancellationToken) => NetworkCommandRunner.RunAsync("verify-pacs", async () =>
        {
            var target = Target.From(result, network, result.GetValue(config), result.GetValue(retrieve), result.GetValue(keyring), result.GetValue(keyId), kek);
            var side = result.GetValue(size);
            if (side is < 64 or > 2048)
            {
                throw new CommandLineException("--size must be 64..2048.");
            }

            if (target.Move && result.GetValue(movePort) is <= 0 or > 65535)
            {
                throw new CommandLineException("C-MOVE needs --move-port: the port the PACS sends to (it must know our AE title there).");
            }

            using var keys = OpenKeys(target, kek, result);
            var encryptor = new DicomObjectEncryptor(keys.Active);
            var original = TestObject(side);
            var originalPixels = original.Dataset.GetElement(DicomTags.PixelData)!.Value.GetMemory().ToArray();
            var sent = encryptor.Encrypt(original, cancellationToken);
            var bitExact = encryptor.Options.Profile == Cipher.Engine.CipherProfile.DlednetSealed;
            var ds = sent.Dataset;
            var study = ds.GetString(DicomTags.StudyInstanceUID)!;
            var series = ds.GetString(DicomTags.SeriesInstanceUID)!;
            var instance = ds.GetString(DicomTags.SOPInstanceUID)!;
            Console.WriteLine($"test object: SOP Instance {instance} (study {study}), key {keys.Active.Id}, {side}x{side}, private block at {PacsIntegrityReport.LocateBlocks(ds).Single()}");

            var work = Directory.CreateTempSubdirectory("dcg-verify-pacs-");
            try
            {
                var sentPath = Path.Combine(work.FullName, "sent.dcm");
                sent.Save(sentPath);
                var received = Directory.CreateDirectory(Path.Combine(work.FullName, "received")).FullName;
                var stored = await StoreAsync(target, sentPath, cancellationToken);
                if (!stored.IsCompleted)
                {
                    Console.Error.WriteLine($"dcg verify-pacs: the PACS refused the test object: {stored}");
                    return ExitCodes.OperationFailed;
                }

                Console.WriteLine($"stored to {target.Describe()}: {stored}");
                var identifier = new DicomDataset();
                identifier.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, "IMAGE");
                identifier.SetString(DicomTags.StudyInstanceUID, DicomVR.UI, study);
                identifier.SetString(DicomTags.SeriesInstanceUID, DicomVR.UI, series);
                identifier.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, instance);
                var final = target.Move
                    ? await MoveAsync(target, result.GetValue(movePort), identifier, received, cancellationToken)
                    : await GetAsync(target, new DicomUid(ds.GetString(DicomTags.SOPClassUID)!), identifier, received, cancellationToken);
                var path = Path.Combine(received, instance + ".dcm");
                if (!File.Exists(path))
                {
                    return Finish(Single(PacsVerdict.NotRetrieved, $"nothing came back by {(target.Move ? "C-MOVE" : "C-GET")} (final status {final?.Status.ToString() ?? "none"}, {final?.Completed ?? 0} completed, {final?.Failed ?? 0} failed)"), instance);
                }

                var retrieved = DicomFile.Open(path);
                if (result.GetValue(keep) is { } keepFolder)
                {
                    keepFolder.Create();
                    File.Copy(sentPath, Path.Combine(keepFolder.FullName, "sent.dcm"), overwrite: true);
                    File.Copy(path, Path.Combine(keepFolder.FullName, "retrieved.dcm"), overwrite: true);
                }

                var decryptor = new DicomObjectDecryptor(keys.Resolve, DecryptionPolicy.Strict);
                var report = PacsIntegrityReport.Compare(
                    sent,
                    retrieved,
                    file => decryptor.Open(file, cancellationToken).File.Dataset.GetElement(DicomTags.PixelData)?.Value.GetMemory() ?? ReadOnlyMemory<byte>.Empty,
                    originalPixels,
                    bitExact);
                return Finish(report, instance);
            }
            finally
            {
                work.Delete(recursive: true);
            }
        }));
        return command;
    }

    private static PacsIntegrityReport Single(PacsVerdict verdict, string text)
    {
        var report = new PacsIntegrityReport();
        report.Add(verdict, text);
        return report;
    }

    private static int Finish(PacsIntegrityReport report, string instance)
    {
        foreach (var (verdict, text) in report.Findings.OrderBy(f => f.Verdict))
        {
            Console.WriteLine($"{Label(verdict)}: {text}");
        }

        var code = PacsIntegrityReport.ExitCode(report.Verdict);
        Console.WriteLine(report.Verdict switch
        {
            PacsVerdict.Intact => "PASS: the PACS kept the private block and the Pixel Data intact, the header unchanged, and the object decrypts bit for bit.",
            PacsVerdict.HeaderChanged or PacsVerdict.PrivateBlockMoved => $"PASS WITH WARNINGS (exit {code}): decryption works; read the warnings above.",
            _ => $"FAIL (exit {code}): this PACS does not keep ciphertext objects intact; do not go live with it as configured.",
        });
        Console.WriteLine($"note: the test object (SOP Instance {instance}, patient ID DCG-VERIFY-PACS) stays in the PACS; delete it there.");
        return code;
    }

    private static string Label(PacsVerdict verdict) => verdict switch
    {
        PacsVerdict.HeaderChanged or PacsVerdict.PrivateBlockMoved => "warning",
        _ => "FAIL",
    };

    /// <summary>A synthetic radiograph named so nobody mistakes it for a patient.</summary>
    private static DicomFile TestObject(int size)
    {
        var image = new ChestRadiographGenerator().Generate(Environment.TickCount & 0xFFFF, size, size);
        var file = SyntheticStudy.ToDicomFile(image, DateTime.UtcNow);
        file.Dataset.SetString(DicomTags.PatientName, "DCG^VERIFY PACS");
        file.Dataset.SetString(DicomTags.PatientID, "DCG-VERIFY-PACS");
        file.Dataset.SetString(DicomTags.SeriesDescription, "dcg verify-pacs test object");
        return file;
    }

    private static async Task<DicomStatus> StoreAsync(Target target, string path, CancellationToken cancellationToken)
    {
        var file = DicomFile.Open(path);
        var sopClass = new DicomUid(file.Dataset.GetString(DicomTags.SOPClassUID)!);
        await using var association = await target.AssociateAsync([new PresentationContextProposal(sopClass, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])], cancellationToken);
        var status = await association.StoreAsync(path, cancellationToken);
        await association.ReleaseAsync(cancellationToken);
        return status;
    }

    // Only the test object's own class is proposed, with every syntax a storage SCP accepts, so that a PACS
    // that transcoded the object can still send it back and the transcoding is reported rather than missed.
    private static async Task<CRetrieveResponse?> GetAsync(Target target, DicomUid sopClass, DicomDataset identifier, string folder, CancellationToken cancellationToken)
    {
        var model = DicomUids.GETStudyRootQueryRetrieveInformationModel;
        await using var association = await target.AssociateAsync(
            [
                new PresentationContextProposal(model, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian]),
                new PresentationContextProposal(sopClass, StorageAcceptance.DefaultTransferSyntaxes) { ScuRole = true, ScpRole = true },
            ],
            cancellationToken);
        CRetrieveResponse? final = null;
        await foreach (var response in association.GetAsync(model, identifier, new FolderStoreHandler(folder), cancellationToken))
        {
            final = response;
        }

        await association.ReleaseAsync(cancellationToken);
        return final;
    }

    private static async Task<CRetrieveResponse?> MoveAsync(Target target, int port, DicomDataset identifier, string folder, CancellationToken cancellationToken)
    {
        if (port is <= 0 or > 65535)
        {
            throw new CommandLineException("C-MOVE needs --move-port: the port the PACS sends to (it must know our AE title there).");
        }

        var policy = new AssociationPolicy().AcceptStorage(new StorageAcceptance());
        policy.CalledAeTitles.Add(target.CallingAe);
        var server = new DicomServer(
            new DicomServerOptions { EndPoint = new IPEndPoint(IPAddress.Any, port), Timeouts = target.Timeouts },
            policy,
            new DicomServiceHandlers { Store = new FolderStoreHandler(folder) });
        await using (server)
        {
            await server.StartAsync(cancellationToken);
            var model = DicomUids.MOVEStudyRootQueryRetrieveInformationModel;
            CRetrieveResponse? final = null;
            await using (var association = await target.AssociateAsync([new PresentationContextProposal(model, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])], cancellationToken))
            {
                await foreach (var response in association.MoveAsync(model, target.CallingAe, identifier, cancellationToken))
                {
                    final = response;
                }

                await association.ReleaseAsync(cancellationToken);
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await server.StopAsync(grace.Token);
            return final;
        }
    }

    private static TestKeys OpenKeys(Target target, KekOptions kek, ParseResult result)
    {
        var environment = TorchRuntime.Configure(TorchDeviceChoice.Cpu, 1, forTraining: true);
        if (target.Keyring is null)
        {
            Console.WriteLine("key: a throwaway key made now (give --keyring to test with a production key)");
            return TestKeys.Throwaway(environment.Device);
        }

        var entries = Keyring.List(target.Keyring);
        if (entries.Count == 0)
        {
            throw new CommandLineException($"the keyring {target.Keyring} holds no key files.");
        }

        KeyId active;
        if (target.KeyId is { } text)
        {
            active = KeyId.Parse(text);
        }
        else if (entries.Count == 1)
        {
            active = entries[0].Header.KeyId;
        }
        else
        {
            throw new CommandLineException($"the keyring {target.Keyring} holds {entries.Count} keys: name one with --key-id.");
        }

        using var key = target.KekFile is { } file && kek.IsAbsent(result) ? KeyEncryptionKey.FromFile(file) : kek.Resolve(result);
        return new TestKeys(new Keyring(target.Keyring, active, key, environment.Device), null);
    }

    /// <summary>The key the test object is encrypted with: the keyring's, or a throwaway one.</summary>
    private sealed class TestKeys(Keyring? keyring, CipherKey? throwaway) : IDisposable
    {
        public CipherKey Active => keyring?.Active ?? throwaway!;

        public static TestKeys Throwaway(torch.Device device)
        {
            // Two training steps on 16-pixel crops: a real key in about a second. Its cipher quality is
            // irrelevant here: the check is whether the PACS keeps the object intact.
            var random = new Random();
            var images = Enumerable.Range(0, 2).Select(_ => new FloatImage(24, 24, 1, [.. Enumerable.Range(0, 576).Select(_ => (float)random.NextDouble())])).ToList();
            var options = new KeyGenerationOptions { Architecture = new DlednetArchitecture(1, 1), CropSize = 16, BatchSize = 2, Steps = 2, DiscriminatorWidth = 4, CheckpointEvery = 0, Seed = random.Next() };
            using var trained = new KeyGenerator(options, device).Train(images, new NoiseHiddenFactors());
            return new TestKeys(null, CipherKey.FromTraining(trained, device));
        }

        public CipherKey? Resolve(KeyId id) => keyring is not null ? (keyring.TryGet(id, out var key) ? key : null) : (throwaway!.Id == id ? throwaway : null);

        public void Dispose()
        {
            keyring?.Dispose();
            throwaway?.Dispose();
        }
    }

    /// <summary>The PACS and how to reach it: from the command line, or the gateway's configuration file with explicit options winning.</summary>
    private sealed record Target(
        string Host,
        int Port,
        string CallingAe,
        string CalledAe,
        bool Tls,
        FileInfo? Certificate,
        FileInfo? Key,
        FileInfo? Ca,
        AssociationTimeouts Timeouts,
        bool Move,
        string? Keyring,
        string? KeyId,
        string? KekFile)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{CalledAe}@{Host}:{Port}");

        public Task<DicomClientAssociation> AssociateAsync(IReadOnlyList<PresentationContextProposal> contexts, CancellationToken cancellationToken) =>
            new DicomClient(NetworkOptions.Client(Host, Port, Tls, Certificate, Key, Ca, Timeouts)).AssociateAsync(
                new AssociationRequest { CallingAeTitle = CallingAe, CalledAeTitle = CalledAe, PresentationContexts = contexts },
                cancellationToken);

        public static Target From(ParseResult result, NetworkOptions network, FileInfo? config, string? retrieve, DirectoryInfo? keyring, string? keyId, KekOptions kek)
        {
            bool Given(Option option) => result.GetResult(option) is { Implicit: false };
            T Pick<T>(Option<T> option, T? fromConfig) => fromConfig is not null && !Given(option) ? fromConfig : result.GetValue(option)!;
            var c = config is null ? null : GatewayConfigFile.Read(config.FullName);
            var mode = (retrieve ?? c?.Retrieve ?? "get").Trim().ToLowerInvariant() switch
            {
                "get" or "cget" => false,
                "move" or "cmove" => true,
                var other => throw new CommandLineException($"--retrieve must be get or move, not '{other}'."),
            };
            return new Target(
                Pick(network.Host, c?.Host),
                c?.Port is { } port && !Given(network.Port) ? port : result.GetValue(network.Port),
                Pick(network.CallingAe, c?.CallingAe),
                Pick(network.CalledAe, c?.CalledAe),
                result.GetValue(network.Tls) || (c?.Tls ?? false),
                Pick(network.TlsCertificate, c?.Certificate),
                Pick(network.TlsKey, c?.Key),
                Pick(network.TlsCa, c?.Ca),
                network.Timeouts(result),
                mode,
                keyring?.FullName ?? c?.Keyring,
                keyId ?? c?.KeyId,
                kek.IsAbsent(result) ? c?.KekFile : null);
        }
    }

    /// <summary>The parts of the gateway's configuration file (docs/configuration.md) verify-pacs needs.</summary>
    private sealed record GatewayConfigFile(
        string Host, int Port, string CallingAe, string CalledAe, bool Tls, FileInfo? Certificate, FileInfo? Key, FileInfo? Ca, string? Retrieve, string? Keyring, string? KeyId, string? KekFile)
    {
        public static GatewayConfigFile Read(string path)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(System.IO.File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException e)
            {
                throw new CommandLineException($"{path} is not valid JSON: {e.Message}");
            }

            using var _ = document;
            var gateway = Child(document.RootElement, "Gateway") ?? throw new CommandLineException($"{path}: no Gateway section.");
            var pacs = (Child(gateway, "Peers") is { ValueKind: JsonValueKind.Array } peers ? peers.EnumerateArray() : default)
                .FirstOrDefault(p => Child(p, "Roles") is { ValueKind: JsonValueKind.Array } roles && roles.EnumerateArray().Any(r => string.Equals(r.GetString(), "Pacs", StringComparison.OrdinalIgnoreCase)));
            if (pacs.ValueKind != JsonValueKind.Object)
            {
                throw new CommandLineException($"{path}: Gateway:Peers has no peer with the Pacs role.");
            }

            var tls = Child(gateway, "Tls");
            var cipher = Child(gateway, "Cipher");
            return new GatewayConfigFile(
                Text(pacs, "Host") ?? throw new CommandLineException($"{path}: the Pacs peer has no Host."),
                Child(pacs, "Port") is { ValueKind: JsonValueKind.Number } p ? p.GetInt32() : 104,
                Text(gateway, "AeTitle") ?? "DCG",
                Text(pacs, "AeTitle") ?? throw new CommandLineException($"{path}: the Pacs peer has no AeTitle."),
                Child(pacs, "Tls") is { ValueKind: JsonValueKind.True },
                File(tls, "Certificate"),
                File(tls, "Key"),
                File(tls, "Ca"),
                Text(pacs, "Retrieve"),
                cipher is { } k ? Text(k, "Keyring") : null,
                cipher is { } i ? Text(i, "ActiveKeyId") : null,
                cipher is { } f ? Text(f, "KekFile") : null);
        }

        private static JsonElement? Child(JsonElement element, string name)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return property.Value;
                    }
                }
            }

            return null;
        }

        private static string? Text(JsonElement element, string name) => Child(element, name) is { ValueKind: JsonValueKind.String } v && v.GetString() is { Length: > 0 } s ? s : null;

        private static FileInfo? File(JsonElement? element, string name) => element is { } e && Text(e, name) is { } path ? new FileInfo(path) : null;
    }
}
