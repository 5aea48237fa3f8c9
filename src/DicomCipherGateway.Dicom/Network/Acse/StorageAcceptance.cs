using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// What one storage SCP (one AE) takes: every storage SOP class of the standard
/// (<see cref="DicomStorageClasses.All"/>, retired ones included) in <see cref="TransferSyntaxes"/>,
/// and with <see cref="AcceptUnknownSopClasses"/> also SOP classes the dictionary does not know
/// (private or newer than our table; like DCMTK's <c>storescp --promiscuous</c>). Applied to a
/// policy with <see cref="AssociationPolicy.AcceptStorage"/>.
/// </summary>
public sealed record StorageAcceptance
{
    /// <summary>
    /// The storage defaults, most preferred first: the native syntaxes (a requestor proposing its
    /// object's own syntax gets it, so nothing is transcoded), then the common compressed ones,
    /// which are taken as received.
    /// </summary>
    public static IReadOnlyList<DicomTransferSyntax> DefaultTransferSyntaxes { get; } =
    [
        DicomTransferSyntax.ExplicitVRLittleEndian,
        DicomTransferSyntax.ImplicitVRLittleEndian,
        DicomTransferSyntax.ExplicitVRBigEndian,
        DicomTransferSyntax.DeflatedExplicitVRLittleEndian,
        DicomTransferSyntax.RLELossless,
        DicomTransferSyntax.JPEGBaseline8Bit,
        DicomTransferSyntax.JPEGExtended12Bit,
        DicomTransferSyntax.JPEGLossless,
        DicomTransferSyntax.JPEGLosslessSV1,
        DicomTransferSyntax.JPEGLSLossless,
        DicomTransferSyntax.JPEGLSNearLossless,
        DicomTransferSyntax.JPEG2000Lossless,
        DicomTransferSyntax.JPEG2000,
    ];

    /// <summary>Every storage class in <see cref="DefaultTransferSyntaxes"/>; unknown classes refused.</summary>
    public static StorageAcceptance Standard { get; } = new();

    /// <summary>The transfer syntaxes taken, most preferred first (the first one the requestor also proposed wins).</summary>
    public IReadOnlyList<DicomTransferSyntax> TransferSyntaxes { get; init; } = DefaultTransferSyntaxes;

    /// <summary>
    /// True (the default): of the syntaxes we take, the one the requestor proposed first wins. A
    /// storage SCU lists its object's own syntax first, so it sends the object as it is instead
    /// of converting it to our favourite. False: the first of <see cref="TransferSyntaxes"/> wins.
    /// </summary>
    public bool PreferRequestorTransferSyntax { get; init; } = true;

    /// <summary>
    /// Also accept an abstract syntax the dictionary does not know at all (a syntactically valid
    /// UID that is no registered UID of the standard), with the same transfer syntaxes. Known
    /// non-storage classes (query models, print, ...) stay refused unless configured separately.
    /// </summary>
    public bool AcceptUnknownSopClasses { get; init; }
}
