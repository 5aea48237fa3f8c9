using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// The presentation contexts a storage SCU proposes so that every object goes in its own
/// transfer syntax whenever the peer accepts that syntax. Each (SOP class, syntax of an object)
/// gets a context of its own holding that syntax alone: offered together with others in one
/// context, the acceptor may pick its favourite and the object would be converted for nothing.
/// Where an object's syntax is native (or deflated), one more context per class offers Explicit
/// and Implicit VR Little Endian as the fallback the sender can convert to without a codec;
/// encapsulated objects have no fallback (that would need a pixel codec).
/// <see cref="DicomClientAssociation.StoreAsync(string, CancellationToken)"/> then picks the
/// context of the object's own syntax first (the Part 10 bytes are copied unchanged).
/// </summary>
public static class StoreContextPlanner
{
    private static readonly DicomTransferSyntax[] Fallback = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    /// <param name="objects">The SOP class and transfer syntax of every object to send (repeats are fine).</param>
    /// <returns>The proposals, grouped by SOP class in first-seen order.</returns>
    public static IReadOnlyList<PresentationContextProposal> Plan(IEnumerable<(DicomUid SopClass, DicomTransferSyntax Syntax)> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var proposals = new List<PresentationContextProposal>();
        foreach (var group in objects.GroupBy(o => o.SopClass.Value, StringComparer.Ordinal))
        {
            var sopClass = new DicomUid(group.Key);
            var own = group.Select(o => o.Syntax).DistinctBy(s => s.Uid).ToList();
            proposals.AddRange(own.Select(s => new PresentationContextProposal(sopClass, [s])));
            if (own.Any(s => s.IsNative))
            {
                var fallback = Fallback.Where(f => own.All(s => s.Uid != f.Uid)).ToArray();
                if (fallback.Length > 0)
                {
                    proposals.Add(new PresentationContextProposal(sopClass, fallback));
                }
            }
        }

        return proposals;
    }
}
