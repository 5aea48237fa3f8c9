using System.Globalization;
using System.Runtime.CompilerServices;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Dimse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomCipherGateway.Dicom.Network.Client;

/// <summary>
/// C-GET as SCU that proposes exactly the storage SOP classes the matching instances have. A
/// C-GET receives its instances on its own association, so every class must have been proposed
/// with the SCP role; a fixed list loses whatever it misses (an RT Plan, say). First it finds
/// the classes out (<see cref="DiscoverAsync"/>): a C-FIND walk down to IMAGE level returning
/// SOP Class UID; else SOP Classes in Study; else, as a last resort, the whole storage catalogue.
/// Then it retrieves on one association, or, when the classes exceed one association's 128
/// contexts, on several, each proposing its share of the classes, and merges the outcomes.
/// </summary>
/// <remarks>
/// Each association is opened by the caller's <c>associate</c> delegate with the proposals it is
/// given, so AE titles, TLS and user identity stay the caller's. Associations are opened one
/// after the other, each released before the next.
/// </remarks>
public sealed class CGetRetriever
{
    private static readonly (string Level, DicomTag UniqueKey)[] Levels =
    [
        ("PATIENT", DicomTags.PatientID),
        ("STUDY", DicomTags.StudyInstanceUID),
        ("SERIES", DicomTags.SeriesInstanceUID),
        ("IMAGE", DicomTags.SOPInstanceUID),
    ];

    private readonly Func<IReadOnlyList<PresentationContextProposal>, CancellationToken, Task<DicomClientAssociation>> _associate;
    private readonly ILogger _logger;
    private readonly int _classesPerAssociation = 127;

    /// <param name="associate">Opens an association to the peer with the given proposals.</param>
    public CGetRetriever(Func<IReadOnlyList<PresentationContextProposal>, CancellationToken, Task<DicomClientAssociation>> associate, ILogger? logger = null)
    {
        _associate = associate ?? throw new ArgumentNullException(nameof(associate));
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Opens each association with <paramref name="client"/>, from <paramref name="template"/> with the retriever's proposals.</summary>
    public CGetRetriever(DicomClient client, AssociationRequest template, ILogger? logger = null)
        : this((contexts, ct) => client.AssociateAsync(template with { PresentationContexts = contexts }, ct), logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(template);
    }

    /// <summary>The syntaxes proposed for each storage class, most preferred first.</summary>
    public IReadOnlyList<DicomTransferSyntax> StorageTransferSyntaxes { get; init; } = StorageAcceptance.DefaultTransferSyntaxes;

    /// <summary>The syntaxes proposed for the query/retrieve information models.</summary>
    public IReadOnlyList<DicomTransferSyntax> QueryTransferSyntaxes { get; init; } = [DicomTransferSyntax.ExplicitVRLittleEndian, DicomTransferSyntax.ImplicitVRLittleEndian];

    /// <summary>Storage classes per association: 1 to 127 (the C-GET model takes one of the 128 contexts).</summary>
    public int ClassesPerAssociation
    {
        get => _classesPerAssociation;
        init => _classesPerAssociation = value is >= 1 and <= 127 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "An association holds 128 contexts, one of them the C-GET model.");
    }

    /// <summary>
    /// Finds out which storage classes the instances matching <paramref name="identifier"/> have:
    /// (1) C-FIND from the identifier's level down to IMAGE, one level at a time with the unique
    /// keys of the levels above (what a hierarchical SCP requires), returning SOP Class UID;
    /// (2) when that is refused, fails, finds nothing or lacks SOP Class UID: C-FIND at STUDY
    /// level returning SOP Classes in Study; (3) otherwise every storage class of the standard.
    /// The queries run on one association that proposes only the C-FIND model.
    /// </summary>
    public async Task<SopClassDiscovery> DiscoverAsync(DicomUid getModel, DicomDataset identifier, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var (discovery, instances) = await QueryAsync(getModel, identifier, cancellationToken).ConfigureAwait(false);
        discovery ??= new SopClassDiscovery(SopClassSource.StorageCatalogue, [.. Catalogue()], instances);
        RetrieveLog.Discovered(_logger, discovery.SopClasses.Count, discovery.Source, discovery.InstanceCount);
        return discovery;
    }

