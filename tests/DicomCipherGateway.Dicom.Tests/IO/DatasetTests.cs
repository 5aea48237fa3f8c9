using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Tests.IO;

public class DatasetTests
{
    [Fact]
    public void A_C_ECHO_command_set_round_trips_in_implicit_VR_little_endian()
    {
        var command = new DicomDataset();
        command.SetString(DicomTags.AffectedSOPClassUID, DicomUids.VerificationSOPClass.Value);
        command.SetValues<ushort>(DicomTags.CommandField, 0x0030);
        command.SetValues<ushort>(DicomTags.MessageID, 7);
        command.SetValues<ushort>(DicomTags.CommandDataSetType, 0x0101);
        var length = DicomDatasetWriter.ComputeLength(command, DicomTransferSyntax.ImplicitVRLittleEndian);
        command.SetValues<uint>(DicomTags.CommandGroupLength, (uint)length);

        var bytes = DicomDatasetWriter.ToArray(command, DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal(length + 12, bytes.Length);
        var read = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);
        Assert.Equal((ushort)0x0030, read.GetValue<ushort>(DicomTags.CommandField));
        Assert.Equal("1.2.840.10008.1.1", read.GetString(DicomTags.AffectedSOPClassUID));
        Assert.Equal(DicomVR.US, read.GetElement(DicomTags.MessageID)!.VR);
        Assert.Equal(bytes, DicomDatasetWriter.ToArray(read, DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    [Fact]
    public void Items_stay_sorted_and_replace_by_tag()
    {
        var ds = new DicomDataset();
        ds.SetString(DicomTags.PatientID, "B");
        ds.SetString(DicomTags.Modality, "CT");
        ds.SetString(DicomTags.PatientID, "A");
        Assert.Equal([DicomTags.Modality, DicomTags.PatientID], ds.Select(i => i.Tag));
        Assert.Equal("A", ds.GetString(DicomTags.PatientID));
        Assert.True(ds.Remove(DicomTags.Modality));
        Assert.Null(ds.GetString(DicomTags.Modality));
    }

    [Fact]
    public void Private_elements_are_found_through_their_creator_whatever_block_it_reserved()
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x00290010), DicomVR.LO, "OTHER VENDOR");
        var tag = ds.ReservePrivateTag(0x0029, "DCG CIPHER", 0x01);
        Assert.Equal(new DicomTag(0x00291101), tag);
        ds.SetString(tag, DicomVR.LO, "profile");
        Assert.Equal(tag, ds.FindPrivateTag(0x0029, "DCG CIPHER", 0x01));
        Assert.Equal("DCG CIPHER", ds.GetPrivateCreator(tag));
        Assert.Null(ds.FindPrivateTag(0x0029, "NOBODY", 0x01));
    }

    [Fact]
    public void Numeric_values_decode_on_demand_and_big_endian_is_swapped_once()
    {
        var ds = new DicomDataset();
        ds.SetValues<ushort>(DicomTags.Rows, 512);
        ds.SetValues<float>(new DicomTag(0x00189087), DicomVR.FL, 1.5f, -2f);
        ds.SetString(DicomTags.PixelSpacing, "0.5\\0.25");
        ds.SetValues<uint>(new DicomTag(0x00209165), DicomVR.AT, 0x00100010u);
        var big = DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRBigEndian);
        var read = DicomDatasetReader.Read(big, DicomTransferSyntax.ExplicitVRBigEndian);
        Assert.Equal((ushort)512, read.GetValue<ushort>(DicomTags.Rows));
        Assert.Equal([1.5f, -2f], read.GetValues<float>(new DicomTag(0x00189087)));
        Assert.Equal(0.25, read.GetValue<double>(DicomTags.PixelSpacing, 1));
        Assert.Equal(0x00100010u, read.GetValue<uint>(new DicomTag(0x00209165)));
        Assert.Equal(big, DicomDatasetWriter.ToArray(read, DicomTransferSyntax.ExplicitVRBigEndian));
    }

    [Fact]
    public void A_value_too_long_for_a_16_bit_length_is_written_as_UN_in_explicit_VR()
    {
        var ds = new DicomDataset();
        ds.SetValues(DicomTags.LUTData, DicomVR.US, new ushort[40000]);
        var bytes = DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var read = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(DicomVR.UN, read.GetElement(DicomTags.LUTData)!.VR);
        Assert.Equal(80000, read.GetElement(DicomTags.LUTData)!.Length);
    }

    [Fact]
    public void The_dictionary_knows_elements_repeating_groups_and_uids()
    {
        var d = DicomDictionary.Default;
        Assert.True(d.ElementCount > 4900);
        Assert.Equal("Patient's Name", d.Lookup(DicomTags.PatientName)!.Name);
        Assert.Equal("OverlayData", d.Lookup(new DicomTag(0x60220000 | 0x3000))!.Keyword);
        Assert.Equal([DicomVR.OB, DicomVR.OW], d.Lookup(DicomTags.PixelData)!.ValueRepresentations);
        Assert.Equal(DicomVR.OV, d.Lookup(DicomTags.ExtendedOffsetTable)!.DefaultVR);
        Assert.True(d.Lookup(new DicomTag(0x50000005))!.IsRetired);
        Assert.Equal(DicomVR.UL, d.Lookup(new DicomTag(0x00190000))!.DefaultVR);
        Assert.Equal(DicomVR.LO, d.Lookup(new DicomTag(0x00190012))!.DefaultVR);
        Assert.Null(d.Lookup(new DicomTag(0x00191012)));
        Assert.Equal("CT Image Storage", DicomUids.CTImageStorage.Name);
        Assert.True(DicomTransferSyntax.TryParse("1.2.840.10008.1.2.4.201", out var htj2k) && htj2k.IsEncapsulated && !htj2k.IsLossy);
        Assert.True(DicomTransferSyntax.TryParse("evrbe", out var be) && be.IsBigEndian && be.IsRetired);
        Assert.Equal(34, DicomVR.All.Count);
        Assert.All(DicomVR.All, vr => Assert.Equal(vr, DicomVR.Parse(vr.ToString())));
    }
}
