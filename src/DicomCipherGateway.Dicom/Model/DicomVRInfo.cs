namespace DicomCipherGateway.Dicom.Model;

/// <summary>
/// What PS3.5 §6.2 and §7.1.2 say about one VR: how its length is encoded in explicit VR, how
/// values are padded, how long they may be and how to swap them between byte orders.
/// </summary>
/// <param name="IsKnown">One of the 34 VRs.</param>
/// <param name="HasLongExplicitLength">Explicit VR uses 2 reserved bytes and a 32-bit length (OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV).</param>
/// <param name="IsString">Character data (padding and backslash rules apply).</param>
/// <param name="IsMultiValuedString">String whose values are separated by a backslash (all but LT, ST, UT, UR).</param>
/// <param name="PaddingByte">Byte that pads an odd-length value: space for text, NUL for UI and binary.</param>
/// <param name="MaxLength">Maximum length of one value in bytes or characters; 0 when only the 32-bit length limits it.</param>
/// <param name="UnitSize">Size of one binary value for byte swapping (1 when nothing is swapped).</param>
/// <param name="UsesSpecificCharacterSet">Text that is decoded with Specific Character Set (SH, LO, ST, LT, PN, UC, UT); others are ASCII.</param>
public readonly record struct DicomVRInfo(
    bool IsKnown,
    bool HasLongExplicitLength,
    bool IsString,
    bool IsMultiValuedString,
    byte PaddingByte,
    int MaxLength,
    int UnitSize,
    bool UsesSpecificCharacterSet)
{
    public static DicomVRInfo Of(DicomVR vr) => vr.Code switch
    {
        0x4145 => Text(16, ascii: true),          // AE
        0x4153 => Text(4, ascii: true),           // AS
        0x4154 => Binary(4, 2),                   // AT: two 16-bit halves, each swapped
        0x4353 => Text(16, ascii: true),          // CS
        0x4441 => Text(8, ascii: true),           // DA
        0x4453 => Text(16, ascii: true),          // DS
        0x4454 => Text(26, ascii: true),          // DT
        0x4644 => Binary(8, 8),                   // FD
        0x464C => Binary(4, 4),                   // FL
        0x4953 => Text(12, ascii: true),          // IS
        0x4C4F => Text(64),                       // LO
        0x4C54 => Text(10240, multi: false),      // LT
        0x4F42 => Long(1),                        // OB
        0x4F44 => Long(8),                        // OD
        0x4F46 => Long(4),                        // OF
        0x4F4C => Long(4),                        // OL
        0x4F56 => Long(8),                        // OV
        0x4F57 => Long(2),                        // OW
        0x504E => Text(64 * 5),                   // PN: 64 chars per component group
        0x5348 => Text(16),                       // SH
        0x534C => Binary(4, 4),                   // SL
        0x5351 => Long(1),                        // SQ
        0x5353 => Binary(2, 2),                   // SS
        0x5354 => Text(1024, multi: false),       // ST
        0x5356 => Long(8),                        // SV
        0x544D => Text(14, ascii: true),          // TM
        0x5543 => Text(0, longLength: true),      // UC
        0x5549 => new(true, false, true, true, 0x00, 64, 1, false), // UI: NUL padded
        0x554C => Binary(4, 4),                   // UL
        0x554E => Long(1),                        // UN
        0x5552 => Text(0, ascii: true, multi: false, longLength: true), // UR
        0x5553 => Binary(2, 2),                   // US
        0x5554 => Text(0, multi: false, longLength: true), // UT
        0x5556 => Long(8),                        // UV
        _ => default,
    };

    private static DicomVRInfo Text(int max, bool ascii = false, bool multi = true, bool longLength = false) =>
        new(true, longLength, true, multi, (byte)' ', max, 1, !ascii);

    private static DicomVRInfo Binary(int size, int unit) => new(true, false, false, false, 0, size, unit, false);

    private static DicomVRInfo Long(int unit) => new(true, true, false, false, 0, 0, unit, false);
}
