using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// Turns a DICOM object into its ciphertext object (docs/ciphertext-object.md): same header and
/// UIDs, Pixel Data replaced by the view (G(x) or keyed noise) as MONOCHROME2 unsigned 8/16-bit in
/// Explicit VR Little Endian, content elements removed and sealed, and the private block. Works in
/// memory; the input is not changed. Thread-safe (the key is; nothing else is shared).
/// </summary>
public sealed class DicomObjectEncryptor
{
    private readonly CipherKey key;
    private readonly ObjectEncryptionOptions options;

    /// <summary>Encrypts with <paramref name="key"/> (normally the keyring's active key).</summary>
    public DicomObjectEncryptor(CipherKey key, ObjectEncryptionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        this.key = key;
        this.options = options ?? ObjectEncryptionOptions.Default;
        if (this.options.Profile == CipherProfile.DlednetPaper && this.options.View == CipherView.Noise)
        {
            throw new ArgumentException("The noise view needs the dlednet-sealed profile: the dlednet profile decrypts with F(view), which needs the G(x) view.", nameof(options));
        }
    }

    /// <summary>The options in use.</summary>
    public ObjectEncryptionOptions Options => options;

    /// <summary>The ciphertext object of <paramref name="plaintext"/>.</summary>
    /// <exception cref="CipherObjectException">The object cannot be encrypted (reason and SOP Instance UID in the message).</exception>
    public DicomFile Encrypt(DicomFile plaintext, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        return Render(Prepare(plaintext), cancellationToken);
    }

    /// <summary>
    /// The ciphertext objects of several objects, in order, each the same as <see cref="Encrypt"/>
    /// gives it; G runs over the frames of the smaller objects together, so that frames of equal
    /// size from different objects share forward passes (batches of the inference options' size).
    /// An object that cannot be encrypted fails alone: its outcome carries the reason.
    /// </summary>
    public IReadOnlyList<EncryptionOutcome> EncryptBatch(IReadOnlyList<DicomFile> plaintexts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintexts);
        var outcomes = new EncryptionOutcome[plaintexts.Count];
        var inference = options.InferenceOrDefault;
        var pooled = new List<(int Index, PendingObject Pending)>();
        var frames = new List<FloatImage>();
        for (var i = 0; i < plaintexts.Count; i++)
        {
            try
            {
                var pending = Prepare(plaintexts[i]);

                // An object with a batch of frames of its own fills its passes alone, and is streamed
                // batch by batch instead of being held whole as floats.
                if (options.View == CipherView.Noise || pending.Description.NumberOfFrames >= inference.BatchSize)
                {
                    outcomes[i] = new EncryptionOutcome(Render(pending, cancellationToken), null);
                    continue;
                }

                pending.Normalisation = Measure(pending);
                var normalisation = pending.Normalisation;
                frames.AddRange(PixelFrames.Read(pending.Dataset, pending.Syntax, pending.Description, pending.Sop)
                    .Select(f => PixelNormaliser.ToImage(pending.Description, f.Span, normalisation)).ToList());
                pooled.Add((i, pending));
            }
            catch (CipherObjectException e)
            {
                outcomes[i] = new EncryptionOutcome(null, e);
            }
        }

        if (pooled.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var encrypted = key.Encrypt(frames, inference);
            var next = 0;
            foreach (var (index, pending) in pooled)
            {
                for (var frame = 0; frame < pending.Description.NumberOfFrames; frame++)
                {
                    ViewQuantiser.Write(encrypted[next++], pending.View, pending.ViewPixels.Span.Slice(frame * pending.View.FrameLength, pending.View.FrameLength));
                }

                outcomes[index] = new EncryptionOutcome(Finish(pending), null);
            }
        }