    /// <summary>
    /// C-GET of what matches <paramref name="identifier"/> into <paramref name="storeHandler"/>:
    /// <see cref="DiscoverAsync"/>, then the retrieval. Yields the peer's responses; the last one
    /// is final. With one association it is the peer's own final response; with several, the
    /// merged outcome (see <see cref="GetAsync(DicomUid, DicomDataset, ICStoreHandler, SopClassDiscovery, CancellationToken)"/>).
    /// </summary>
    public async IAsyncEnumerable<CRetrieveResponse> GetAsync(DicomUid getModel, DicomDataset identifier, ICStoreHandler storeHandler, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var discovery = await DiscoverAsync(getModel, identifier, cancellationToken).ConfigureAwait(false);
        await foreach (var response in GetAsync(getModel, identifier, storeHandler, discovery, cancellationToken).ConfigureAwait(false))
        {
            yield return response;
        }
    }

    /// <summary>
    /// C-GET proposing the classes of <paramref name="discovery"/> with the SCP role. When they do
    /// not fit one association, the same C-GET runs on one association per share of the classes:
    /// each instance then arrives on the association that proposed its class, and fails (as a
    /// sub-operation the peer could not start) on the others. Once an association leaves no
    /// failed instance undelivered, the rest are not opened. The final response yielded then
    /// counts what was received once: completed and warning summed, failed = the failed SOP
    /// instances no association delivered (from the peers' Failed SOP Instance UID Lists; without
    /// them, the known instance count minus those delivered, else the smallest failed count). Its
    /// status is Success, B000 when some failed, A702 when none arrived but some failed, or the
    /// first association's other failure or cancel, which stops the rest.
    /// </summary>
    public async IAsyncEnumerable<CRetrieveResponse> GetAsync(DicomUid getModel, DicomDataset identifier, ICStoreHandler storeHandler, SopClassDiscovery discovery, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        ArgumentNullException.ThrowIfNull(storeHandler);
        ArgumentNullException.ThrowIfNull(discovery);
        var batches = discovery.SopClasses.Distinct(StringComparer.Ordinal).Chunk(_classesPerAssociation).ToList();
        if (batches.Count <= 1)
        {
            RetrieveLog.Batch(_logger, 1, 1, batches.Count == 0 ? 0 : batches[0].Length);
            await foreach (var response in GetOnOneAssociationAsync(getModel, identifier, storeHandler, batches.Count == 0 ? [] : batches[0], cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }

            yield break;
        }

        var tracker = new DeliveredInstances(storeHandler);
        int completed = 0, warning = 0;
        var failedUids = new HashSet<string>(StringComparer.Ordinal);
        var failedCounts = new List<int>();
        var listsGiven = false;
        CRetrieveResponse? stop = null;
        for (var i = 0; i < batches.Count && stop is null; i++)
        {
            RetrieveLog.Batch(_logger, i + 1, batches.Count, batches[i].Length);
            CRetrieveResponse? final = null;
            await foreach (var response in GetOnOneAssociationAsync(getModel, identifier, tracker, batches[i], cancellationToken).ConfigureAwait(false))
            {
                if (response.IsFinal)
                {
                    final = response;
                }
                else
                {
                    yield return response;
                }
            }

            if (final is null)
            {
                throw new PeerProtocolException("The C-GET ended without a final response.");
            }

            completed += final.Completed;
            warning += final.Warning;
            failedCounts.Add(final.Failed);
            listsGiven |= final.FailedSopInstanceUids.Count > 0 || final.Failed == 0;
            failedUids.UnionWith(final.FailedSopInstanceUids);
            if (final.Status.Code is not (0x0000 or 0xB000 or 0xA702))
            {
                stop = final;
                break;
            }

            // Each association's C-GET covers every match. When none of its failures is still
            // undelivered, nothing is missing and the remaining associations would bring nothing
            // (with the catalogue, the current classes usually all fit the first one).
            var undelivered = final.FailedSopInstanceUids.Count > 0 ? final.FailedSopInstanceUids.Count(u => !tracker.Contains(u)) : final.Failed;
            if (undelivered == 0)
            {
                break;
            }
        }

        IReadOnlyList<string> stillFailed = [.. failedUids.Where(u => !tracker.Contains(u)).Order(StringComparer.Ordinal)];
        var failed = listsGiven ? stillFailed.Count
            : discovery.InstanceCount is { } n ? Math.Max(0, n - tracker.Count)
            : failedCounts.Min();
        var status = stop?.Status
            ?? (failed == 0 ? DicomStatus.Success : completed + warning > 0 ? DicomStatus.SubOperationsCompleteWithFailures : DicomStatus.UnableToPerformSubOperations);
        yield return new CRetrieveResponse(status, stop?.Remaining, completed, failed, warning, stillFailed);
    }

    private async IAsyncEnumerable<CRetrieveResponse> GetOnOneAssociationAsync(DicomUid getModel, DicomDataset identifier, ICStoreHandler storeHandler, IReadOnlyList<string> sopClasses, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<PresentationContextProposal> contexts = [new PresentationContextProposal(getModel, QueryTransferSyntaxes)];
        contexts.AddRange(sopClasses.Select(c => new PresentationContextProposal(new DicomUid(c), StorageTransferSyntaxes) { ScuRole = true, ScpRole = true }));
        var association = await _associate(contexts, cancellationToken).ConfigureAwait(false);
        await using (association.ConfigureAwait(false))
        {
            await foreach (var response in association.GetAsync(getModel, identifier, storeHandler, cancellationToken).ConfigureAwait(false))
            {
                yield return response;
            }

            await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false); // bounded by ARTIM, also after a cancel
        }
    }

