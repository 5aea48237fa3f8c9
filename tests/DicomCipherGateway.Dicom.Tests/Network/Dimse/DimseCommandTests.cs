using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Tests.Network.Association;

namespace DicomCipherGateway.Dicom.Tests.Network.Dimse;

public class DimseCommandTests
{
    [Fact]
    public void Echo_request_encodes_to_the_hand_built_command_set()
    {
        var command = DimseCommand.Request(DimseCommandField.CEchoRq, 7, EchoCommands.Verification, hasDataSet: false);
        Assert.Equal(EchoCommands.Request(7), command.Encode());
    }

    [Fact]
    public void Echo_response_decodes_from_the_hand_built_command_set()
    {
        var command = DimseCommand.Decode(EchoCommands.Response(9, 0x0110));
        Assert.Equal(DimseCommandField.CEchoRsp, command.CommandField);
        Assert.Equal(9, command.MessageIdBeingRespondedTo);
        Assert.Equal(DicomStatus.ProcessingFailure, command.Status);
        Assert.False(command.HasDataSet);
        Assert.Equal(EchoCommands.Verification, command.AffectedSopClassUid);
    }

    [Fact]
    public void Response_echoes_the_request_identifiers()
    {
        var request = DimseCommand.Decode(EchoCommands.WithDataSet(3));
        Assert.True(request.HasDataSet);
        var response = DimseCommand.Decode(DimseCommand.Response(request, DimseCommandField.CStoreRsp, DicomStatus.OutOfResources).Encode());
        Assert.Equal(3, response.MessageIdBeingRespondedTo);
        Assert.Equal(request.AffectedSopClassUid, response.AffectedSopClassUid);
        Assert.Equal(0xA700, response.Status.Code);
    }

    [Fact]
    public void Garbage_is_a_protocol_error()
    {
        Assert.Throws<PeerProtocolException>(() => DimseCommand.Decode(new byte[] { 0x08, 0x00, 0x16, 0x00, 0x02, 0x00, 0x00, 0x00, 0x31, 0x00 }));
        Assert.Throws<PeerProtocolException>(() => DimseCommand.Decode(new byte[] { 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0x7F }));
    }

    [Theory]
    [InlineData(0x0000, DicomStatusCategory.Success)]
    [InlineData(0xFF00, DicomStatusCategory.Pending)]
    [InlineData(0xFF01, DicomStatusCategory.Pending)]
    [InlineData(0xFE00, DicomStatusCategory.Cancel)]
    [InlineData(0xB000, DicomStatusCategory.Warning)]
    [InlineData(0x0107, DicomStatusCategory.Warning)]
    [InlineData(0xA700, DicomStatusCategory.Failure)]
    [InlineData(0xC123, DicomStatusCategory.Failure)]
    [InlineData(0x0122, DicomStatusCategory.Failure)]
    public void Status_categories_follow_PS3_7_annex_C(int code, DicomStatusCategory category)
    {
        var status = new DicomStatus((ushort)code);
        Assert.Equal(category, status.Category);
        if (category is DicomStatusCategory.Failure or DicomStatusCategory.Cancel)
        {
            Assert.Throws<DicomStatusException>(() => status.EnsureSuccess());
        }
    }
}
