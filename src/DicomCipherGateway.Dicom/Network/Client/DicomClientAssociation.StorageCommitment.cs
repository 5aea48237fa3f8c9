using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Dimse;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>Storage Commitment Push Model as SCU (N-ACTION), and the report when we are the SCP opening the association.</summary>
public sealed partial class DicomClientAssociation
{
    /// <summary>
    /// Asks the peer to commit storage of <paramref name="references"/> (N-ACTION, action type 1).
    /// The result comes later as an N-EVENT-REPORT: on this association (see
    /// <see cref="WaitForStorageCommitmentAsync"/>) or on a new one to the application's server
    /// (<see cref="DicomServiceHandlers.StorageCommitmentReport"/>).
    /// </summary>
    public async Task<StorageCommitmentTicket> RequestStorageCommitmentAsync(IReadOnlyList<SopReference> references, CancellationToken cancellationToken, string? transactionUid = null)
    {
        ArgumentNullException.ThrowIfNull(references);
        if (references.Count == 0)
        {
            throw new ArgumentException("Name at least one instance.", nameof(references));
        }

        using var _ = StartUserAction();
        var context = Context.FindAccepted(DicomUids.StorageCommitmentPushModelSOPClass)
            ?? throw new DicomNetworkException("The peer did not accept Storage Commitment Push Model on this association.");
        var transaction = transactionUid ?? DicomUid.Generate().Value;
        var request = DimseCommand.Create(DimseCommandField.NActionRq, hasDataSet: true);
        request.Elements.SetValues(DicomTags.MessageID, DicomVR.US, NextMessageId());
        request.Elements.SetString(DicomTags.RequestedSOPClassUID, DicomVR.UI, DicomUids.StorageCommitmentPushModelSOPClass.Value);
        request.Elements.SetString(DicomTags.RequestedSOPInstanceUID, DicomVR.UI, StorageCommitmentCodec.WellKnownInstanceUid);
        request.Elements.SetValues(DicomTags.ActionTypeID, DicomVR.US, (ushort)1);
        var dataset = StorageCommitmentCodec.EncodeRequest(new StorageCommitmentRequest(transaction, references));
        var syntax = context.TransferSyntax;
        await _engine.SendMessageAsync(context.Id, request.Encode(), (output, ct) => DicomDatasetWriter.WriteAsync(output, dataset, syntax, null, ct), cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(request, DimseCommandField.NActionRsp, cancellationToken).ConfigureAwait(false);
        return new StorageCommitmentTicket(response.Status, transaction);
    }

    /// <summary>Waits for the storage commitment report of <paramref name="transactionUid"/> on this association.</summary>
    /// <exception cref="DicomNetworkException">The association ended first.</exception>
    public Task<StorageCommitmentResult> WaitForStorageCommitmentAsync(string transactionUid, CancellationToken cancellationToken) =>
        _reports.WaitAsync(transactionUid).WaitAsync(cancellationToken);

    /// <summary>Sends a storage commitment report as the SCP that opened this association (PS3.4 J.3.3).</summary>
    internal async Task<DicomStatus> SendStorageCommitmentReportAsync(StorageCommitmentResult result, CancellationToken cancellationToken)
    {
        using var _ = StartUserAction();
        var context = Context.FindAccepted(DicomUids.StorageCommitmentPushModelSOPClass)
            ?? throw new DicomNetworkException("The peer did not accept Storage Commitment Push Model for the report.");
        var request = DimseDispatcher.ReportCommand(result, NextMessageId());
        var dataset = StorageCommitmentCodec.EncodeResult(result);
        var syntax = context.TransferSyntax;
        await _engine.SendMessageAsync(context.Id, request.Encode(), (output, ct) => DicomDatasetWriter.WriteAsync(output, dataset, syntax, null, ct), cancellationToken).ConfigureAwait(false);
        var response = await ReceiveResponseAsync(request, DimseCommandField.NEventReportRsp, cancellationToken).ConfigureAwait(false);
        return response.Status;
    }
}
