using System.Buffers.Binary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Part10;
using DicomCipherGateway.Dicom.Tests.Part10;

namespace DicomCipherGateway.Dicom.Tests.IO;

public class MalformedInputTests(DcmtkFilesFixture files) : IClassFixture<DcmtkFilesFixture>
{
    [Theory]
    [InlineData("explicit")]
    [InlineData("implicit")]
    [InlineData("big")]
    [InlineData("deflated")]
    public void Truncation_at_every_offset_gives_a_format_error_or_a_shorter_dataset(string syntax)
    {
        var bytes = File.ReadAllBytes(files.BySyntax[syntax]);
        var errors = 0;
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            try
            {
                // A cut exactly between two top-level elements is a valid, shorter dataset:
                // DICOM has no total length to tell it from a complete one.
                var file = DicomFile.Read(new MemoryStream(bytes, 0, cut));
                Assert.True(file.Dataset.Count < 40);
            }
            catch (DicomFormatException ex)
            {
                errors++;
                Assert.Contains("offset", ex.Message, StringComparison.Ordinal);
            }
        }

        Assert.True(errors > bytes.Length / 2, $"only {errors} of {bytes.Length} truncations were reported");
    }

    [Theory]
    [InlineData("explicit")]
    [InlineData("implicit")]
    [InlineData("big")]
    public void Random_byte_damage_gives_a_dataset_or_a_DICOM_exception_never_a_crash(string syntax)
    {
        var original = File.ReadAllBytes(files.BySyntax[syntax]);
        var random = new Random(20261124);
        for (var round = 0; round < 1500; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                // Damage the headers region (meta and the first elements) more often than pixels.
                var at = random.Next(2) == 0 ? random.Next(128, Math.Min(bytes.Length, 900)) : random.Next(bytes.Length);
                bytes[at] = (byte)random.Next(256);
            }

            try
            {
                var file = DicomFile.Read(new MemoryStream(bytes));
                using var sink = new MemoryStream();
                file.Write(sink);
            }
            catch (DicomException)
            {
                // Expected for most damage: a format, character set or codec error.
            }
        }
    }

    [Fact]
    public void A_length_beyond_the_stream_names_tag_and_offset()
    {
        var bytes = Element(0x0010, 0x0010, "PN", 0x7FF0, []);
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Equal(new DicomTag(0x00100010), ex.Tag);
        Assert.Contains("(0010,0010)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("offset 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_length_on_a_non_seekable_stream_fails_without_allocating_it()
    {
        var header = new byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, 0x7FE0);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), 0x0010);
        "OB"u8.CopyTo(header.AsSpan(4));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), 0x7000_0000);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(new NonSeekableStream([.. header, .. new byte[100]]), DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("ends inside the value", ex.Message, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 64L << 20, "a bogus length must not be allocated");
    }

    [Fact]
    public void Missing_delimiters_at_the_end_are_an_error_unless_accepted()
    {
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x00081155), DicomVR.UI, "1.2.3");
        var ds = new DicomDataset();
        ds.Set(new DicomSequence(new DicomTag(0x00081140), item));
        var full = DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian);
        var cut = full[..^16];
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(cut, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("(0008,1140)", ex.Message, StringComparison.Ordinal);
        var read = DicomDatasetReader.Read(cut, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { AcceptMissingDelimitersAtEnd = true });
        Assert.Equal("1.2.3", read.GetSequence(new DicomTag(0x00081140))!.Items[0].GetString(new DicomTag(0x00081155)));
        Assert.Equal(full, DicomDatasetWriter.ToArray(read, DicomTransferSyntax.ExplicitVRLittleEndian));
    }

    [Fact]
    public void A_deflate_bomb_stops_at_the_inflation_limit()
    {
        // 8 MB of one OB value deflates to a few kilobytes.
        var ds = new DicomDataset();
        ds.SetBytes(new DicomTag(0x00091010), DicomVR.OB, new byte[8 << 20]);
        var deflated = DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.DeflatedExplicitVRLittleEndian);
        Assert.True(deflated.Length < 64 * 1024);
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(deflated, DicomTransferSyntax.DeflatedExplicitVRLittleEndian, new DicomReadOptions { MaxInflatedLength = 1 << 20 }));
        Assert.Contains("MaxInflatedLength", ex.Message, StringComparison.Ordinal);
        Assert.Equal(8 << 20, DicomDatasetReader.Read(deflated, DicomTransferSyntax.DeflatedExplicitVRLittleEndian).GetElement(new DicomTag(0x00091010))!.Length);
    }

    [Fact]
    public void Odd_lengths_are_kept_by_default_and_rejected_when_strict()
    {
        var bytes = Element(0x0010, 0x0020, "LO", 3, "ABC"u8.ToArray());
        var ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal("ABC", ds.GetString(new DicomTag(0x00100020)));
        Assert.Equal(bytes, DicomDatasetWriter.ToArray(ds, DicomTransferSyntax.ExplicitVRLittleEndian));
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { AcceptOddLengths = false }));
        Assert.Contains("odd value length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_VR_is_an_error_naming_the_tag()
    {
        var bytes = Element(0x0010, 0x0020, "Zz", 2, "AB"u8.ToArray());
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("is not a VR", ex.Message, StringComparison.Ordinal);
        Assert.Equal(new DicomTag(0x00100020), ex.Tag);
    }

    [Fact]
    public void An_implicit_element_in_an_explicit_stream_is_read_leniently_or_rejected_when_strict()
    {
        // (0010,0020) with a 32-bit length 2 where the VR should be: implicit VR encoding.
        byte[] bytes = [0x10, 0x00, 0x20, 0x00, 0x02, 0x00, 0x00, 0x00, (byte)'A', (byte)'B'];
        var ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian);
        Assert.Equal(DicomVR.LO, ds.GetElement(new DicomTag(0x00100020))!.VR);
        Assert.Equal("AB", ds.GetString(new DicomTag(0x00100020)));
        Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { AcceptImplicitVRInExplicitStream = false }));
    }

    [Fact]
    public void Garbage_after_the_dataset_is_an_error_unless_ignored()
    {
        byte[] bytes = [.. Element(0x0010, 0x0020, "LO", 2, "AB"u8.ToArray()), 0xDE, 0xAD, 0xBE];
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian));
        Assert.Contains("offset 10", ex.Message, StringComparison.Ordinal);
        var ds = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ExplicitVRLittleEndian, new DicomReadOptions { IgnoreTrailingGarbage = true });
        Assert.Equal("AB", ds.GetString(new DicomTag(0x00100020)));
    }

    [Theory]
    [InlineData("explicit", SequenceLengthMode.Undefined)]
    [InlineData("explicit", SequenceLengthMode.Defined)]
    [InlineData("implicit", SequenceLengthMode.Undefined)]
    public void Sequences_nested_1000_deep_are_read_and_2000_deep_are_refused(string syntaxName, SequenceLengthMode mode)
    {
        var syntax = syntaxName == "explicit" ? DicomTransferSyntax.ExplicitVRLittleEndian : DicomTransferSyntax.ImplicitVRLittleEndian;
        var options = new DicomWriteOptions { SequenceLengths = mode };
        var deep = DicomDatasetWriter.ToArray(Nested(1000), syntax, options);
        var read = DicomDatasetReader.Read(deep, syntax);
        var depth = 0;
        for (var ds = read; ds.GetSequence(new DicomTag(0x00081140)) is { } sq; ds = sq.Items[0])
        {
            depth++;
        }

        Assert.Equal(1000, depth);
        Assert.Equal(deep, DicomDatasetWriter.ToArray(read, syntax, options));

        var tooDeep = DicomDatasetWriter.ToArray(Nested(2000), syntax, options);
        var ex = Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(tooDeep, syntax));
        Assert.Contains("nest deeper than 1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_outside_a_sequence_and_stray_delimiters_are_errors()
    {
        byte[] item = [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0];
        Assert.Contains("outside a sequence", Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(item, DicomTransferSyntax.ExplicitVRLittleEndian)).Message, StringComparison.Ordinal);
        byte[] delimiter = [0xFE, 0xFF, 0xDD, 0xE0, 0, 0, 0, 0];
        Assert.Throws<DicomFormatException>(() => DicomDatasetReader.Read(delimiter, DicomTransferSyntax.ImplicitVRLittleEndian));
    }

    private static DicomDataset Nested(int depth)
    {
        var leaf = new DicomDataset();
        leaf.SetString(new DicomTag(0x00081155), DicomVR.UI, "1.2.3");
        var current = leaf;
        for (var i = 0; i < depth; i++)
        {
            var parent = new DicomDataset();
            parent.Set(new DicomSequence(new DicomTag(0x00081140), current));
            current = parent;
        }

        return current;
    }

    private static byte[] Element(ushort group, ushort element, string vr, ushort length, byte[] value)
    {
        var b = new byte[8 + value.Length];
        BinaryPrimitives.WriteUInt16LittleEndian(b, group);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2), element);
        b[4] = (byte)vr[0];
        b[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), length);
        value.CopyTo(b, 8);
        return b;
    }

    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
