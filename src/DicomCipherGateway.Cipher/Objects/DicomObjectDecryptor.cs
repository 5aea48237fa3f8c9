using System.Globalization;
using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// Turns a ciphertext object back into the original (docs/ciphertext-object.md), strictly: finds the
/// private block by its Private Creator wherever the PACS moved it, picks the key by the id it
/// names, checks the geometry and the view against what the envelope binds, opens the envelope,
/// compares the clear header with the sealed header digest (presentation attributes changed:
/// refused; identity attributes changed: reported, or refused by policy), restores the original
/// exactly (dlednet-sealed) or with F(view) de-normalised into the original pixel module, marked
/// lossy (dlednet), and checks the restored pixel module against the sealed one. An object without
/// a valid envelope is tampered when it shows any remnant of a ciphertext object, otherwise legacy
/// plaintext that the <see cref="DecryptionPolicy"/> refuses (default) or passes. Works in memory;
/// the input is not changed; every failure is a <see cref="CipherObjectException"/> naming the SOP
/// Instance UID, and nothing is returned. Thread-safe.
/// </summary>
public sealed class DicomObjectDecryptor
{
    private readonly Func<KeyId, CipherKey?> resolve;
    private readonly InferenceOptions inference;
    private readonly DecryptionPolicy policy;

    /// <summary>Decrypts with the keys of <paramref name="keyring"/> under the strict policy.</summary>
    public DicomObjectDecryptor(Keyring keyring, InferenceOptions? inference = null)
        : this(keyring, DecryptionPolicy.Strict, inference)
    {
    }

    /// <summary>Decrypts with the keys of <paramref name="keyring"/> under <paramref name="policy"/>.</summary>
    public DicomObjectDecryptor(Keyring keyring, DecryptionPolicy policy, InferenceOptions? inference = null)
        : this(id => keyring.TryGet(id, out var key) ? key : null, policy, inference)
    {
        ArgumentNullException.ThrowIfNull(keyring);
    }

    /// <summary>Decrypts with the key <paramref name="resolve"/> returns for a key id (null: not available), under the strict policy.</summary>
    public DicomObjectDecryptor(Func<KeyId, CipherKey?> resolve, InferenceOptions? inference = null)
        : this(resolve, DecryptionPolicy.Strict, inference)
    {
    }

