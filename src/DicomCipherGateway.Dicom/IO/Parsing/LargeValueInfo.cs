using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.IO.Parsing;

/// <summary>What the large-value policy is told about a value before it is read.</summary>
/// <param name="Tag">The element's tag (for fragments: the pixel data tag).</param>
/// <param name="VR">The element's VR.</param>
/// <param name="Length">Value length in bytes.</param>
/// <param name="Depth">Nesting depth (0 = top level).</param>
/// <param name="CanDefer">True when the source is a file that can be reread.</param>
public readonly record struct LargeValueInfo(DicomTag Tag, DicomVR VR, long Length, int Depth, bool CanDefer);
