using DicomCipherGateway.Dicom.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>
/// Reader settings, given per read (no global state). Each leniency names one real-world fault; when
/// it is used the reader logs a warning with the offset, so tolerated damage is never silent.
/// </summary>
public sealed record DicomReadOptions
{
    public static DicomReadOptions Default { get; } = new();

    /// <summary>Deepest nesting of sequences accepted (1 = top-level sequences only); deeper input is a <see cref="DicomFormatException"/>.</summary>
    public int MaxDepth { get; init; } = 1024;

    /// <summary>Values at least this long are left in the file (when reading a file) and read on demand.</summary>
    public long DeferValuesLargerThan { get; init; } = 256 * 1024;

    /// <summary>
    /// Decides, for each value of at least <see cref="DeferValuesLargerThan"/> bytes, whether to buffer,
    /// defer or skip it. Null: defer when reading a file, else buffer.
    /// </summary>
    public Func<LargeValueInfo, LargeValueAction>? LargeValuePolicy { get; init; }

    /// <summary>Stop reading before the first top-level element with this tag or a higher one (e.g. Pixel Data for a header-only read).</summary>
    public DicomTag? StopBefore { get; init; }

    /// <summary>Largest dataset a deflated transfer syntax may inflate to (guards against deflate bombs).</summary>
    public long MaxInflatedLength { get; init; } = 4L << 30;

    /// <summary>Accept values with odd lengths (PS3.5 §7.1.1 requires even); the bytes are kept as they are.</summary>
    public bool AcceptOddLengths { get; init; } = true;

    /// <summary>
    /// In an explicit VR stream, accept an element whose VR bytes are not a VR by reading that element
    /// as implicit VR (files whose meta header announces the wrong transfer syntax).
    /// </summary>
    public bool AcceptImplicitVRInExplicitStream { get; init; } = true;

    /// <summary>
    /// Close undefined-length sequences and items left open at the end of the stream (writers that
    /// stop before the final delimiters). Encapsulated pixel data is never closed this way.
    /// </summary>
    public bool AcceptMissingDelimitersAtEnd { get; init; }

    /// <summary>Ignore trailing padding or garbage after the last complete top-level element instead of failing.</summary>
    public bool IgnoreTrailingGarbage { get; init; }

    /// <summary>Logger for leniency warnings (never values: they may hold patient data).</summary>
    public ILogger Logger { get; init; } = NullLogger.Instance;
}
