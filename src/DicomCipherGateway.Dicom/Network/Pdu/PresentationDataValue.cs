using System.Buffers;

namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>One presentation data value item: a fragment of a command or data set (PS3.8 §9.3.5.1, Annex E).</summary>
public readonly record struct PresentationDataValue(byte PresentationContextId, byte MessageControlHeader, ReadOnlySequence<byte> Data)
{
    public const byte CommandFlag = 0x01;
    public const byte LastFragmentFlag = 0x02;

    /// <summary>Bit 0: the fragment holds command information (otherwise data set information).</summary>
    public bool IsCommand => (MessageControlHeader & CommandFlag) != 0;

    /// <summary>Bit 1: the fragment is the last of its command or data set.</summary>
    public bool IsLastFragment => (MessageControlHeader & LastFragmentFlag) != 0;

    public static byte Header(bool command, bool last) => (byte)((command ? CommandFlag : 0) | (last ? LastFragmentFlag : 0));
}
