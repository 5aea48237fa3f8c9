using System.Net;
using System.Text;
using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Client;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Pdu;
using DicomCipherGateway.Dicom.Network.Server;
using DicomCipherGateway.Dicom.Network.Transport;
using DicomCipherGateway.Dicom.Tests.Network.Association;

namespace DicomCipherGateway.Dicom.Tests.Network.Acse;

public class NegotiationTests
{
    private static async Task<(DicomServer Server, DicomClient Client)> StartAsync(IAssociationPolicy policy)
    {
        var transport = new InMemoryTransport();
        var server = new DicomServer(
            new DicomServerOptions { Transport = transport, EndPoint = new IPEndPoint(IPAddress.Loopback, 0), Timeouts = ServerFixture.FastTimeouts },
            policy,
            new DicomServiceHandlers());
        await server.StartAsync(CancellationToken.None);
        var client = new DicomClient(new DicomClientOptions { Host = "x", Port = ((DnsEndPoint)server.EndPoint!).Port, Transport = transport, Timeouts = ServerFixture.FastTimeouts });
        return (server, client);
    }

    private static AssociationRequest GetRequest(UserIdentityRequestItem? identity = null) => new()
    {
        CalledAeTitle = "TEST-SCP",
        CallingAeTitle = "TEST-SCU",
        UserIdentity = identity,
        PresentationContexts =
        [
            new PresentationContextProposal(DicomUids.CTImageStorage, [DicomTransferSyntax.ImplicitVRLittleEndian]) { ScuRole = false, ScpRole = true },
            new PresentationContextProposal(DicomUids.VerificationSOPClass, [DicomTransferSyntax.ImplicitVRLittleEndian]),
        ],
    };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Role_selection_grants_the_SCP_role_only_where_the_policy_allows(bool allow)
    {
        var policy = ServerFixture.DefaultPolicy();
        if (allow)
        {
            policy.AllowRequestorAsScp(DicomUids.CTImageStorage);
        }

        var (server, client) = await StartAsync(policy);
        await using var _ = server;
        await using var association = await client.AssociateAsync(GetRequest(), CancellationToken.None);
        var ct = association.Context.FindAccepted(DicomUids.CTImageStorage)!;
        Assert.Equal(allow, ct.RequestorIsScp);
        Assert.False(ct.RequestorIsScu);
        var echo = association.Context.FindAccepted(DicomUids.VerificationSOPClass)!;
        Assert.True(echo.RequestorIsScu);
        Assert.False(echo.RequestorIsScp);
    }

    [Fact]
    public async Task A_policy_can_check_user_identity_and_answer_it()
    {
        var (server, client) = await StartAsync(new PasscodePolicy(ServerFixture.DefaultPolicy()));
        await using var _ = server;

        var good = new UserIdentityRequestItem(UserIdentityType.UsernameAndPasscode, true, Encoding.UTF8.GetBytes("alice"), Encoding.UTF8.GetBytes("s3cret"));
        await using (var association = await client.AssociateAsync(GetRequest(good), CancellationToken.None))
        {
            Assert.Equal("welcome", Encoding.UTF8.GetString(association.Context.UserIdentityResponse!.ServerResponse.Span));
        }

        var bad = good with { SecondaryField = Encoding.UTF8.GetBytes("guess") };
        var error = await Assert.ThrowsAsync<AssociationRejectedException>(() => client.AssociateAsync(GetRequest(bad), CancellationToken.None));
        Assert.Equal(RejectSource.ServiceUser, error.RejectSource);
    }

    private sealed class PasscodePolicy(AssociationPolicy inner) : IAssociationPolicy
    {
        public async ValueTask<AssociationDecision> DecideAsync(AssociateRqPdu request, AssociationRequestInfo info, CancellationToken cancellationToken)
        {
            var identity = request.UserInformation.UserIdentityRequest;
            if (identity is null || Encoding.UTF8.GetString(identity.PrimaryField.Span) != "alice" || Encoding.UTF8.GetString(identity.SecondaryField.Span) != "s3cret")
            {
                return AssociationDecision.Reject(RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.NoReasonGiven);
            }

            var decision = await inner.DecideAsync(request, info, cancellationToken);
            return AssociationDecision.Accept(decision.Results, decision.Roles, new UserIdentityResponseItem(Encoding.UTF8.GetBytes("welcome")));
        }
    }
}
