using System.Net;
using System.Runtime.CompilerServices;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Tests.Network.Interop;

/// <summary>
/// A small query/retrieve SCP over a list of files: single-value and universal matching on the
/// keys in the identifier, one response per distinct entity at the requested level; C-MOVE sends
/// to known AE titles with our client; C-GET hands the files to the library.
/// </summary>
internal sealed class DirectoryQueryRetrieveHandlers(IReadOnlyList<string> paths, IReadOnlyDictionary<string, EndPoint> destinations) : ICFindHandler, ICMoveHandler, ICGetHandler
{
    private static DicomTag? UniqueKey(string? level) => level switch
    {
        "PATIENT" => DicomTags.PatientID,
        "STUDY" => DicomTags.StudyInstanceUID,
        "SERIES" => DicomTags.SeriesInstanceUID,
        "IMAGE" => DicomTags.SOPInstanceUID,
        _ => null,
    };

    private static string Value(DicomDataset dataset, DicomTag tag) => dataset.GetString(tag)?.TrimEnd('\0', ' ') ?? string.Empty;

    private IEnumerable<(string Path, DicomFile File)> Matching(DicomDataset identifier)
    {
        foreach (var path in paths)
        {
            var file = DicomFile.Open(path);
            var matches = true;
            foreach (var key in identifier)
            {
                if (key is not DicomElement element || key.Tag == DicomTags.QueryRetrieveLevel || key.Tag == DicomTags.SpecificCharacterSet)
                {
                    continue;
                }

                var wanted = Value(identifier, key.Tag);
                if (wanted.Length > 0 && wanted != "*" && !wanted.Split('\\').Contains(Value(file.Dataset, key.Tag)))
                {
                    matches = false;
                    break;
                }
            }

            if (matches)
            {
                yield return (path, file);
            }
        }
    }

    public async IAsyncEnumerable<DicomDataset> FindAsync(CFindRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var unique = UniqueKey(request.Level) ?? throw new DicomStatusException(DicomStatus.IdentifierDoesNotMatchSopClass);
        var seen = new HashSet<string>();
        foreach (var (_, file) in Matching(request.Identifier))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!seen.Add(Value(file.Dataset, unique)))
            {
                continue;
            }

            var match = new DicomDataset();
            foreach (var key in request.Identifier)
            {
                if (file.Dataset[key.Tag] is DicomElement value)
                {
                    match.Set(value);
                }
                else
                {
                    match.Set(key);
                }
            }

            match.SetString(DicomTags.QueryRetrieveLevel, DicomVR.CS, request.Level!);
            await Task.Yield();
            yield return match;
        }
    }

    public async IAsyncEnumerable<SubOperationResult> MoveAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.MoveDestination is not { } destination || !destinations.TryGetValue(destination, out var endPoint))
        {
            throw new DicomStatusException(DicomStatus.MoveDestinationUnknown);
        }

        var matches = Matching(request.Identifier).ToList();
        var ip = (IPEndPoint)endPoint;
        var client = new DicomClient(new DicomClientOptions { Host = ip.Address.ToString(), Port = ip.Port });
        var association = await client.AssociateAsync(
            new AssociationRequest
            {
                CalledAeTitle = destination,
                CallingAeTitle = context.CalledAeTitle,
                PresentationContexts = [new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian])],
            },
            cancellationToken);
        await using (association)
        {
            for (var i = 0; i < matches.Count; i++)
            {
                var (path, file) = matches[i];
                var status = await association.StoreAsync(path, cancellationToken);
                yield return new SubOperationResult(Value(file.Dataset, DicomTags.SOPInstanceUID), status, matches.Count - i - 1);
            }

            await association.ReleaseAsync(cancellationToken);
        }
    }

    public async IAsyncEnumerable<RetrieveItem> GetAsync(CRetrieveRequest request, DicomRequestContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var matches = Matching(request.Identifier).ToList();
        for (var i = 0; i < matches.Count; i++)
        {
            await Task.Yield();
            yield return new RetrieveItem(matches[i].File, matches.Count - i - 1, matches[i].Path);
        }
    }
}
