using DicomCipherGateway.Cipher.Engine;
using DicomCipherGateway.Cipher.Keys;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>What the private block of a ciphertext object says (docs/ciphertext-object.md).</summary>
/// <param name="FormatVersion">Layout version of the block and the envelope payload.</param>
/// <param name="Profile">The cipher profile.</param>
/// <param name="View">What Pixel Data holds.</param>
/// <param name="KeyId">The key that encrypted the object.</param>
/// <param name="OriginalTransferSyntaxUid">The transfer syntax the original object was in.</param>
/// <param name="OriginalPixelModule">The original pixel-module attributes as canonical text.</param>
/// <param name="NormalisationMethod">MINMAX, MINMAX_INVERTED or NONE (noise view); its parameters are sealed.</param>
/// <param name="ViewSha256">SHA-256 of the view's native little-endian pixel bytes.</param>
/// <param name="Envelope">The sealed envelope (EnvelopeSealer layout).</param>
public sealed record CiphertextBlock(
    int FormatVersion,
    CipherProfile Profile,
    CipherView View,
    KeyId KeyId,
    string OriginalTransferSyntaxUid,
    string OriginalPixelModule,
    string NormalisationMethod,
    ReadOnlyMemory<byte> ViewSha256,
    ReadOnlyMemory<byte> Envelope)
{
    /// <summary>The format version this implementation writes and reads (2: header manifest sealed, group 7FE0 sealed whole).</summary>
    public const int CurrentVersion = 2;
}