    /// <summary>Decrypts with the key <paramref name="resolve"/> returns for a key id (null: not available), under <paramref name="policy"/>.</summary>
    public DicomObjectDecryptor(Func<KeyId, CipherKey?> resolve, DecryptionPolicy policy, InferenceOptions? inference = null)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        ArgumentNullException.ThrowIfNull(policy);
        policy.Validate();
        this.resolve = resolve;
        this.policy = policy;
        this.inference = inference ?? InferenceOptions.Default;
    }

    /// <summary>The policy in use.</summary>
    public DecryptionPolicy Policy => policy;

    /// <summary>True when <paramref name="dataset"/> carries the ciphertext private block (in any private group). False does not make it plaintext: <see cref="Open"/> decides.</summary>
    public static bool IsEncrypted(DicomDataset dataset) => CiphertextPrivateBlock.IsPresent(dataset);

    /// <summary>The original object of <paramref name="ciphertext"/> (or, where the policy allows it, legacy plaintext unchanged); the header report is dropped: use <see cref="Open"/> to audit it.</summary>
    /// <exception cref="CipherObjectException">Refused: see <see cref="Open"/>.</exception>
    public DicomFile Decrypt(DicomFile ciphertext, CancellationToken cancellationToken = default) => Open(ciphertext, cancellationToken).File;

    /// <summary>
    /// Opens one object from the PACS: decrypts and checks a ciphertext object, or passes legacy
    /// plaintext the policy allows; the result says which and lists the header changes to audit.
    /// </summary>
    /// <exception cref="CipherObjectException">
    /// Refused, with the SOP Instance UID and the reason: <see cref="CipherObjectFailure.NotEncrypted"/> (legacy
    /// plaintext the policy refuses), <see cref="CipherObjectFailure.Tampered"/> (remnants without an envelope, geometry,
    /// view, envelope or presentation attributes altered), <see cref="CipherObjectFailure.KeyNotFound"/>,
    /// <see cref="CipherObjectFailure.WrongKey"/>, <see cref="CipherObjectFailure.Malformed"/>,
    /// <see cref="CipherObjectFailure.IdentityChanged"/> (policy).
    /// </exception>
    public DecryptionResult Open(DicomFile ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var ds = ciphertext.Dataset;
        var sop = ds.GetString(DicomTags.SOPInstanceUID)?.Trim();
        var sopClass = ds.GetString(DicomTags.SOPClassUID)?.Trim() ?? string.Empty;
        var block = CiphertextPrivateBlock.Read(ds, sop);
        if (block is null)
        {
            return LegacyPlaintext(ciphertext, sop);
        }

        if (string.IsNullOrEmpty(sop))
        {
            throw Fail(sop, CipherObjectFailure.Malformed, "the object has no SOP Instance UID, which the envelope binds.");
        }

        KeyId envelopeKey;
        try
        {
            envelopeKey = CipherKey.EnvelopeKeyId(block.Envelope.Span);
        }
        catch (SealedEnvelopeException ex)
        {
            throw Fail(sop, CipherObjectFailure.Malformed, $"the envelope is unreadable: {ex.Reason}", ex);
        }

        if (!envelopeKey.Equals(block.KeyId))
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the private block names key {block.KeyId} but the envelope was sealed with key {envelopeKey}.");
        }

        var key = Resolve(block.KeyId, sop);
        if (!key.Id.Equals(block.KeyId))
        {
            throw Fail(sop, CipherObjectFailure.WrongKey, $"the object was encrypted with key {block.KeyId}, not with the key given ({key.Id}).");
        }

        CheckNoForeignContent(ds, ciphertext.TransferSyntax, sop);

        // Geometry first: the view hash covers the bytes only, so Rows/Columns/Number of Frames are
        // compared with the pixel module the envelope binds (the private block's copy, authenticated below).
        CheckPixelModule(block.OriginalPixelModule, PixelModule.CanonicalText(ds, ciphertext.TransferSyntax), sop, ["rows", "columns", "frames"]);
        var view = PixelModule.Describe(ds, sop);
        if (view.SamplesPerPixel != 1 || view.IsSigned || view.BitsAllocated is not (8 or 16) || view.BitsStored != view.BitsAllocated)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, "the pixel module no longer describes the ciphertext view (MONOCHROME2, unsigned, 8 or 16 bits).");
        }

        CheckViewHash(ds, ciphertext.TransferSyntax, view, block, sop);
        byte[] payloadBytes;
        try
        {
            payloadBytes = key.Open(block.Envelope.Span, AssociatedData.Build(sopClass, sop, block));
        }
        catch (SealedEnvelopeException ex)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the envelope failed authentication: the envelope, the private block or the SOP Class/Instance UID was altered ({ex.Reason})", ex);
        }

        SealedPayload payload;
        try
        {
            payload = SealedPayload.Decode(payloadBytes, sop);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payloadBytes);
        }

        var inBlock = CiphertextPrivateBlock.Members(ds);
        var changes = CheckHeader(ds, payload, inBlock, sop);
        var restored = new DicomDataset();
        foreach (var item in ds)
        {
            if (!ContentElements.IsSealed(item.Tag) && !inBlock(item.Tag))
            {
                restored.Set(item);
            }
        }

        foreach (var item in payload.Elements)
        {
            // The paper profile re-encodes the pixels: the original's fragment index would describe other fragments.
            if (block.Profile == CipherProfile.DlednetSealed || !ContentElements.IsFragmentIndex(item.Tag))
            {
                restored.Set(item);
            }
        }

        var syntax = DicomTransferSyntax.FromUid(block.OriginalTransferSyntaxUid);
        CheckPixelModule(block.OriginalPixelModule, PixelModule.CanonicalText(restored, syntax), sop, null);
        if (block.Profile == CipherProfile.DlednetPaper)
        {
            RestoreWithF(ds, ciphertext.TransferSyntax, view, restored, syntax, key, payload, sop, cancellationToken);
        }

        var file = payload.FileMeta is null
            ? new DicomFile(restored, syntax)
            : new DicomFile(restored, new FileMetaInformation(payload.FileMeta)) { Preamble = payload.Preamble };
        if (file.TransferSyntax.Uid != syntax.Uid)
        {
            throw Fail(sop, CipherObjectFailure.Malformed, "the sealed File Meta Information names another transfer syntax than the private block.");
        }

        return new DecryptionResult(file, DecryptionOutcome.Decrypted, sop, block.KeyId, block.Profile, block.View, changes, null);
    }

    private DecryptionResult LegacyPlaintext(DicomFile file, string? sop)
    {
        var remnants = CiphertextRemnants.Find(file.Dataset, file.FileMetaInformation);
        if (remnants.Count > 0)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the object has no valid ciphertext envelope but carries remnants of a ciphertext object ({string.Join("; ", remnants)}): its envelope was stripped or renamed, by the PACS or by an attacker. Refused: it is not plaintext.");
        }

        string basis;
        switch (policy.LegacyPlaintext)
        {
            case LegacyPlaintextRule.Allow:
                basis = "legacy plaintext allowed by policy";
                break;
            case LegacyPlaintextRule.AllowCreatedBeforeCutover:
                var cutover = policy.LegacyCutover!.Value;
                var cut = cutover.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (DecryptionPolicy.CreationDateOf(file.Dataset) is not { } created)
                {
                    throw Fail(sop, CipherObjectFailure.NotEncrypted, $"the object is not encrypted, and legacy plaintext is allowed only when created before the cut-over {cut}: it has no readable Instance Creation Date (0008,0012) or Content Date (0008,0023).");
                }

                var date = created.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                if (created.Date >= cutover)
                {
                    throw Fail(sop, CipherObjectFailure.NotEncrypted, $"the object is not encrypted and was created on {date} ({created.Attribute}), not before the cut-over {cut}: legacy plaintext refused.");
                }

                basis = $"{created.Attribute} {date} is before the cut-over {cut}";
                break;
            default:
                throw Fail(sop, CipherObjectFailure.NotEncrypted, "the object is not encrypted (no DICOMCIPHERGATEWAY private block, and no remnant of one), and the policy refuses legacy plaintext.");
        }

        return new DecryptionResult(file, DecryptionOutcome.LegacyPlaintext, sop ?? string.Empty, null, null, null, [], basis);
    }

    /// <summary>Compares the clear header with the sealed digest: presentation changes refuse, identity changes refuse when the policy says so; the rest is returned for the audit.</summary>
    private IReadOnlyList<HeaderChange> CheckHeader(DicomDataset ds, SealedPayload payload, Func<DicomTag, bool> inBlock, string sop)
    {
        var manifest = payload.Header
            ?? throw Fail(sop, CipherObjectFailure.Malformed, "the envelope holds no header digest.");
        var changes = manifest.Compare(ds, inBlock);
        var presentation = changes.Where(c => c.Class == HeaderAttributeClass.Presentation).ToList();
        if (presentation.Count > 0)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Tampered, $"{Describe(presentation)} since encryption: {(presentation.Count == 1 ? "it changes" : "they change")} what the image shows or how it is measured, so the object is refused.", changes);
        }

        var identity = changes.Where(c => c.Class == HeaderAttributeClass.Identity).ToList();
        if (identity.Count > 0 && policy.RefuseIdentityChanges)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.IdentityChanged, $"{Describe(identity)} since encryption, and the policy refuses identity changes.", changes);
        }

        return changes;
    }

    /// <summary>
    /// Refuses content elements a ciphertext object never carries in clear (they are sealed, and the
    /// sealed copies are what decryption restores): an inserted Extended Offset Table, VOI LUT,
    /// overlay, icon … is an attempt to change the restored image. Allowed: what the encryptor writes
    /// (the view's Pixel Data, window and identity rescale), group lengths a PACS may add, and a
    /// fragment index that describes the ciphertext's own fragments after a PACS recompressed it.
    /// </summary>
    private static void CheckNoForeignContent(DicomDataset ds, DicomTransferSyntax syntax, string sop)
    {
        var foreign = ds
            .Where(item => ContentElements.IsRemoved(item.Tag)
                && item.Tag != DicomTags.PixelData
                && item.Tag.Element != 0x0000
                && !(syntax.IsEncapsulated && ContentElements.IsFragmentIndex(item.Tag))
                && item.Tag.Value is not (0x00281050 or 0x00281051 or 0x00281055 or 0x00281052 or 0x00281053))
            .Select(item => $"{DicomDictionary.Default.Lookup(item.Tag)?.Name ?? "element"} {item.Tag}")
            .ToList();
        if (foreign.Count > 0)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the ciphertext object carries {string.Join(", ", foreign)}, which a ciphertext object never holds in clear (the original's are sealed): inserted after encryption to change the restored image. Refused.");
        }
    }

    private static string Describe(IEnumerable<HeaderChange> changes) =>
        string.Join(", ", changes.Select(c => $"{c.Name} {c.Tag} was {c.Kind switch { HeaderChangeKind.Added => "added", HeaderChangeKind.Removed => "removed", _ => "changed" }}"));

    /// <summary>Refuses when the pixel module <paramref name="actual"/> differs from the sealed one in <paramref name="fields"/> (all when null), naming each difference.</summary>
    private static void CheckPixelModule(string sealedText, string actual, string sop, string[]? fields)
    {
        var expected = Fields(sealedText);
        var found = Fields(actual);
        var differences = expected.Keys.Union(found.Keys)
            .Where(k => (fields is null || fields.Contains(k)) && expected.GetValueOrDefault(k, "-") != found.GetValueOrDefault(k, "-"))
            .Select(k => $"{k} {found.GetValueOrDefault(k, "-")} here, {expected.GetValueOrDefault(k, "-")} sealed")
            .ToList();
        if (differences.Count > 0)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the pixel module differs from the one sealed at encryption ({string.Join("; ", differences)}): the image geometry or layout was altered.");
        }
    }

    private static Dictionary<string, string> Fields(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2 && kv[0] != "transfer-syntax")
            .GroupBy(kv => kv[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First()[1], StringComparer.Ordinal);

    private CipherKey Resolve(KeyId id, string sop)
    {
        CipherKey? key;
        try
        {
            key = resolve(id);
        }
        catch (KeyFileException ex)
        {
            throw Fail(sop, CipherObjectFailure.KeyNotFound, $"key {id} cannot be opened: {ex.Reason}", ex);
        }

        return key ?? throw Fail(sop, CipherObjectFailure.KeyNotFound, $"key {id} is not in the keyring.");
    }

    private static void CheckViewHash(DicomDataset ds, DicomTransferSyntax syntax, PixelDataDescription view, CiphertextBlock block, string sop)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            foreach (var frame in PixelFrames.Read(ds, syntax, view, sop))
            {
                hash.AppendData(frame.Span);
            }
        }
        catch (CipherObjectException ex)
        {
            throw Fail(sop, CipherObjectFailure.Tampered, $"the ciphertext pixel data cannot be read: {ex.Reason}", ex);
        }

        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), block.ViewSha256.Span))
        {
            throw Fail(sop, CipherObjectFailure.Tampered, "the ciphertext pixel data was altered: its SHA-256 differs from the one bound to the envelope.");
        }
    }

    private void RestoreWithF(
        DicomDataset ds,
        DicomTransferSyntax cipherSyntax,
        PixelDataDescription view,
        DicomDataset restored,
        DicomTransferSyntax syntax,
        CipherKey key,
        SealedPayload payload,
        string sop,
        CancellationToken cancellationToken)
    {
        var normalisation = payload.Normalisation
            ?? throw Fail(sop, CipherObjectFailure.Malformed, "the dlednet envelope holds no normalisation.");
        var original = PixelModule.Describe(restored, sop);
        if (original.Rows != view.Rows || original.Columns != view.Columns || original.NumberOfFrames != view.NumberOfFrames || original.SamplesPerPixel != 1)
        {
            throw Fail(sop, CipherObjectFailure.Malformed, "the view's size differs from the original pixel module's.");
        }

        var frames = new List<byte[]>(original.NumberOfFrames);
        foreach (var chunk in PixelFrames.Read(ds, cipherSyntax, view, sop).Chunk(inference.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var decrypted = key.Decrypt(chunk.Select(f => ViewQuantiser.Read(view, f.Span)).ToArray(), inference);
            frames.AddRange(decrypted.Select(image => PixelNormaliser.ToFrame(original, image, normalisation)));
        }

        if (syntax.Uid == DicomTransferSyntax.RLELossless.Uid)
        {
            var fragments = new DicomFragmentSequence(DicomTags.PixelData, DicomVR.OB, DicomValue.Empty);
            foreach (var fragment in RleEncoder.EncodeFrames(original, frames.Select(f => (ReadOnlyMemory<byte>)f)))
            {
                fragments.Add(DicomValue.FromMemory(fragment));
            }

            restored.Set(fragments);
        }
        else
        {
            var value = NativePixelData.Encode(original, frames.Select(f => (ReadOnlyMemory<byte>)f));
            restored.SetBytes(DicomTags.PixelData, original.BitsAllocated > 8 ? DicomVR.OW : DicomVR.OB, value);
        }

        MarkLossy(restored, original, view);
    }

    /// <summary>Lossy Image Compression "01", with this step's ratio and method appended to any earlier ones (PS3.3 C.7.6.1.1.5).</summary>
    private static void MarkLossy(DicomDataset restored, PixelDataDescription original, PixelDataDescription view)
    {
        var previouslyLossy = restored.GetString(DicomTags.LossyImageCompression)?.Trim() == "01";
        var ratio = ((double)original.PixelDataLength / view.PixelDataLength).ToString("0.####", CultureInfo.InvariantCulture);
        var ratios = previouslyLossy ? restored.GetStrings(DicomTags.LossyImageCompressionRatio).Where(s => s.Length > 0).Append(ratio) : [ratio];
        var methods = previouslyLossy ? restored.GetStrings(DicomTags.LossyImageCompressionMethod).Where(s => s.Length > 0).Append("DLEDNET") : ["DLEDNET"];
        restored.SetString(DicomTags.LossyImageCompression, DicomVR.CS, "01");
        restored.SetStrings(DicomTags.LossyImageCompressionRatio, DicomVR.DS, ratios);
        restored.SetStrings(DicomTags.LossyImageCompressionMethod, DicomVR.CS, methods);
    }

    private static CipherObjectException Fail(string? sop, CipherObjectFailure failure, string reason, Exception? inner = null) => new(sop, failure, reason, inner);
}
