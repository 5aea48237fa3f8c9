using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Parsing;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE command set (group 0000), always Implicit VR Little Endian on the wire (PS3.7 §6.3.1),
/// with typed access to the fields the services use. Encoding and decoding go through the
/// library's one data set reader and writer.
/// </summary>
public sealed class DimseCommand
{
    private const ushort NoDataSet = 0x0101;
    private const ushort DataSetPresent = 0x0000;

    public DimseCommand(DicomDataset elements) => Elements = elements ?? throw new ArgumentNullException(nameof(elements));

    public DicomDataset Elements { get; }

    public DimseCommandField CommandField => (DimseCommandField)Elements.GetValue<ushort>(DicomTags.CommandField);

    public ushort MessageId => Elements.GetValue<ushort>(DicomTags.MessageID);

    public ushort MessageIdBeingRespondedTo => Elements.GetValue<ushort>(DicomTags.MessageIDBeingRespondedTo);

    public string? AffectedSopClassUid => Elements.GetString(DicomTags.AffectedSOPClassUID)?.TrimEnd('\0', ' ');

    public string? AffectedSopInstanceUid => Elements.GetString(DicomTags.AffectedSOPInstanceUID)?.TrimEnd('\0', ' ');

    public bool HasDataSet => Elements.TryGetValue<ushort>(DicomTags.CommandDataSetType, out var type) && type != NoDataSet;

    public DicomStatus Status => new(Elements.GetValue<ushort>(DicomTags.Status));

    public DimsePriority Priority => Elements.TryGetValue<ushort>(DicomTags.Priority, out var p) ? (DimsePriority)p : DimsePriority.Medium;

    public string? MoveOriginatorAeTitle => Elements.GetString(DicomTags.MoveOriginatorApplicationEntityTitle)?.Trim();

    public ushort? MoveOriginatorMessageId => Elements.TryGetValue<ushort>(DicomTags.MoveOriginatorMessageID, out var id) ? id : null;

    /// <summary>The command's fields other than the group length, for building a response.</summary>
    public static DimseCommand Create(DimseCommandField field, bool hasDataSet)
    {
        var elements = new DicomDataset();
        elements.SetValues(DicomTags.CommandField, DicomVR.US, (ushort)field);
        elements.SetValues(DicomTags.CommandDataSetType, DicomVR.US, hasDataSet ? DataSetPresent : NoDataSet);
        return new DimseCommand(elements);
    }

    public static DimseCommand Request(DimseCommandField field, ushort messageId, string affectedSopClassUid, bool hasDataSet)
    {
        var command = Create(field, hasDataSet);
        command.Elements.SetValues(DicomTags.MessageID, DicomVR.US, messageId);
        command.Elements.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, affectedSopClassUid);
        return command;
    }

    public static DimseCommand Response(DimseCommand request, DimseCommandField field, DicomStatus status, bool hasDataSet = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        var command = Create(field, hasDataSet);
        command.Elements.SetValues(DicomTags.MessageIDBeingRespondedTo, DicomVR.US, request.MessageId);
        if (request.AffectedSopClassUid is { } sopClass)
        {
            command.Elements.SetString(DicomTags.AffectedSOPClassUID, DicomVR.UI, sopClass);
        }

        if (request.AffectedSopInstanceUid is { } instance)
        {
            command.Elements.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, instance);
        }

        command.Elements.SetValues(DicomTags.Status, DicomVR.US, status.Code);
        return command;
    }

    /// <summary>Encodes with (0000,0000) Command Group Length computed, as PS3.7 §E.1 requires.</summary>
    public byte[] Encode()
    {
        Elements.Remove(DicomTags.CommandGroupLength);
        var length = DicomDatasetWriter.ComputeLength(Elements, DicomTransferSyntax.ImplicitVRLittleEndian);
        Elements.SetValues(DicomTags.CommandGroupLength, DicomVR.UL, checked((uint)length));
        return DicomDatasetWriter.ToArray(Elements, DicomTransferSyntax.ImplicitVRLittleEndian);
    }

    /// <exception cref="PeerProtocolException">The bytes are not a command set.</exception>
    public static DimseCommand Decode(ReadOnlyMemory<byte> bytes)
    {
        DicomDataset elements;
        try
        {
            elements = DicomDatasetReader.Read(bytes, DicomTransferSyntax.ImplicitVRLittleEndian);
        }
        catch (DicomFormatException e)
        {
            throw new PeerProtocolException($"Malformed command set: {e.Message}") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        if (!elements.Contains(DicomTags.CommandField) || elements.Any(item => item.Tag.Group != 0))
        {
            throw new PeerProtocolException("A command set without Command Field (0000,0100) or with elements outside group 0000") { AbortReason = AbortReason.InvalidPduParameterValue };
        }

        return new DimseCommand(elements);
    }

    public override string ToString() => $"{CommandField} (message {(Elements.Contains(DicomTags.MessageID) ? MessageId : MessageIdBeingRespondedTo)})";
}
