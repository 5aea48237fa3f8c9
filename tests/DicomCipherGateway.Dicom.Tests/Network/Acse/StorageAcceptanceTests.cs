using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Pdu;

namespace DicomCipherGateway.Dicom.Tests.Network.Acse;

/// <summary><see cref="AssociationPolicy.AcceptStorage"/> and <see cref="CalledAeTitlePolicy"/>, decided on A-ASSOCIATE-RQ PDUs.</summary>
public class StorageAcceptanceTests
{
    private const string Implicit = "1.2.840.10008.1.2";
    private const string Explicit = "1.2.840.10008.1.2.1";
    private const string Big = "1.2.840.10008.1.2.2";
    private const string Private = "1.3.12.2.1107.5.9.1";

    private static AssociateRqPdu Request(string calledAe, params (string AbstractSyntax, string[] Syntaxes)[] contexts) => new(
        calledAe,
        "SCU",
        AssociationDefaults.ApplicationContextName,
        [.. contexts.Select((c, i) => new PresentationContextRequestItem((byte)((2 * i) + 1), c.AbstractSyntax, c.Syntaxes))],
        new UserInformationItem { MaximumLength = 16384, ImplementationClassUid = "1.2.3" });

    private static async Task<IReadOnlyList<PresentationContextResultItem>> DecideAsync(IAssociationPolicy policy, AssociateRqPdu request)
    {
        var decision = await policy.DecideAsync(request, new AssociationRequestInfo("t", null, null), CancellationToken.None);
        Assert.True(decision.IsAccepted);
        return decision.Results;
    }

    [Fact]
    public async Task Every_storage_class_is_accepted_current_and_retired_and_nothing_else()
    {
        var policy = new AssociationPolicy().AcceptStorage(StorageAcceptance.Standard);
        var contexts = DicomStorageClasses.All.Select(c => (c.Uid, new[] { Explicit })).Take(127).ToArray();
        var results = await DecideAsync(policy, Request("ANY", contexts));
        Assert.All(results, r => Assert.Equal(PresentationContextResult.Acceptance, r.Result));

        var others = await DecideAsync(policy, Request(
            "ANY",
            (DicomUids.UltrasoundImageStorageRetired.Value, [Explicit]),
            (DicomUids.FINDStudyRootQueryRetrieveInformationModel.Value, [Explicit]),
            (Private, [Explicit]),
            (DicomUids.NuclearMedicineImageStorage.Value, ["1.2.3.4"])));
        Assert.Equal(
            [PresentationContextResult.Acceptance, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.TransferSyntaxesNotSupported],
            others.Select(r => r.Result));
    }

    [Fact]
    public async Task Unknown_classes_only_with_the_option_and_never_a_known_non_storage_class_or_an_invalid_uid()
    {
        var policy = new AssociationPolicy().AcceptStorage(new StorageAcceptance { AcceptUnknownSopClasses = true });
        var results = await DecideAsync(policy, Request(
            "ANY",
            (Private, [Explicit]),
            (DicomUids.FINDStudyRootQueryRetrieveInformationModel.Value, [Explicit]),
            ("1.2.03.x", [Explicit])));
        Assert.Equal(
            [PresentationContextResult.Acceptance, PresentationContextResult.AbstractSyntaxNotSupported, PresentationContextResult.AbstractSyntaxNotSupported],
            results.Select(r => r.Result));
    }

    [Theory]
    [InlineData(true, Big)]
    [InlineData(false, Explicit)]
    public async Task The_requestors_first_syntax_wins_unless_turned_off(bool requestorFirst, string expected)
    {
        var policy = new AssociationPolicy().AcceptStorage(new StorageAcceptance { PreferRequestorTransferSyntax = requestorFirst });
        var results = await DecideAsync(policy, Request("ANY", (DicomUids.UltrasoundImageStorage.Value, [Big, Explicit, Implicit])));
        Assert.Equal(expected, Assert.Single(results).TransferSyntax);
    }

    [Fact]
    public async Task Each_called_ae_has_its_own_acceptance_and_an_unknown_called_ae_is_rejected()
    {
        var router = new CalledAeTitlePolicy()
            .Add("STRICT", new AssociationPolicy().AcceptStorage(StorageAcceptance.Standard))
            .Add("PROMISCUOUS", new AssociationPolicy().AcceptStorage(new StorageAcceptance { AcceptUnknownSopClasses = true }));
        Assert.Equal(PresentationContextResult.AbstractSyntaxNotSupported, Assert.Single(await DecideAsync(router, Request("STRICT", (Private, [Explicit])))).Result);
        Assert.Equal(PresentationContextResult.Acceptance, Assert.Single(await DecideAsync(router, Request("PROMISCUOUS  ", (Private, [Explicit])))).Result);
        var other = await router.DecideAsync(Request("OTHER", (Private, [Explicit])), new AssociationRequestInfo("t", null, null), CancellationToken.None);
        Assert.False(other.IsAccepted);
        Assert.Equal(RejectReason.CalledAeTitleNotRecognized, other.Rejection!.Reason);
    }
}