        return outcomes;
    }

    private DicomFile Render(PendingObject pending, CancellationToken cancellationToken)
    {
        if (options.View == CipherView.Noise)
        {
            ViewNoise.Fill(key.NoiseKey, pending.Sop, pending.ViewPixels.Span);
        }
        else
        {
            pending.Normalisation = RenderG(pending, cancellationToken);
        }

        return Finish(pending);
    }

    private PendingObject Prepare(DicomFile plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var ds = plaintext.Dataset;
        var syntax = plaintext.TransferSyntax;
        var sop = ds.GetString(DicomTags.SOPInstanceUID)?.Trim();
        var sopClass = ds.GetString(DicomTags.SOPClassUID)?.Trim();
        if (string.IsNullOrEmpty(sop) || string.IsNullOrEmpty(sopClass))
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, "the object has no SOP Class or SOP Instance UID, which the envelope must bind.");
        }

        Refuse(ds, syntax, sop);
        var description = PixelModule.Describe(ds, sop);
        if (description.PhotometricInterpretation == PhotometricInterpretation.PaletteColor)
        {
            throw Unsupported(sop, "PALETTE COLOR images are not supported (their values are palette indices).");
        }

        if (options.Profile == CipherProfile.DlednetPaper && description.SamplesPerPixel != 1)
        {
            throw Unsupported(sop, "the dlednet profile cannot carry colour with a 1-channel key (the view holds luminance only); use dlednet-sealed.");
        }

        var viewBits = description.BitsAllocated <= 8 ? 8 : 16;
        var view = PixelDataDescription.Create(description.Rows, description.Columns, viewBits, viewBits, numberOfFrames: description.NumberOfFrames);
        if (view.PaddedPixelDataLength > Array.MaxLength)
        {
            throw Unsupported(sop, $"the view of {view.PaddedPixelDataLength} bytes is larger than this implementation holds in memory.");
        }

        var viewData = new byte[view.PaddedPixelDataLength];
        return new PendingObject(plaintext, sop, sopClass, description, view, viewData);
    }

    private DicomFile Finish(PendingObject pending)
    {
        var plaintext = pending.Plaintext;
        var ds = pending.Dataset;
        var syntax = pending.Syntax;
        var viewBits = pending.View.BitsAllocated;
        var ciphertext = new DicomDataset();
        var sealedElements = new DicomDataset();
        foreach (var item in ds)
        {
            if (!ContentElements.IsSealed(item.Tag))
            {
                ciphertext.Set(item);
            }
            else if (options.Profile == CipherProfile.DlednetSealed || item.Tag != DicomTags.PixelData)
            {
                sealedElements.Set(item);
            }
        }

        ciphertext.SetValues<ushort>(DicomTags.SamplesPerPixel, DicomVR.US, 1);
        ciphertext.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2");
        ciphertext.SetValues<ushort>(DicomTags.BitsAllocated, DicomVR.US, (ushort)viewBits);
        ciphertext.SetValues<ushort>(DicomTags.BitsStored, DicomVR.US, (ushort)viewBits);
        ciphertext.SetValues<ushort>(DicomTags.HighBit, DicomVR.US, (ushort)(viewBits - 1));
        ciphertext.SetValues<ushort>(DicomTags.PixelRepresentation, DicomVR.US, 0);
        ciphertext.SetBytes(DicomTags.PixelData, viewBits == 8 ? DicomVR.OB : DicomVR.OW, pending.ViewData);
        WriteViewPresentation(ds, ciphertext, viewBits);

        var block = new CiphertextBlock(
            CiphertextBlock.CurrentVersion,
            options.Profile,
            options.View,
            key.Id,
            syntax.Uid,
            PixelModule.CanonicalText(ds, syntax),
            pending.Normalisation?.Method ?? "NONE",
            SHA256.HashData(pending.ViewPixels.Span),
            ReadOnlyMemory<byte>.Empty);
        var payload = new SealedPayload(
            pending.Normalisation,
            plaintext.Preamble,
            plaintext.FileMetaInformation.Elements,
            SealedPayload.ElementsSyntaxFor(syntax),
            sealedElements,
            HeaderManifest.Of(ds)).Encode(padToOdd: EnvelopeSealer.Overhead % 2 == 1);
        try
        {
            block = block with { Envelope = key.Seal(payload, AssociatedData.Build(pending.SopClass, pending.Sop, block)) };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(payload);
        }

        CiphertextPrivateBlock.Write(ciphertext, block);
        var file = new DicomFile(ciphertext, DicomTransferSyntax.ExplicitVRLittleEndian);
        CiphertextRemnants.MarkFileMeta(file.FileMetaInformation);
        return file;
    }

    private void Refuse(DicomDataset ds, DicomTransferSyntax syntax, string sop)
    {
        if (CiphertextPrivateBlock.IsPresent(ds))
        {
            throw Unsupported(sop, "the object is already encrypted (it carries the DICOMCIPHERGATEWAY private block).");
        }

        if (CiphertextRemnants.Find(ds, null) is { Count: > 0 } remnants)
        {
            throw Unsupported(sop, $"the object carries remnants of a ciphertext object ({string.Join("; ", remnants)}): it is a damaged ciphertext object, not an image to encrypt.");
        }

        if (!ds.Contains(DicomTags.PixelData))
        {
            throw Unsupported(sop, "the object has no Pixel Data (7FE0,0010) to encrypt.");
        }

        if (key.Metadata.Architecture.Channels != 1)
        {
            throw Unsupported(sop, $"key {key.Id} has {key.Metadata.Architecture.Channels}-channel networks; DICOM objects are encrypted with 1-channel keys.");
        }

        if (options.Profile == CipherProfile.DlednetPaper && ContentElements.HasFloatPixelData(ds))
        {
            throw Unsupported(sop, "Float or Double Float Pixel Data cannot be encrypted by the dlednet profile; use dlednet-sealed.");
        }

        if (!PixelFrames.CanDecode(syntax) && (options.View == CipherView.G || options.Profile == CipherProfile.DlednetPaper))
        {
            throw Unsupported(sop, $"pixel data in {syntax.Name} cannot be decoded here (native and RLE Lossless only); the dlednet-sealed profile with the noise view encrypts it without decoding.");
        }
    }

    private static PixelNormalisation Measure(PendingObject pending)
    {
        try
        {
            return PixelNormaliser.Measure(pending.Description, PixelFrames.Read(pending.Dataset, pending.Syntax, pending.Description, pending.Sop));
        }
        catch (ArgumentException ex)
        {
            throw Unsupported(pending.Sop, ex.Message);
        }
    }

    private PixelNormalisation RenderG(PendingObject pending, CancellationToken cancellationToken)
    {
        var normalisation = Measure(pending);
        var inference = options.InferenceOrDefault;
        var description = pending.Description;
        var view = pending.View;
        var frameIndex = 0;
        foreach (var chunk in PixelFrames.Read(pending.Dataset, pending.Syntax, description, pending.Sop).Chunk(inference.BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var images = chunk.Select(f => PixelNormaliser.ToImage(description, f.Span, normalisation)).ToArray();
            var encrypted = key.Encrypt(images, inference);
            foreach (var image in encrypted)
            {
                ViewQuantiser.Write(image, view, pending.ViewPixels.Span.Slice(frameIndex * view.FrameLength, view.FrameLength));
                frameIndex++;
            }
        }

        return normalisation;
    }

    private static CipherObjectException Unsupported(string? sop, string reason) => new(sop, CipherObjectFailure.Unsupported, reason);

    /// <summary>
    /// The original's window and rescale are sealed; the view gets a window over its full range, and
    /// an identity rescale where the original had one (CT and others require it), so a PACS viewer
    /// shows the view as it is.
    /// </summary>
    private static void WriteViewPresentation(DicomDataset original, DicomDataset ciphertext, int viewBits)
    {
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        ciphertext.SetString(DicomTags.WindowCenter, DicomVR.DS, (1 << (viewBits - 1)).ToString(invariant));
        ciphertext.SetString(DicomTags.WindowWidth, DicomVR.DS, (1 << viewBits).ToString(invariant));
        ciphertext.SetString(DicomTags.WindowCenterWidthExplanation, DicomVR.LO, CiphertextRemnants.WindowExplanation);
        if (original.Contains(DicomTags.RescaleIntercept) || original.Contains(DicomTags.RescaleSlope))
        {
            ciphertext.SetString(DicomTags.RescaleIntercept, DicomVR.DS, "0");
            ciphertext.SetString(DicomTags.RescaleSlope, DicomVR.DS, "1");
        }
    }

    /// <summary>An object checked and described, with its view buffer, between <see cref="Prepare"/> and <see cref="Finish"/>.</summary>
    private sealed class PendingObject(DicomFile plaintext, string sop, string sopClass, PixelDataDescription description, PixelDataDescription view, byte[] viewData)
    {
        public DicomFile Plaintext { get; } = plaintext;

        public DicomDataset Dataset => Plaintext.Dataset;

        public DicomTransferSyntax Syntax => Plaintext.TransferSyntax;

        public string Sop { get; } = sop;

        public string SopClass { get; } = sopClass;

        public PixelDataDescription Description { get; } = description;

        public PixelDataDescription View { get; } = view;

        public byte[] ViewData { get; } = viewData;

        public Memory<byte> ViewPixels => ViewData.AsMemory(0, (int)View.PixelDataLength);

        public PixelNormalisation? Normalisation { get; set; }
    }
}
