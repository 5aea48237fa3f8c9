using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Part10;

namespace DicomCipherGateway.Dicom.Network.Dimse;

/// <summary>
/// Builds a C-STORE-RQ for a file on a negotiated association: picks the context, the command
/// and the data set writer. Shared by the SCU's C-STORE and the SCP's C-GET sub-operations.
/// </summary>
internal sealed record StoreMessage(byte PresentationContextId, DimseCommand Command, Func<Stream, CancellationToken, ValueTask> WriteDataSet, string SopInstanceUid)
{
    /// <param name="asScp">The acceptor sends this (C-GET): only contexts where the requestor took the SCP role qualify.</param>
    /// <exception cref="DicomNetworkException">No accepted context can carry the file.</exception>
    public static StoreMessage Create(AssociationContext association, DicomFile file, string? path, ushort messageId, bool asScp, string? moveOriginatorAe = null, ushort? moveOriginatorMessageId = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var sopClass = file.Dataset.GetString(DicomTags.SOPClassUID)?.TrimEnd('\0', ' ') ?? file.FileMetaInformation.MediaStorageSOPClassUid
            ?? throw new ArgumentException("The file has no SOP Class UID.", nameof(file));
        var sopInstance = file.Dataset.GetString(DicomTags.SOPInstanceUID)?.TrimEnd('\0', ' ') ?? file.FileMetaInformation.MediaStorageSOPInstanceUid
            ?? throw new ArgumentException("The file has no SOP Instance UID.", nameof(file));
        var source = file.TransferSyntax;
        var context = FindContext(association, sopClass, source, asScp)
            ?? throw new DicomNetworkException($"No presentation context accepted for SOP class {sopClass} in {source.Name} or a native syntax it converts to{(asScp ? " with the requestor as SCP" : string.Empty)}.");
        var command = DimseCommand.Request(DimseCommandField.CStoreRq, messageId, sopClass, hasDataSet: true);
        command.Elements.SetString(DicomTags.AffectedSOPInstanceUID, DicomVR.UI, sopInstance);
        command.Elements.SetValues(DicomTags.Priority, DicomVR.US, (ushort)DimsePriority.Medium);
        if (moveOriginatorAe is not null)
        {
            command.Elements.SetString(DicomTags.MoveOriginatorApplicationEntityTitle, DicomVR.AE, moveOriginatorAe);
            command.Elements.SetValues(DicomTags.MoveOriginatorMessageID, DicomVR.US, moveOriginatorMessageId ?? 0);
        }

        var syntax = context.TransferSyntax;
        Func<Stream, CancellationToken, ValueTask> write = path is not null && file.DatasetOffset >= 0 && syntax.Uid == source.Uid
            ? (output, ct) => CopyEncodedAsync(path, file.DatasetOffset, syntax.IsDeflated, output, ct)
            : (output, ct) => DicomDatasetWriter.WriteAsync(output, file.Dataset, syntax, null, ct);
        return new StoreMessage(context.Id, command, write, sopInstance);
    }

    private static NegotiatedPresentationContext? FindContext(AssociationContext association, string sopClass, DicomTransferSyntax source, bool asScp)
    {
        NegotiatedPresentationContext? convertible = null;
        foreach (var context in association.PresentationContexts)
        {
            if (!context.IsAccepted || context.AbstractSyntax.Value != sopClass || (asScp && !context.RequestorIsScp))
            {
                continue;
            }

            if (context.TransferSyntax.Uid == source.Uid)
            {
                return context;
            }

            if (context.TransferSyntax.IsNative && source.IsNative)
            {
                convertible ??= context;
            }
        }

        return convertible;
    }

    private static async ValueTask CopyEncodedAsync(string path, long offset, bool deflated, Stream output, CancellationToken cancellationToken)
    {
        var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            input.Position = offset;
            await input.CopyToAsync(output, 64 * 1024, cancellationToken).ConfigureAwait(false);

            // A deflated bit stream of odd length is padded with one zero byte on the wire (PS3.5
            // A.5); files often leave it odd, and peers refuse an odd PDV ("Odd Fragment Length").
            if (deflated && (input.Length - offset) % 2 != 0)
            {
                await output.WriteAsync(new byte[1], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
