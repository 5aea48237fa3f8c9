namespace DicomCipherGateway.Dicom.CharacterSets;

/// <summary>A Specific Character Set the library cannot decode or encode.</summary>
public sealed class DicomCharacterSetException(string message) : DicomException(message);
