using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Cipher.RoiMining;

/// <summary>
/// Builds a binary DICOM Segmentation (PS3.3 A.51) of the lungs predicted for a source object:
/// one segment per lung with SNOMED CT codes, one 1-bit frame per segment and source frame (segment
/// major), each frame's Derivation Image and Segment Identification, a Dimension Organization
/// indexed by segment (then source frame), and the source named in the Common Instance Reference.
/// The source's patient and study attributes are copied so the PACS files it with the image.
/// </summary>
public static class SegmentationObject
{
    /// <summary>Segmentation Storage.</summary>
    public static DicomUid SopClass { get; } = new("1.2.840.10008.5.1.4.1.1.66.4");

    /// <summary>The organs' codes (SNOMED CT), in output-channel order: (code, meaning, CIELab colour).</summary>
    internal static IReadOnlyList<(string Code, string Meaning, ushort[] Lab)> OrganCodes { get; } =
    [
        ("44029006", "Left lung", [32768, 53248, 16384]), // a light blue (L*a*b* scaled to 0..65535)
        ("3341006", "Right lung", [45000, 30000, 50000]),
    ];

    private static readonly DicomTag[] PatientAndStudy =
    [
        DicomTags.PatientName, DicomTags.PatientID, DicomTags.IssuerOfPatientID, DicomTags.PatientBirthDate, DicomTags.PatientSex, DicomTags.PatientAge,
        DicomTags.StudyInstanceUID, DicomTags.StudyDate, DicomTags.StudyTime, DicomTags.ReferringPhysicianName, DicomTags.StudyID, DicomTags.AccessionNumber, DicomTags.StudyDescription,
    ];

