namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>How <see cref="CGetRetriever"/> found out which storage SOP classes a C-GET will bring.</summary>
public enum SopClassSource
{
    /// <summary>C-FIND down to IMAGE level, returning SOP Class UID (0008,0016) for every match.</summary>
    ImageLevelQuery,

    /// <summary>C-FIND at STUDY level returning SOP Classes in Study (0008,0062).</summary>
    SopClassesInStudy,

    /// <summary>Nothing could be asked: every storage class of the standard, spread over as many associations as it takes.</summary>
    StorageCatalogue,
}

/// <summary>
/// The storage SOP classes to propose for a C-GET and where they came from.
/// <paramref name="InstanceCount"/> is the number of matching instances when an IMAGE-level
/// query counted them, otherwise null.
/// </summary>
public sealed record SopClassDiscovery(SopClassSource Source, IReadOnlyList<string> SopClasses, int? InstanceCount);
