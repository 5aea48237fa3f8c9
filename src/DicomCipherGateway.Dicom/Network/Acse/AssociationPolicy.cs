using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Network.Acse;

/// <summary>
/// A table-driven policy: which called AE titles we answer to, which calling AE titles may
/// connect, and for each abstract syntax the transfer syntaxes we take, in our order of
/// preference (the first of ours that the requestor also proposed wins).
/// </summary>
public sealed class AssociationPolicy : IAssociationPolicy
{
    private readonly Dictionary<string, Acceptance> _syntaxes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _scpRoleFor = new(StringComparer.Ordinal);
    private Acceptance? _unknownSopClasses;

    /// <summary>Empty: answer to any called AE title.</summary>
    public ISet<string> CalledAeTitles { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Empty: any calling AE title may associate.</summary>
    public ISet<string> CallingAeTitles { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Accepts <paramref name="abstractSyntax"/> with these transfer syntaxes, most preferred first.</summary>
    public AssociationPolicy Accept(DicomUid abstractSyntax, params DicomTransferSyntax[] transferSyntaxes)
    {
        if (transferSyntaxes.Length == 0)
        {
            throw new ArgumentException("Name at least one transfer syntax.", nameof(transferSyntaxes));
        }

        _syntaxes[abstractSyntax.Value] = new Acceptance(transferSyntaxes, RequestorOrder: false);
        return this;
    }

    /// <summary>
    /// Makes this policy a storage SCP: accepts every storage SOP class of the standard
    /// (<see cref="DicomStorageClasses.All"/>, retired ones included) with the acceptance's
    /// transfer syntaxes, and with <see cref="StorageAcceptance.AcceptUnknownSopClasses"/> any
    /// SOP class the dictionary does not know. Classes configured with <see cref="Accept"/>
    /// before or after keep their own syntaxes (the later call wins).
    /// </summary>
    public AssociationPolicy AcceptStorage(StorageAcceptance acceptance)
    {
        ArgumentNullException.ThrowIfNull(acceptance);
        if (acceptance.TransferSyntaxes.Count == 0)
        {
            throw new ArgumentException("Name at least one transfer syntax.", nameof(acceptance));
        }

        var storage = new Acceptance(acceptance.TransferSyntaxes, acceptance.PreferRequestorTransferSyntax);
        foreach (var sopClass in DicomStorageClasses.All)
        {
            _syntaxes[sopClass.Uid] = storage;
        }

        _unknownSopClasses = acceptance.AcceptUnknownSopClasses ? storage : null;
        return this;
    }

    /// <summary>
    /// Lets the requestor act as SCP for this SOP class when it asks to (C-GET: the SCU
    /// receives C-STORE sub-operations on the same association).
    /// </summary>
    public AssociationPolicy AllowRequestorAsScp(DicomUid sopClass)
    {
        _scpRoleFor.Add(sopClass.Value);
        return this;
    }

    public ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (CalledAeTitles.Count > 0 && !CalledAeTitles.Contains(request.CalledAeTitle))
        {
            return ValueTask.FromResult(AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeTitleNotRecognized));
        }

        if (CallingAeTitles.Count > 0 && !CallingAeTitles.Contains(request.CallingAeTitle))
        {
            return ValueTask.FromResult(AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeTitleNotRecognized));
        }

        var results = new List<PresentationContextResultItem>(request.PresentationContexts.Count);
        foreach (var proposed in request.PresentationContexts)
        {
            results.Add(Negotiate(proposed));
        }

        var roles = new List<RoleSelectionItem>();
        foreach (var role in request.UserInformation.RoleSelections)
        {
            // We always let the requestor keep the SCU role it proposed; the SCP role only where configured.
            roles.Add(new RoleSelectionItem(role.SopClassUid, role.ScuRole, role.ScpRole && _scpRoleFor.Contains(role.SopClassUid)));
        }

        return ValueTask.FromResult(AssociationDecision.Accept(results, roles));
    }

    private PresentationContextResultItem Negotiate(PresentationContextRequestItem proposed)
    {
        if (!_syntaxes.TryGetValue(proposed.AbstractSyntax, out var ours))
        {
            if (_unknownSopClasses is null || !IsUnknownSopClass(proposed.AbstractSyntax))
            {
                return new PresentationContextResultItem(proposed.Id, PresentationContextResult.AbstractSyntaxNotSupported, string.Empty);
            }

            ours = _unknownSopClasses;
        }

        if (ours.RequestorOrder)
        {
            foreach (var uid in proposed.TransferSyntaxes)
            {
                if (ours.Syntaxes.Any(s => s.Uid == uid))
                {
                    return new PresentationContextResultItem(proposed.Id, PresentationContextResult.Acceptance, uid);
                }
            }
        }

        foreach (var syntax in ours.Syntaxes)
        {
            if (proposed.TransferSyntaxes.Contains(syntax.Uid, StringComparer.Ordinal))
            {
                return new PresentationContextResultItem(proposed.Id, PresentationContextResult.Acceptance, syntax.Uid);
            }
        }

        return new PresentationContextResultItem(proposed.Id, PresentationContextResult.TransferSyntaxesNotSupported, string.Empty);
    }

    /// <summary>A valid UID that is no registered UID of the standard (a private class, or one newer than our table).</summary>
    private static bool IsUnknownSopClass(string abstractSyntax) =>
        new DicomUid(abstractSyntax).IsValid && DicomDictionary.Default.LookupUid(abstractSyntax) is null;

    /// <param name="RequestorOrder">The requestor's first proposed syntax that we take wins, instead of our first.</param>
    private sealed record Acceptance(IReadOnlyList<DicomTransferSyntax> Syntaxes, bool RequestorOrder);
}