    /// <summary>The Segmentation of <paramref name="frames"/> (one prediction per source frame) derived from <paramref name="source"/>.</summary>
    /// <param name="source">The segmented object (ciphertext or plaintext: its header is the same).</param>
    /// <param name="frames">The predicted masks, one per source frame, all of the source's size.</param>
    /// <param name="algorithm">Segment Algorithm Name, e.g. "DLEDNet ROI mining resnet18".</param>
    /// <param name="seriesNumber">Series Number of the new series.</param>
    public static DicomFile Build(DicomDataset source, IReadOnlyList<RoiPrediction> frames, string algorithm, int seriesNumber = 900)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A Segmentation needs at least one frame.", nameof(frames));
        }

        var sopClass = Required(source, DicomTags.SOPClassUID, "SOP Class UID");
        var sop = Required(source, DicomTags.SOPInstanceUID, "SOP Instance UID");
        var series = Required(source, DicomTags.SeriesInstanceUID, "Series Instance UID");
        Required(source, DicomTags.StudyInstanceUID, "Study Instance UID");
        var width = frames[0].Width;
        var height = frames[0].Height;
        if (frames.Any(f => f.Width != width || f.Height != height))
        {
            throw new ArgumentException("Every frame of a Segmentation has the same size.", nameof(frames));
        }

        var now = DateTime.UtcNow;
        var date = now.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var time = now.ToString("HHmmss.ff", CultureInfo.InvariantCulture);
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SpecificCharacterSet, source.GetString(DicomTags.SpecificCharacterSet)?.Trim() is { Length: > 0 } cs ? cs : "ISO_IR 192");
        ds.SetString(DicomTags.SOPClassUID, SopClass.Value);
        ds.SetString(DicomTags.SOPInstanceUID, DicomUid.Generate().Value);
        foreach (var tag in PatientAndStudy)
        {
            if (source[tag] is { } item)
            {
                ds.Set(item);
            }
        }

        foreach (var (tag, empty) in new[] { (DicomTags.PatientName, ""), (DicomTags.PatientID, ""), (DicomTags.PatientBirthDate, ""), (DicomTags.PatientSex, ""), (DicomTags.StudyDate, ""), (DicomTags.StudyTime, ""), (DicomTags.ReferringPhysicianName, ""), (DicomTags.StudyID, ""), (DicomTags.AccessionNumber, "") })
        {
            if (!ds.Contains(tag))
            {
                ds.SetString(tag, empty);
            }
        }

        // General and Segmentation Series.
        ds.SetString(DicomTags.Modality, "SEG");
        ds.SetString(DicomTags.SeriesInstanceUID, DicomUid.Generate().Value);
        ds.SetString(DicomTags.SeriesNumber, seriesNumber.ToString(CultureInfo.InvariantCulture));
        ds.SetString(DicomTags.SeriesDescription, "Lung segmentation (ROI mining on ciphertext)");
        ds.SetString(DicomTags.SeriesDate, date);
        ds.SetString(DicomTags.SeriesTime, time);

        // General and Enhanced General Equipment.
        ds.SetString(DicomTags.Manufacturer, "DicomCipherGateway");
        ds.SetString(DicomTags.ManufacturerModelName, "dcg roi segment");
        ds.SetString(DicomTags.DeviceSerialNumber, "0");
        ds.SetString(DicomTags.SoftwareVersions, typeof(SegmentationObject).Assembly.GetName().Version?.ToString() ?? "0");

        // General Image, Segmentation Image (with Content Identification).
        ds.SetString(DicomTags.InstanceNumber, "1");
        ds.SetString(DicomTags.ContentDate, date);
        ds.SetString(DicomTags.ContentTime, time);
        ds.SetString(DicomTags.ImageType, "DERIVED\\PRIMARY");

        // Type 2C without a Plane Orientation functional group (a projection radiograph has none): the source's.
        ds.SetString(DicomTags.PatientOrientation, source.GetString(DicomTags.PatientOrientation)?.Trim() ?? string.Empty);
        ds.SetString(DicomTags.ContentLabel, "LUNGS");
        ds.SetString(DicomTags.ContentDescription, "Left and right lung");
        ds.SetString(DicomTags.ContentCreatorName, string.Empty);
        ds.SetString(DicomTags.SegmentationType, "BINARY");
        ds.SetString(DicomTags.LossyImageCompression, "00");
        ds.SetValues<ushort>(DicomTags.SamplesPerPixel, 1);
        ds.SetString(DicomTags.PhotometricInterpretation, "MONOCHROME2");
        ds.SetValues<ushort>(DicomTags.Rows, (ushort)height);
        ds.SetValues<ushort>(DicomTags.Columns, (ushort)width);
        ds.SetValues<ushort>(DicomTags.BitsAllocated, 1);
        ds.SetValues<ushort>(DicomTags.BitsStored, 1);
        ds.SetValues<ushort>(DicomTags.HighBit, 0);
        ds.SetValues<ushort>(DicomTags.PixelRepresentation, 0);

        var segments = new DicomSequence(DicomTags.SegmentSequence);
        for (var s = 0; s < OrganCodes.Count; s++)
        {
            var (code, meaning, lab) = OrganCodes[s];
            var item = new DicomDataset();
            item.SetValues<ushort>(DicomTags.SegmentNumber, (ushort)(s + 1));
            item.SetString(DicomTags.SegmentLabel, meaning);
            item.Set(Code(DicomTags.SegmentedPropertyCategoryCodeSequence, "123037004", "SCT", "Anatomical Structure"));
            item.Set(Code(DicomTags.SegmentedPropertyTypeCodeSequence, code, "SCT", meaning));
            item.SetString(DicomTags.SegmentAlgorithmType, "AUTOMATIC");
            item.SetString(DicomTags.SegmentAlgorithmName, algorithm.Length > 64 ? algorithm[..64] : algorithm);
            item.SetValues<ushort>(DicomTags.RecommendedDisplayCIELabValue, lab);
            segments.Add(item);
        }

        ds.Set(segments);

        // Multi-frame Dimension: frames indexed by segment number (then by source frame).
        var organisation = DicomUid.Generate().Value;
        ds.Set(new DicomSequence(DicomTags.DimensionOrganizationSequence, Item(i => i.SetString(DicomTags.DimensionOrganizationUID, organisation))));
        var indices = new DicomSequence(DicomTags.DimensionIndexSequence);
        indices.Add(DimensionIndex(organisation, DicomTags.ReferencedSegmentNumber, DicomTags.SegmentIdentificationSequence, "Segment"));
        if (frames.Count > 1)
        {
            indices.Add(DimensionIndex(organisation, DicomTags.InStackPositionNumber, DicomTags.FrameContentSequence, "Source frame"));
        }

        ds.Set(indices);

        // Multi-frame Functional Groups: nothing is shared but the (absent) pixel measures; per frame
        // the derivation, the segment and the dimension index values.
        var totalFrames = frames.Count * OrganCodes.Count;
        ds.SetString(DicomTags.NumberOfFrames, totalFrames.ToString(CultureInfo.InvariantCulture));
        ds.Set(new DicomSequence(DicomTags.SharedFunctionalGroupsSequence, new DicomDataset()));
        var perFrame = new DicomSequence(DicomTags.PerFrameFunctionalGroupsSequence);
        var bits = new List<byte[]>(totalFrames);
        for (var s = 0; s < OrganCodes.Count; s++)
        {
            for (var f = 0; f < frames.Count; f++)
            {
                var group = new DicomDataset();
                var derivation = new DicomDataset();
                derivation.Set(Code(DicomTags.DerivationCodeSequence, "113076", "DCM", "Segmentation"));
                var sourceItem = new DicomDataset();
                sourceItem.SetString(DicomTags.ReferencedSOPClassUID, sopClass);
                sourceItem.SetString(DicomTags.ReferencedSOPInstanceUID, sop);
                if (frames.Count > 1)
                {
                    sourceItem.SetString(DicomTags.ReferencedFrameNumber, (f + 1).ToString(CultureInfo.InvariantCulture));
                }

                sourceItem.Set(Code(DicomTags.PurposeOfReferenceCodeSequence, "121322", "DCM", "Source image for image processing operation"));
                derivation.Set(new DicomSequence(DicomTags.SourceImageSequence, sourceItem));
                group.Set(new DicomSequence(DicomTags.DerivationImageSequence, derivation));
                var content = new DicomDataset();
                if (frames.Count > 1)
                {
                    content.SetValues<uint>(DicomTags.DimensionIndexValues, (uint)(s + 1), (uint)(f + 1));
                    content.SetValues<uint>(DicomTags.InStackPositionNumber, (uint)(f + 1));
                    content.SetString(DicomTags.StackID, "1");
                }
                else
                {
                    content.SetValues<uint>(DicomTags.DimensionIndexValues, (uint)(s + 1));
                }

                group.Set(new DicomSequence(DicomTags.FrameContentSequence, content));
                group.Set(new DicomSequence(DicomTags.SegmentIdentificationSequence, Item(i => i.SetValues<ushort>(DicomTags.ReferencedSegmentNumber, (ushort)(s + 1)))));
                perFrame.Add(group);
                bits.Add(s == 0 ? frames[f].LeftLung : frames[f].RightLung);
            }
        }

        ds.Set(perFrame);

        // Common Instance Reference: the source instance, in its series.
        var instance = new DicomDataset();
        instance.SetString(DicomTags.ReferencedSOPClassUID, sopClass);
        instance.SetString(DicomTags.ReferencedSOPInstanceUID, sop);
        var seriesItem = new DicomDataset();
        seriesItem.SetString(DicomTags.SeriesInstanceUID, series);
        seriesItem.Set(new DicomSequence(DicomTags.ReferencedInstanceSequence, instance));
        ds.Set(new DicomSequence(DicomTags.ReferencedSeriesSequence, seriesItem));

        ds.SetBytes(DicomTags.PixelData, DicomVR.OB, Pack(bits, width * height));
        return new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
    }

    /// <summary>
    /// Packs 0/1 frames into 1-bit Pixel Data: consecutive frames are not byte-aligned (PS3.5
    /// 8.1.1), the first pixel in the least significant bit, the whole padded to an even length.
    /// </summary>
    public static byte[] Pack(IReadOnlyList<byte[]> frames, int pixelsPerFrame)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var total = (long)frames.Count * pixelsPerFrame;
        var bytes = new byte[(((total + 7) / 8) + 1) & ~1L];
        long bit = 0;
        foreach (var frame in frames)
        {
            for (var i = 0; i < pixelsPerFrame; i++, bit++)
            {
                if (frame[i] != 0)
                {
                    bytes[bit >> 3] |= (byte)(1 << (int)(bit & 7));
                }
            }
        }

        return bytes;
    }

    /// <summary>Frame <paramref name="index"/> of 1-bit Pixel Data as 0/1 values (the inverse of <see cref="Pack"/>).</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> pixelData, int index, int pixelsPerFrame)
    {
        var frame = new byte[pixelsPerFrame];
        var bit = (long)index * pixelsPerFrame;
        for (var i = 0; i < pixelsPerFrame; i++, bit++)
        {
            frame[i] = (byte)((pixelData[(int)(bit >> 3)] >> (int)(bit & 7)) & 1);
        }

        return frame;
    }

    private static DicomDataset DimensionIndex(string organisation, DicomTag pointer, DicomTag group, string label)
    {
        var item = new DicomDataset();
        item.SetString(DicomTags.DimensionOrganizationUID, organisation);
        item.SetValues<uint>(DicomTags.DimensionIndexPointer, DicomVR.AT, ((uint)pointer.Group << 16) | pointer.Element);
        item.SetValues<uint>(DicomTags.FunctionalGroupPointer, DicomVR.AT, ((uint)group.Group << 16) | group.Element);
        item.SetString(DicomTags.DimensionDescriptionLabel, label);
        return item;
    }

    private static DicomSequence Code(DicomTag tag, string value, string scheme, string meaning) =>
        new(tag, Item(i =>
        {
            i.SetString(DicomTags.CodeValue, value);
            i.SetString(DicomTags.CodingSchemeDesignator, scheme);
            i.SetString(DicomTags.CodeMeaning, meaning);
        }));

    private static DicomDataset Item(Action<DicomDataset> fill)
    {
        var item = new DicomDataset();
        fill(item);
        return item;
    }

    private static string Required(DicomDataset source, DicomTag tag, string name) =>
        source.GetString(tag)?.Trim() is { Length: > 0 } value
            ? value
            : throw new ArgumentException($"The source object has no {name}, which a Segmentation must reference.");
}