    /// <returns>The discovery, or null; and the number of matching instances when a query counted them.</returns>
    private async Task<(SopClassDiscovery? Discovery, int? Instances)> QueryAsync(DicomUid getModel, DicomDataset identifier, CancellationToken cancellationToken)
    {
        if (FindModelFor(getModel) is not { } findModel)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, "C-FIND", $"no query model belongs to {getModel.Value}");
            return (null, null);
        }

        DicomClientAssociation association;
        try
        {
            association = await _associate([new PresentationContextProposal(findModel.Model, QueryTransferSyntaxes)], cancellationToken).ConfigureAwait(false);
        }
        catch (AssociationRejectedException e)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, "C-FIND", e.Message);
            return (null, null);
        }

        await using (association.ConfigureAwait(false))
        {
            if (association.Context.FindAccepted(findModel.Model) is null)
            {
                RetrieveLog.DiscoveryStepFailed(_logger, "C-FIND", $"the peer does not accept {findModel.Model.Value}");
                await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                return (null, null);
            }

            var images = await ImageLevelAsync(association, findModel, identifier, cancellationToken).ConfigureAwait(false);
            var discovery = images is { Classes: { } classes, Instances: > 0 }
                ? new SopClassDiscovery(SopClassSource.ImageLevelQuery, [.. classes.Order(StringComparer.Ordinal)], images.Instances)
                : await SopClassesInStudyAsync(association, findModel, identifier, images?.Instances, cancellationToken).ConfigureAwait(false);
            await association.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            return (discovery, images?.Instances);
        }
    }

    /// <returns>
    /// Null when the walk failed; otherwise the number of matching instances and their classes
    /// (null when a match came without SOP Class UID, as from dcmqrscp's index).
    /// </returns>
    private async Task<ImageLevelMatches?> ImageLevelAsync(DicomClientAssociation association, FindModel model, DicomDataset identifier, CancellationToken cancellationToken)
    {
        var start = LevelIndex(identifier);
        if (start < model.TopLevel)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, "IMAGE-level C-FIND", "the identifier names no query level of this model");
            return null;
        }

        // At the identifier's level every key of the identifier takes part (the C-GET matches on
        // them too); below it, each match's unique keys lead one level down.
        var first = identifier.Clone();
        if (!first.Contains(Levels[start].UniqueKey))
        {
            first.SetString(Levels[start].UniqueKey, string.Empty);
        }

        List<DicomDataset> frontier = [first];
        HashSet<string>? classes = new(StringComparer.Ordinal);
        var instances = 0;
        for (var level = start; level < Levels.Length; level++)
        {
            List<DicomDataset> next = [];
            foreach (var query in frontier)
            {
                query.SetString(DicomTags.QueryRetrieveLevel, Levels[level].Level);
                if (level == Levels.Length - 1 && !query.Contains(DicomTags.SOPClassUID))
                {
                    query.SetString(DicomTags.SOPClassUID, string.Empty);
                }

                var matches = await FindAllAsync(association, model.Model, query, "IMAGE-level C-FIND", cancellationToken).ConfigureAwait(false);
                if (matches is null)
                {
                    return null;
                }

                foreach (var match in matches)
                {
                    if (level == Levels.Length - 1)
                    {
                        var sopClass = match.GetString(DicomTags.SOPClassUID)?.TrimEnd('\0', ' ');
                        if (string.IsNullOrEmpty(sopClass))
                        {
                            classes = null;
                        }
                        else
                        {
                            classes?.Add(sopClass);
                        }

                        instances++;
                        continue;
                    }

                    var child = new DicomDataset();
                    for (var upper = model.TopLevel; upper <= level; upper++)
                    {
                        var key = Levels[upper].UniqueKey;
                        var value = (match.GetString(key) ?? query.GetString(key))?.TrimEnd('\0', ' ');
                        if (string.IsNullOrEmpty(value) || value.Contains('\\', StringComparison.Ordinal))
                        {
                            RetrieveLog.DiscoveryStepFailed(_logger, "IMAGE-level C-FIND", $"a {Levels[level].Level} match came without a single {Levels[upper].Level} key");
                            return null;
                        }

                        child.SetString(key, value);
                    }

                    child.SetString(Levels[level + 1].UniqueKey, string.Empty);
                    next.Add(child);
                }
            }

            frontier = next;
        }

        if (instances == 0)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, "IMAGE-level C-FIND", "no instance matched");
        }
        else if (classes is null)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, "IMAGE-level C-FIND", string.Create(CultureInfo.InvariantCulture, $"{instances} matches, not all with SOP Class UID"));
        }

        return new ImageLevelMatches(instances, classes);
    }

    private async Task<SopClassDiscovery?> SopClassesInStudyAsync(DicomClientAssociation association, FindModel model, DicomDataset identifier, int? instances, CancellationToken cancellationToken)
    {
        var level = LevelIndex(identifier);
        if (model.TopLevel > 1 || level < model.TopLevel)
        {
            return null;
        }

        // The studies the retrieval touches: at STUDY level the identifier itself, below it the
        // study it names, above it (PATIENT) the patient's studies. Extra classes are harmless.
        DicomDataset query;
        if (level == 1)
        {
            query = identifier.Clone();
        }
        else
        {
            query = new DicomDataset();
            var key = level == 0 ? DicomTags.PatientID : DicomTags.StudyInstanceUID;
            query.SetString(key, identifier.GetString(key) ?? string.Empty);
            if (model.TopLevel == 0 && level > 0)
            {
                query.SetString(DicomTags.PatientID, identifier.GetString(DicomTags.PatientID) ?? string.Empty);
            }
        }

        query.SetString(DicomTags.QueryRetrieveLevel, "STUDY");
        query.SetString(DicomTags.SOPClassesInStudy, string.Empty);
        var matches = await FindAllAsync(association, model.Model, query, "SOP Classes in Study", cancellationToken).ConfigureAwait(false);
        if (matches is null || matches.Count == 0)
        {
            return null;
        }

        var classes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in matches)
        {
            var values = match.GetStrings(DicomTags.SOPClassesInStudy).Select(v => v.TrimEnd('\0', ' ')).Where(v => v.Length > 0).ToList();
            if (values.Count == 0)
            {
                RetrieveLog.DiscoveryStepFailed(_logger, "SOP Classes in Study", "a study came without it");
                return null;
            }

            classes.UnionWith(values);
        }

        return new SopClassDiscovery(SopClassSource.SopClassesInStudy, [.. classes.Order(StringComparer.Ordinal)], instances);
    }

    private async Task<List<DicomDataset>?> FindAllAsync(DicomClientAssociation association, DicomUid model, DicomDataset query, string method, CancellationToken cancellationToken)
    {
        var matches = new List<DicomDataset>();
        CFindResponse? final = null;
        await foreach (var response in association.FindAsync(model, query, cancellationToken).ConfigureAwait(false))
        {
            if (response.Status.IsPending)
            {
                if (response.Identifier is { } match)
                {
                    matches.Add(match);
                }
            }
            else
            {
                final = response;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (final is null || final.Status != DicomStatus.Success)
        {
            RetrieveLog.DiscoveryStepFailed(_logger, method, $"final status {final?.Status}");
            return null;
        }

        return matches;
    }

    private static int LevelIndex(DicomDataset identifier)
    {
        var level = identifier.GetString(DicomTags.QueryRetrieveLevel)?.Trim().ToUpperInvariant();
        return Array.FindIndex(Levels, l => l.Level == level);
    }

    /// <summary>The C-FIND model of a C-GET model, with the level it starts at (0 PATIENT, 1 STUDY).</summary>
    private static FindModel? FindModelFor(DicomUid getModel) => getModel.Value switch
    {
        "1.2.840.10008.5.1.4.1.2.1.3" => new FindModel(DicomUids.FINDPatientRootQueryRetrieveInformationModel, 0),
        "1.2.840.10008.5.1.4.1.2.2.3" => new FindModel(DicomUids.FINDStudyRootQueryRetrieveInformationModel, 1),
        _ => null,
    };

    /// <summary>
    /// Every storage class of the standard, likeliest first, so that a usual study is complete
    /// after the first association: the classes of everyday modalities, then the other current
    /// ones, then the retired ones.
    /// </summary>
    private static IEnumerable<string> Catalogue() =>
        CommonClasses.Select(u => u.Value)
            .Concat(DicomStorageClasses.Current.Select(c => c.Uid))
            .Concat(DicomStorageClasses.All.Where(c => c.IsRetired).Select(c => c.Uid))
            .Distinct(StringComparer.Ordinal);

    private static readonly DicomUid[] CommonClasses =
    [
        DicomUids.CTImageStorage, DicomUids.EnhancedCTImageStorage, DicomUids.MRImageStorage, DicomUids.EnhancedMRImageStorage,
        DicomUids.ComputedRadiographyImageStorage, DicomUids.DigitalXRayImageStorageForPresentation, DicomUids.DigitalXRayImageStorageForProcessing,
        DicomUids.DigitalMammographyXRayImageStorageForPresentation, DicomUids.DigitalMammographyXRayImageStorageForProcessing, DicomUids.BreastTomosynthesisImageStorage,
        DicomUids.UltrasoundImageStorage, DicomUids.UltrasoundMultiframeImageStorage, DicomUids.EnhancedUSVolumeStorage,
        DicomUids.NuclearMedicineImageStorage, DicomUids.PositronEmissionTomographyImageStorage, DicomUids.EnhancedPETImageStorage,
        DicomUids.XRayAngiographicImageStorage, DicomUids.XRayRadiofluoroscopicImageStorage, DicomUids.EnhancedXAImageStorage, DicomUids.EnhancedXRFImageStorage,
        DicomUids.SecondaryCaptureImageStorage, DicomUids.MultiframeSingleBitSecondaryCaptureImageStorage, DicomUids.MultiframeGrayscaleByteSecondaryCaptureImageStorage,
        DicomUids.MultiframeGrayscaleWordSecondaryCaptureImageStorage, DicomUids.MultiframeTrueColorSecondaryCaptureImageStorage,
        DicomUids.VLPhotographicImageStorage, DicomUids.VLEndoscopicImageStorage, DicomUids.VideoEndoscopicImageStorage,
        DicomUids.RTImageStorage, DicomUids.RTDoseStorage, DicomUids.RTStructureSetStorage, DicomUids.RTPlanStorage, DicomUids.RTIonPlanStorage,
        DicomUids.RTBeamsTreatmentRecordStorage, DicomUids.RTIonBeamsTreatmentRecordStorage,
        DicomUids.BasicTextSRStorage, DicomUids.EnhancedSRStorage, DicomUids.ComprehensiveSRStorage, DicomUids.Comprehensive3DSRStorage,
        DicomUids.KeyObjectSelectionDocumentStorage, DicomUids.XRayRadiationDoseSRStorage, DicomUids.MammographyCADSRStorage,
        DicomUids.TwelveLeadECGWaveformStorage, DicomUids.GeneralECGWaveformStorage,
        DicomUids.SegmentationStorage, DicomUids.SpatialRegistrationStorage, DicomUids.GrayscaleSoftcopyPresentationStateStorage,
        DicomUids.EncapsulatedPDFStorage, DicomUids.RawDataStorage,
    ];

    private sealed record FindModel(DicomUid Model, int TopLevel);

    private sealed record ImageLevelMatches(int Instances, HashSet<string>? Classes);

    /// <summary>Passes C-STOREs through and remembers which instances were stored (status not a failure).</summary>
    private sealed class DeliveredInstances(ICStoreHandler inner) : ICStoreHandler
    {
        private readonly HashSet<string> _stored = new(StringComparer.Ordinal);

        public int Count
        {
            get
            {
                lock (_stored)
                {
                    return _stored.Count;
                }
            }
        }

        public bool Contains(string sopInstanceUid)
        {
            lock (_stored)
            {
                return _stored.Contains(sopInstanceUid);
            }
        }

        public ValueTask<StoreBeginResult> BeginStoreAsync(CStoreRequest request, DicomRequestContext context, CancellationToken cancellationToken) =>
            inner.BeginStoreAsync(request, context, cancellationToken);

        public async ValueTask<DicomStatus> CompleteStoreAsync(CStoreRequest request, IDatasetSink sink, DicomRequestContext context, CancellationToken cancellationToken)
        {
            var status = await inner.CompleteStoreAsync(request, sink, context, cancellationToken).ConfigureAwait(false);
            if (status.IsCompleted)
            {
                lock (_stored)
                {
                    _stored.Add(request.SopInstanceUid);
                }
            }

            return status;
        }
    }
}
