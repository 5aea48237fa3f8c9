using System.Buffers;
using System.Text;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Pdu;
using NetPdu = DicomCipherGateway.Dicom.Network.Pdu.ProtocolDataUnit;

namespace DicomCipherGateway.Dicom.Tests.Network.Pdu;

public class PduCodecTests
{
    private static NetPdu ReadOne(byte[] bytes, PduLimits? limits = null)
    {
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.True(PduReader.TryReadPdu(ref buffer, limits ?? PduLimits.Default, out var pdu));
        Assert.True(buffer.IsEmpty);
        return pdu!;
    }

    [Fact]
    public void Echo_request_decodes_and_encodes_back_to_the_same_bytes()
    {
        var bytes = PduFixtures.EchoRequest();
        var rq = Assert.IsType<AssociateRqPdu>(ReadOne(bytes));

        Assert.Equal(1, rq.ProtocolVersion);
        Assert.Equal("ANY-SCP", rq.CalledAeTitle);
        Assert.Equal("ECHOSCU", rq.CallingAeTitle);
        Assert.Equal(PduFixtures.AppContext, rq.ApplicationContextName);
        var context = Assert.Single(rq.PresentationContexts);
        Assert.Equal(1, context.Id);
        Assert.Equal(PduFixtures.Verification, context.AbstractSyntax);
        Assert.Equal([PduFixtures.ImplicitLittle, PduFixtures.ExplicitLittle], context.TransferSyntaxes);
        Assert.Equal(16384u, rq.UserInformation.MaximumLength);
        Assert.Equal("1.2.3.4", rq.UserInformation.ImplementationClassUid);
        Assert.Equal("TEST_1", rq.UserInformation.ImplementationVersionName);

        Assert.Equal(bytes, PduWriter.ToArray(rq));
    }

    [Fact]
    public void Every_user_information_sub_item_round_trips()
    {
        var bytes = PduFixtures.FullRequest();
        var rq = Assert.IsType<AssociateRqPdu>(ReadOne(bytes));
        var info = rq.UserInformation;

        Assert.Equal(2, rq.PresentationContexts.Count);
        Assert.Equal(new AsyncOperationsWindowItem(5, 1), info.AsyncOperationsWindow);
        Assert.Equal(new RoleSelectionItem(PduFixtures.CtImageStorage, true, true), Assert.Single(info.RoleSelections));
        var extended = Assert.Single(info.SopClassExtendedNegotiations);
        Assert.Equal(PduFixtures.CtImageStorage, extended.SopClassUid);
        Assert.Equal(new byte[] { 1, 0, 2 }, extended.ServiceClassApplicationInformation.ToArray());
        var common = Assert.Single(info.SopClassCommonExtendedNegotiations);
        Assert.Equal("1.2.840.10008.4.2", common.ServiceClassUid);
        Assert.Equal(["1.2.3.4.6"], common.RelatedGeneralSopClassUids);
        var identity = info.UserIdentityRequest!;
        Assert.Equal(UserIdentityType.UsernameAndPasscode, identity.IdentityType);
        Assert.True(identity.PositiveResponseRequested);
        Assert.Equal("user", Encoding.ASCII.GetString(identity.PrimaryField.Span));
        Assert.Equal("secret", Encoding.ASCII.GetString(identity.SecondaryField.Span));
        Assert.DoesNotContain("secret", identity.ToString(), StringComparison.Ordinal);
        var unknown = Assert.Single(info.UnknownSubItems);
        Assert.Equal(0x7A, unknown.ItemType);

        Assert.Equal(bytes, PduWriter.ToArray(rq));
    }

