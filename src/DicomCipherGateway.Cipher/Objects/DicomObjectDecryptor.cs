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
/// Turns a ciphertext object back into the original (docs/ciphertext-object.md): picks the key by
/// the id in the private block, checks the view against the hash bound to the envelope, opens the
/// envelope, and restores the original exactly (dlednet-sealed) or with F(view) de-normalised into
/// the original pixel module, marked lossy (dlednet). Works in memory; the input is not changed;
/// every failure is a <see cref="CipherObjectException"/> and nothing is returned.
/// </summary>
public sealed class DicomObjectDecryptor
{
    private readonly Func<KeyId, CipherKey?> resolve;
    private readonly InferenceOptions inference;

    /// <summary>Decrypts with the keys of <paramref name="keyring"/>.</summary>
    public DicomObjectDecryptor(Keyring keyring, InferenceOptions? inference = null)
        : this(id => keyring.TryGet(id, out var key) ? key : null, inference)
    {
        ArgumentNullException.ThrowIfNull(keyring);
    }

    /// <summary>Decrypts with the key <paramref name="resolve"/> returns for a key id (null: not available).</summary>
    public DicomObjectDecryptor(Func<KeyId, CipherKey?> resolve, InferenceOptions? inference = null)
    {
        ArgumentNullException.ThrowIfNull(resolve);
        this.resolve = resolve;
        this.inference = inference ?? InferenceOptions.Default;
    }

    /// <summary>True when <paramref name="dataset"/> is a ciphertext object; false for plaintext, which a gateway passes through.</summary>
    public static bool IsEncrypted(DicomDataset dataset) => CiphertextPrivateBlock.IsPresent(dataset);

    /// <summary>The original object of <paramref name="ciphertext"/>.</summary>
    /// <exception cref="CipherObjectException">Not encrypted, key missing or wrong, tampered or truncated (reason and SOP Instance UID in the message).</exception>
    public DicomFile Decrypt(DicomFile ciphertext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        var ds = ciphertext.Dataset;
        var sop = ds.GetString(DicomTags.SOPInstanceUID)?.Trim();
        var sopClass = ds.GetString(DicomTags.SOPClassUID)?.Trim() ?? string.Empty;
        var block = CiphertextPrivateBlock.Read(ds, sop)
            ?? throw new CipherObjectException(sop, CipherObjectFailure.NotEncrypted, "the object is not encrypted (no DICOMCIPHERGATEWAY private block).");
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

        var restored = new DicomDataset();
        foreach (var item in ds)
        {
            if (!ContentElements.IsSealed(item.Tag) && !(item.Tag.Group == CiphertextPrivateBlock.Group && IsOurs(ds, item.Tag)))
            {
                restored.Set(item);
            }
        }

        foreach (var item in payload.Elements)
        {
            restored.Set(item);
        }

        var syntax = DicomTransferSyntax.FromUid(block.OriginalTransferSyntaxUid);
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

        return file;
    }

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

    private static bool IsOurs(DicomDataset ds, DicomTag tag)
    {
        if (tag.IsPrivateCreator)
        {
            return string.Equals(ds.GetElement(tag)?.GetString().Trim(), CiphertextPrivateBlock.Creator, StringComparison.Ordinal);
        }

        return string.Equals(ds.GetPrivateCreator(tag)?.Trim(), CiphertextPrivateBlock.Creator, StringComparison.Ordinal);
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
