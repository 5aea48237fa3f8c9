using DicomCipherGateway.Cipher.Keys;
using DicomCipherGateway.Cipher.Objects;
using DicomCipherGateway.Cipher.Pixels;
using DicomCipherGateway.Cipher.Synthetic;
using DicomCipherGateway.Dicom;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>One training or evaluation example: an image (a view or plaintext) and its two lung masks (0/1, row-major).</summary>
public sealed record RoiSample(string Name, FloatImage Image, byte[] LeftLung, byte[] RightLung);

/// <summary>A folder of DICOM objects of one domain (one key's ciphertext, or plaintext) with their masks.</summary>
/// <param name="KeyId">The key of every object; null for plaintext.</param>
/// <param name="Samples">In file-name order.</param>
public sealed record RoiDataset(KeyId? KeyId, IReadOnlyList<RoiSample> Samples)
{
    /// <summary>"plaintext" or the key id.</summary>
    public string Domain => KeyId?.ToString() ?? "plaintext";

    /// <summary>
    /// Loads every DICOM object below <paramref name="directory"/> with the masks
    /// <c>NAME.left-lung.pgm</c> and <c>NAME.right-lung.pgm</c> in <paramref name="masks"/> (as
    /// <c>dcg data synth</c> writes them; NAME is the object's file name without extension).
    /// </summary>
    /// <exception cref="InvalidDataException">No object, a missing or mis-sized mask, a multi-frame object, or objects of different keys.</exception>
    public static RoiDataset Load(string directory, string masks, int limit = int.MaxValue)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Folder '{directory}' does not exist.");
        }

        var samples = new List<RoiSample>();
        KeyId? key = null;
        string? firstDomainFile = null;
        foreach (var path in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (samples.Count >= limit)
            {
                break;
            }

            if (!DicomFile.LooksLikeDicom(path))
            {
                continue;
            }

            RoiInput input;
            try
            {
                input = RoiInput.Read(DicomFile.Open(path));
            }
            catch (Exception ex) when (ex is DicomException or CipherObjectException or IOException)
            {
                throw new InvalidDataException($"'{path}' cannot be used: {ex.Message}", ex);
            }

            if (firstDomainFile is null)
            {
                key = input.KeyId;
                firstDomainFile = path;
            }
            else if (!Nullable.Equals(key, input.KeyId))
            {
                throw new InvalidDataException(
                    $"'{path}' is {input.Domain} but '{firstDomainFile}' is {(key?.ToString() ?? "plaintext")}: a model is trained for one key (or plaintext) only.");
            }

            if (input.Frames.Count != 1)
            {
                throw new InvalidDataException($"'{path}' has {input.Frames.Count} frames; ROI training takes single-frame radiographs.");
            }

            var name = Path.GetFileNameWithoutExtension(path);
            var image = input.Frames[0];
            samples.Add(new RoiSample(name, image, ReadMask(masks, name, "left-lung", image), ReadMask(masks, name, "right-lung", image)));
        }

        if (samples.Count == 0)
        {
            throw new InvalidDataException($"Folder '{directory}' holds no DICOM object.");
        }

        return new RoiDataset(key, samples);
    }

    private static byte[] ReadMask(string masks, string name, string organ, FloatImage image)
    {
        var path = Path.Combine(masks, $"{name}.{organ}.pgm");
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The {organ} mask of '{name}' is missing: expected {path}.");
        }

        var mask = SyntheticStudy.ReadMaskPgm(path, out var width, out var height);
        if (width != image.Width || height != image.Height)
        {
            throw new InvalidDataException($"{path} is {width}×{height} but its image is {image.Width}×{image.Height}.");
        }

        return mask;
    }
}
