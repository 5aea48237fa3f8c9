using DicomCipherGateway.Dicom.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomCipherGateway.Dicom.IO.Writing;

/// <summary>Writer settings, given per write.</summary>
public sealed record DicomWriteOptions
{
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>How sequence and item lengths are written: as each was read (new ones undefined), all defined, or all undefined.</summary>
    public SequenceLengthMode SequenceLengths { get; init; } = SequenceLengthMode.AsRead;

    /// <summary>Drop group length elements (gggg,0000) other than the File Meta Information's (they are retired and go stale on transcoding).</summary>
    public bool RemoveGroupLengths { get; init; }

    /// <summary>Validate before writing: Report logs each issue (tag and problem, never values), Strict refuses to write.</summary>
    public ValidationMode Validation { get; init; } = ValidationMode.Off;

    /// <summary>Logger for validation reports.</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
