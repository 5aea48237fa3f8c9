using System.Globalization;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// A DIMSE status code (PS3.7 Annex C). DIMSE failures are results, not exceptions: check
/// <see cref="Category"/> or call <see cref="EnsureSuccess"/>.
/// </summary>
public readonly record struct DicomStatus(ushort Code)
{
    public static DicomStatus Success => new(0x0000);

    public static DicomStatus Pending => new(0xFF00);

    public static DicomStatus PendingWithWarnings => new(0xFF01);

    public static DicomStatus Cancel => new(0xFE00);

    /// <summary>C-STORE warning: coercion of data elements.</summary>
    public static DicomStatus CoercionOfDataElements => new(0xB000);

    /// <summary>C-STORE warning: data set does not match SOP class.</summary>
    public static DicomStatus DataSetDoesNotMatchSopClassWarning => new(0xB007);

    /// <summary>C-STORE warning: elements discarded.</summary>
    public static DicomStatus ElementsDiscarded => new(0xB006);

    /// <summary>C-STORE failure: refused, out of resources.</summary>
    public static DicomStatus OutOfResources => new(0xA700);

    /// <summary>C-STORE failure: data set does not match SOP class.</summary>
    public static DicomStatus DataSetDoesNotMatchSopClass => new(0xA900);

    /// <summary>C-STORE failure: cannot understand.</summary>
    public static DicomStatus CannotUnderstand => new(0xC000);

    /// <summary>C-FIND/C-MOVE/C-GET failure: unable to process (C000).</summary>
    public static DicomStatus UnableToProcess => new(0xC000);

    /// <summary>C-FIND/C-MOVE/C-GET failure: identifier does not match SOP class (A900).</summary>
    public static DicomStatus IdentifierDoesNotMatchSopClass => new(0xA900);

    /// <summary>C-MOVE/C-GET failure: out of resources, unable to calculate the number of matches (A701).</summary>
    public static DicomStatus UnableToCalculateMatches => new(0xA701);

    /// <summary>C-MOVE/C-GET failure: out of resources, unable to perform sub-operations (A702).</summary>
    public static DicomStatus UnableToPerformSubOperations => new(0xA702);

    /// <summary>C-MOVE failure: move destination unknown (A801).</summary>
    public static DicomStatus MoveDestinationUnknown => new(0xA801);

    /// <summary>C-MOVE/C-GET warning: sub-operations complete, one or more failures or warnings (B000).</summary>
    public static DicomStatus SubOperationsCompleteWithFailures => new(0xB000);

    public static DicomStatus ProcessingFailure => new(0x0110);

    public static DicomStatus DuplicateSopInstance => new(0x0111);

    public static DicomStatus NoSuchSopClass => new(0x0118);

    public static DicomStatus SopClassNotSupported => new(0x0122);

    public static DicomStatus NotAuthorized => new(0x0124);

    public static DicomStatus UnrecognizedOperation => new(0x0211);

    public static DicomStatus MistypedArgument => new(0x0212);

    public static DicomStatus ResourceLimitation => new(0x0213);

    /// <summary>PS3.7 C.1–C.5: the class follows from the code's range.</summary>
    public DicomStatusCategory Category => Code switch
    {
        0x0000 => DicomStatusCategory.Success,
        0xFE00 => DicomStatusCategory.Cancel,
        0xFF00 or 0xFF01 => DicomStatusCategory.Pending,
        0x0001 or 0x0107 or 0x0116 => DicomStatusCategory.Warning,
        >= 0xB000 and <= 0xBFFF => DicomStatusCategory.Warning,
        _ => DicomStatusCategory.Failure,
    };

    public bool IsSuccess => Category == DicomStatusCategory.Success;

    /// <summary>Success or warning: the operation was performed.</summary>
    public bool IsCompleted => Category is DicomStatusCategory.Success or DicomStatusCategory.Warning;

    public bool IsPending => Category == DicomStatusCategory.Pending;

    /// <summary>Throws <see cref="DicomStatusException"/> unless the status is success or warning.</summary>
    public DicomStatus EnsureSuccess() => IsCompleted ? this : throw new DicomStatusException(this);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Code:X4} ({Category})");
}
