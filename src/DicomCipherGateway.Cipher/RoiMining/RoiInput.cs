using System.Security.Cryptography;
using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>What ROI mining reads from one DICOM object: its frames in [0, 1] and the key they are a view of.</summary>
/// <param name="KeyId">The key whose G made the view; null for a plaintext object.</param>
/// <param name="Frames">Ciphertext: the stored view G(x) as it is (never decrypted); plaintext: the frames normalised as the pixel transform normalises them.</param>
public sealed record RoiInput(KeyId? KeyId, IReadOnlyList<FloatImage> Frames)
{
    /// <summary>"plaintext" or the key id, for messages.</summary>
    public string Domain => KeyId?.ToString() ?? "plaintext";

    /// <summary>Reads <paramref name="file"/>; a ciphertext object's pixels are taken as the PACS shows them.</summary>
    /// <exception cref="CipherObjectException">A noise view (nothing to segment), a damaged block or view, or unusable pixels.</exception>
    public static RoiInput Read(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var ds = file.Dataset;
        var sop = ds.GetString(DicomTags.SOPInstanceUID)?.Trim();
        var block = CiphertextPrivateBlock.Read(ds, sop);
        if (block is null)
        {
            try
            {
                return new RoiInput(null, PixelNormaliser.Normalise(file));
            }
            catch (ArgumentException ex)
            {
                throw new CipherObjectException(sop, CipherObjectFailure.Unsupported, ex.Message, ex);
            }
        }

        if (block.View != CipherView.G)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Unsupported,
                $"the object's view is keyed noise (key {block.KeyId}): it holds nothing of the image, so there is nothing to segment; encrypt with --view g for ROI mining.");
        }

        var view = PixelModule.Describe(ds, sop);
        if (view.SamplesPerPixel != 1 || view.IsSigned || view.BitsAllocated is not (8 or 16) || view.BitsStored != view.BitsAllocated)
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Tampered, "the pixel module no longer describes the ciphertext view (MONOCHROME2, unsigned, 8 or 16 bits).");
        }

        // The hash is only authenticated with the key; unchecked here it still catches a damaged view.
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var frames = new List<FloatImage>(view.NumberOfFrames);
        foreach (var frame in PixelFrames.Read(ds, file.TransferSyntax, view, sop))
        {
            hash.AppendData(frame.Span);
            frames.Add(ViewQuantiser.Read(view, frame.Span));
        }

        if (!CryptographicOperations.FixedTimeEquals(hash.GetHashAndReset(), block.ViewSha256.Span))
        {
            throw new CipherObjectException(sop, CipherObjectFailure.Tampered, "the ciphertext pixel data differs from the view hash in its private block.");
        }

        return new RoiInput(block.KeyId, frames);
    }
}
