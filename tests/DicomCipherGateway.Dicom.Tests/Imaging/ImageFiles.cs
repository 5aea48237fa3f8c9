using System.Globalization;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Imaging;
using DicomCipherGateway.Dicom.IO.Values;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Tests.Imaging;

/// <summary>Secondary Capture files around generated pixel data, written with the real data layer.</summary>
internal static class ImageFiles
{
    private const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>A dataset with the SOP identity and Image Pixel Module of <paramref name="d"/>, no Pixel Data.</summary>
    public static DicomDataset Dataset(PixelDataDescription d)
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.SOPClassUID, DicomVR.UI, SecondaryCapture);
        ds.SetString(DicomTags.SOPInstanceUID, DicomVR.UI, DicomUid.Generate().Value);
        ds.SetString(DicomTags.Modality, DicomVR.CS, "OT");
        ds.SetValues(DicomTags.SamplesPerPixel, DicomVR.US, (ushort)d.SamplesPerPixel);
        ds.SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, d.PhotometricInterpretation.ToCode());
        if (d.SamplesPerPixel > 1)
        {
            ds.SetValues(DicomTags.PlanarConfiguration, DicomVR.US, (ushort)d.PlanarConfiguration);
        }

        if (d.NumberOfFrames > 1)
        {
            ds.SetString(DicomTags.NumberOfFrames, DicomVR.IS, d.NumberOfFrames.ToString(CultureInfo.InvariantCulture));
        }

        ds.SetValues(DicomTags.Rows, DicomVR.US, (ushort)d.Rows);
        ds.SetValues(DicomTags.Columns, DicomVR.US, (ushort)d.Columns);
        ds.SetValues(DicomTags.BitsAllocated, DicomVR.US, (ushort)d.BitsAllocated);
        ds.SetValues(DicomTags.BitsStored, DicomVR.US, (ushort)d.BitsStored);
        ds.SetValues(DicomTags.HighBit, DicomVR.US, (ushort)d.HighBit);
        ds.SetValues(DicomTags.PixelRepresentation, DicomVR.US, (ushort)d.PixelRepresentation);
        return ds;
    }

    /// <summary>An Explicit VR Little Endian file with native Pixel Data (VR OW, or OB when <paramref name="ob"/>).</summary>
    public static void WriteNative(string path, PixelDataDescription d, byte[] pixelData, bool ob = false)
    {
        var ds = Dataset(d);
        ds.SetBytes(DicomTags.PixelData, ob ? DicomVR.OB : DicomVR.OW, pixelData);
        new DicomFile(ds, DicomTransferSyntax.ExplicitVRLittleEndian).Save(path);
    }

    /// <summary>An RLE Lossless file: one fragment per frame, with an empty or filled Basic Offset Table.</summary>
    public static void WriteRle(string path, PixelDataDescription d, IEnumerable<byte[]> fragments, bool basicOffsetTable = false)
    {
        var ds = Dataset(d);
        var values = fragments.Select(f => DicomValue.FromMemory(f)).ToArray();
        ds.Set(EncapsulatedPixelData.Build(values, Enumerable.Repeat(1, values.Length).ToArray(), basicOffsetTable ? OffsetTable.Basic : OffsetTable.None));
        new DicomFile(ds, DicomTransferSyntax.RLELossless).Save(path);
    }

    /// <summary>The pixel data of a file as our library reads it.</summary>
    public static DicomPixelData Pixels(string path)
    {
        var file = DicomFile.Open(path);
        return DicomPixelData.FromDataset(file.Dataset, file.TransferSyntax);
    }
}
