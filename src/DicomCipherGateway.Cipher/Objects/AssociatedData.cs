using System.Globalization;
using System.Text;

namespace DicomCipherGateway.Cipher.Objects;

/// <summary>
/// The GCM associated data of a ciphertext object's envelope: UTF-8 text binding the SOP Class and
/// Instance UIDs, the key id, the profile and view, the original pixel module and transfer syntax,
/// and the SHA-256 of the view's pixels, so that none of them can change without the envelope failing.
/// </summary>
internal static class AssociatedData
{
    public static byte[] Build(string sopClass, string sopInstance, CiphertextBlock block) =>
        Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"DCG-CIPHERTEXT-OBJECT\nformat={block.FormatVersion}\nprofile={CiphertextPrivateBlock.ProfileCode(block.Profile)}\nview={(block.View == CipherView.G ? "G" : "NOISE")}\nsop-class={sopClass}\nsop-instance={sopInstance}\nkey={block.KeyId}\ntransfer-syntax={block.OriginalTransferSyntaxUid}\npixel-module={block.OriginalPixelModule}\nnormalisation={block.NormalisationMethod}\nview-sha256={Convert.ToHexStringLower(block.ViewSha256.Span)}\n"));
}