    [Fact]
    public void Accept_decodes_results_roles_and_identity_response()
    {
        var bytes = PduFixtures.EchoAccept();
        var ac = Assert.IsType<AssociateAcPdu>(ReadOne(bytes));

        Assert.Equal(2, ac.PresentationContexts.Count);
        Assert.Equal(new PresentationContextResultItem(1, PresentationContextResult.Acceptance, PduFixtures.ImplicitLittle), ac.PresentationContexts[0]);
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, ac.PresentationContexts[1].Result);
        Assert.Equal(32768u, ac.UserInformation.MaximumLength);
        Assert.Equal(new RoleSelectionItem(PduFixtures.CtImageStorage, false, true), Assert.Single(ac.UserInformation.RoleSelections));
        Assert.Equal("tok", Encoding.ASCII.GetString(ac.UserInformation.UserIdentityResponse!.ServerResponse.Span));

        Assert.Equal(bytes, PduWriter.ToArray(ac));
    }

    [Fact]
    public void Fixed_length_pdus_round_trip()
    {
        Assert.Equal(new AssociateRjPdu(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeTitleNotRecognized), ReadOne(PduFixtures.Reject()));
        Assert.Same(ReleaseRqPdu.Instance, ReadOne(PduFixtures.ReleaseRq()));
        Assert.Same(ReleaseRpPdu.Instance, ReadOne(PduFixtures.ReleaseRp()));
        Assert.Equal(new AbortPdu(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue), ReadOne(PduFixtures.Abort()));

        foreach (var bytes in new[] { PduFixtures.Reject(), PduFixtures.ReleaseRq(), PduFixtures.ReleaseRp(), PduFixtures.Abort() })
        {
            Assert.Equal(bytes, PduWriter.ToArray(ReadOne(bytes)));
        }
    }

    [Fact]
    public void PData_yields_values_as_slices_and_round_trips()
    {
        var bytes = PduFixtures.PData();
        var data = Assert.IsType<PDataTfPdu>(ReadOne(bytes));

        Assert.Equal(2, data.Values.Count);
        Assert.True(data.Values[0].IsCommand);
        Assert.True(data.Values[0].IsLastFragment);
        Assert.Equal(new byte[] { 0xAA, 0xBB, 0xCC, 0xDD }, data.Values[0].Data.ToArray());
        Assert.Equal(3, data.Values[1].PresentationContextId);
        Assert.False(data.Values[1].IsCommand);
        Assert.False(data.Values[1].IsLastFragment);
        Assert.Equal(new byte[] { 1, 2, 3 }, data.Values[1].Data.ToArray());

        Assert.Equal(bytes, PduWriter.ToArray(data));
    }

    [Fact]
    public void A_stream_split_at_every_offset_yields_the_same_pdus()
    {
        var stream = Bytes.Concat(PduFixtures.EchoRequest(), PduFixtures.PData(), PduFixtures.ReleaseRq());
        for (var split = 0; split <= stream.Length; split++)
        {
            var decoded = new List<NetPdu>();
            var pending = new List<byte>();
            foreach (var chunk in new[] { stream[..split], stream[split..] })
            {
                pending.AddRange(chunk);
                var buffer = new ReadOnlySequence<byte>(pending.ToArray());
                while (PduReader.TryReadPdu(ref buffer, PduLimits.Default, out var pdu))
                {
                    decoded.Add(pdu);
                }

                pending = [.. buffer.ToArray()];
            }

            Assert.Equal([PduType.AssociateRq, PduType.PDataTf, PduType.ReleaseRq], decoded.Select(p => p.Type));
            Assert.Empty(pending);
        }
    }

    [Fact]
    public void A_four_gigabyte_length_fails_at_the_header_without_waiting_for_the_body()
    {
        var buffer = new ReadOnlySequence<byte>(Bytes.Hex("04 00 FFFFFFFF"));
        var error = Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);

        buffer = new ReadOnlySequence<byte>(Bytes.Hex("01 00 FFFFFFFF"));
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
    }

    [Fact]
    public void PData_over_the_advertised_maximum_is_refused()
    {
        var limits = new PduLimits { MaxPDataLength = 10 };
        var buffer = new ReadOnlySequence<byte>(PduFixtures.PData());
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, limits, out _));
    }

    [Theory]
    [InlineData("08 00 00000004 00000000")]
    [InlineData("00 00 00000004 00000000")]
    [InlineData("FF 00 00000000")]
    public void Unknown_pdu_types_are_unrecognized(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes.Hex(hex));
        var error = Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
        Assert.Equal(AbortReason.UnrecognizedPdu, error.AbortReason);
    }

    [Theory]
    [InlineData("05 00 00000005 0000000000")]
    [InlineData("07 00 00000002 0000")]
    [InlineData("03 00 00000004 00 05 01 01")]
    [InlineData("04 00 00000000")]
    [InlineData("04 00 00000006 00000002 02 00")]
    [InlineData("04 00 00000006 00000009 01 00")]
    [InlineData("04 00 00000005 00000001 01")]
    public void Malformed_fixed_and_data_pdus_are_protocol_errors(string hex)
    {
        var buffer = new ReadOnlySequence<byte>(Bytes.Hex(hex));
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
    }

    [Fact]
    public void Truncating_an_association_pdu_anywhere_gives_a_protocol_error_or_a_valid_prefix()
    {
        foreach (var original in new[] { PduFixtures.FullRequest(), PduFixtures.EchoAccept() })
        {
            for (var cut = 6; cut < original.Length; cut++)
            {
                var bytes = original[..cut];
                var length = cut - 6;
                bytes[2] = (byte)(length >> 24);
                bytes[3] = (byte)(length >> 16);
                bytes[4] = (byte)(length >> 8);
                bytes[5] = (byte)length;
                var buffer = new ReadOnlySequence<byte>(bytes);
                try
                {
                    PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _);
                }
                catch (PeerProtocolException e)
                {
                    Assert.True(e.Offset >= 0);
                }
            }
        }
    }

    [Fact]
    public void Association_pdus_without_required_items_are_rejected()
    {
        var noContexts = Bytes.PduBytes(0x01, Bytes.Hex("0001 0000"), Bytes.Ae("A"), Bytes.Ae("B"), new byte[32], Bytes.Item(0x10, Bytes.Ascii(PduFixtures.AppContext)));
        var buffer = new ReadOnlySequence<byte>(noContexts);
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));

        var badUid = Bytes.PduBytes(0x01, Bytes.Hex("0001 0000"), Bytes.Ae("A"), Bytes.Ae("B"), new byte[32], Bytes.Item(0x10, Bytes.Ascii("1.2.x")));
        buffer = new ReadOnlySequence<byte>(badUid);
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    public void Even_or_repeated_presentation_context_ids_are_rejected(int first, int second)
    {
        var context = (int id) => Bytes.Item(0x20, [(byte)id, 0, 0, 0], Bytes.Item(0x30, Bytes.Ascii(PduFixtures.Verification)), Bytes.Item(0x40, Bytes.Ascii(PduFixtures.ImplicitLittle)));
        var bytes = Bytes.PduBytes(0x01, Bytes.Hex("0001 0000"), Bytes.Ae("A"), Bytes.Ae("B"), new byte[32], Bytes.Item(0x10, Bytes.Ascii(PduFixtures.AppContext)), context(first), context(second));
        var buffer = new ReadOnlySequence<byte>(bytes);
        Assert.Throws<PeerProtocolException>(() => PduReader.TryReadPdu(ref buffer, PduLimits.Default, out _));
    }

    [Fact]
    public void A_multi_segment_buffer_decodes_like_a_contiguous_one()
    {
        var bytes = PduFixtures.FullRequest();
        var first = new Segment(bytes.AsMemory(0, 40));
        var last = first.Append(bytes.AsMemory(40, 50)).Append(bytes.AsMemory(90));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        Assert.True(PduReader.TryReadPdu(ref buffer, PduLimits.Default, out var pdu));
        Assert.Equal(bytes, PduWriter.ToArray(pdu));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
