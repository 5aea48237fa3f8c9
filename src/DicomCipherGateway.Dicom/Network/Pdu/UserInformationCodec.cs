namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>Encodes and decodes the user information item's sub-items (PS3.7 Annex D.3.3).</summary>
internal static class UserInformationCodec
{
    public static UserInformationItem Decode(PduSpanReader item)
    {
        uint? maximumLength = null;
        string? implementationClassUid = null;
        string? implementationVersionName = null;
        AsyncOperationsWindowItem? asyncWindow = null;
        UserIdentityRequestItem? identityRequest = null;
        UserIdentityResponseItem? identityResponse = null;
        var roles = new List<RoleSelectionItem>();
        var extended = new List<SopClassExtendedNegotiationItem>();
        var commonExtended = new List<SopClassCommonExtendedNegotiationItem>();
        var unknown = new List<UnknownSubItem>();

        while (item.Remaining > 0)
        {
            var type = item.ReadByte();
            item.Skip(1);
            var length = item.ReadUInt16();
            var sub = item.ReadItem(length);
            switch (type)
            {
                case ItemType.MaximumLength:
                    maximumLength = sub.ReadUInt32();
                    break;
                case ItemType.ImplementationClassUid:
                    implementationClassUid = sub.ReadUid(length);
                    break;
                case ItemType.ImplementationVersionName:
                    implementationVersionName = System.Text.Encoding.ASCII.GetString(sub.ReadBytes(length)).Trim(' ', '\0');
                    break;
                case ItemType.AsyncOperationsWindow:
                    asyncWindow = new AsyncOperationsWindowItem(sub.ReadUInt16(), sub.ReadUInt16());
                    break;
                case ItemType.RoleSelection:
                    {
                        var uid = sub.ReadUid(sub.ReadUInt16());
                        roles.Add(new RoleSelectionItem(uid, sub.ReadByte() != 0, sub.ReadByte() != 0));
                        break;
                    }

                case ItemType.SopClassExtendedNegotiation:
                    {
                        var uid = sub.ReadUid(sub.ReadUInt16());
                        extended.Add(new SopClassExtendedNegotiationItem(uid, sub.ReadBytes(sub.Remaining).ToArray()));
                        break;
                    }

                case ItemType.SopClassCommonExtendedNegotiation:
                    {
                        var sopClass = sub.ReadUid(sub.ReadUInt16());
                        var serviceClass = sub.ReadUid(sub.ReadUInt16());
                        var related = sub.ReadItem(sub.ReadUInt16());
                        var relatedUids = new List<string>();
                        while (related.Remaining > 0)
                        {
                            relatedUids.Add(related.ReadUid(related.ReadUInt16()));
                        }

                        commonExtended.Add(new SopClassCommonExtendedNegotiationItem(sopClass, serviceClass, relatedUids));
                        break;
                    }

                case ItemType.UserIdentityRequest:
                    {
                        var identityType = sub.ReadByte();
                        if (identityType is < 1 or > 5)
                        {
                            throw sub.Fail($"User identity type {identityType} is not defined");
                        }

                        var positive = sub.ReadByte() != 0;
                        var primary = sub.ReadBytes(sub.ReadUInt16()).ToArray();
                        var secondary = sub.ReadBytes(sub.ReadUInt16()).ToArray();
                        identityRequest = new UserIdentityRequestItem((UserIdentityType)identityType, positive, primary, secondary);
                        break;
                    }

                case ItemType.UserIdentityResponse:
                    identityResponse = new UserIdentityResponseItem(sub.ReadBytes(sub.ReadUInt16()).ToArray());
                    break;
                default:
                    unknown.Add(new UnknownSubItem(type, sub.ReadBytes(length).ToArray()));
                    break;
            }
        }

        return new UserInformationItem
        {
            MaximumLength = maximumLength,
            ImplementationClassUid = implementationClassUid,
            ImplementationVersionName = implementationVersionName,
            AsyncOperationsWindow = asyncWindow,
            RoleSelections = roles,
            SopClassExtendedNegotiations = extended,
            SopClassCommonExtendedNegotiations = commonExtended,
            UserIdentityRequest = identityRequest,
            UserIdentityResponse = identityResponse,
            UnknownSubItems = unknown,
        };
    }

    public static void Encode(PduBuffer buffer, UserInformationItem info)
    {
        var item = buffer.BeginItem(ItemType.UserInformation);
        if (info.MaximumLength is { } maximumLength)
        {
            var at = buffer.BeginItem(ItemType.MaximumLength);
            buffer.UInt32(maximumLength);
            buffer.EndLength16(at);
        }

        if (info.ImplementationClassUid is { } classUid)
        {
            var at = buffer.BeginItem(ItemType.ImplementationClassUid);
            buffer.Ascii(classUid);
            buffer.EndLength16(at);
        }

        if (info.AsyncOperationsWindow is { } window)
        {
            var at = buffer.BeginItem(ItemType.AsyncOperationsWindow);
            buffer.UInt16(window.MaxOperationsInvoked);
            buffer.UInt16(window.MaxOperationsPerformed);
            buffer.EndLength16(at);
        }

        foreach (var role in info.RoleSelections)
        {
            var at = buffer.BeginItem(ItemType.RoleSelection);
            buffer.Uid16(role.SopClassUid);
            buffer.Byte(role.ScuRole ? (byte)1 : (byte)0);
            buffer.Byte(role.ScpRole ? (byte)1 : (byte)0);
            buffer.EndLength16(at);
        }

        if (info.ImplementationVersionName is { } versionName)
        {
            var at = buffer.BeginItem(ItemType.ImplementationVersionName);
            buffer.Ascii(versionName);
            buffer.EndLength16(at);
        }

        foreach (var negotiation in info.SopClassExtendedNegotiations)
        {
            var at = buffer.BeginItem(ItemType.SopClassExtendedNegotiation);
            buffer.Uid16(negotiation.SopClassUid);
            buffer.Bytes(negotiation.ServiceClassApplicationInformation.Span);
            buffer.EndLength16(at);
        }

        foreach (var negotiation in info.SopClassCommonExtendedNegotiations)
        {
            var at = buffer.BeginItem(ItemType.SopClassCommonExtendedNegotiation);
            buffer.Uid16(negotiation.SopClassUid);
            buffer.Uid16(negotiation.ServiceClassUid);
            var related = buffer.BeginLength16();
            foreach (var uid in negotiation.RelatedGeneralSopClassUids)
            {
                buffer.Uid16(uid);
            }

            buffer.EndLength16(related);
            buffer.EndLength16(at);
        }

        if (info.UserIdentityRequest is { } request)
        {
            var at = buffer.BeginItem(ItemType.UserIdentityRequest);
            buffer.Byte((byte)request.IdentityType);
            buffer.Byte(request.PositiveResponseRequested ? (byte)1 : (byte)0);
            buffer.UInt16(checked((ushort)request.PrimaryField.Length));
            buffer.Bytes(request.PrimaryField.Span);
            buffer.UInt16(checked((ushort)request.SecondaryField.Length));
            buffer.Bytes(request.SecondaryField.Span);
            buffer.EndLength16(at);
        }

        if (info.UserIdentityResponse is { } response)
        {
            var at = buffer.BeginItem(ItemType.UserIdentityResponse);
            buffer.UInt16(checked((ushort)response.ServerResponse.Length));
            buffer.Bytes(response.ServerResponse.Span);
            buffer.EndLength16(at);
        }

        foreach (var unknown in info.UnknownSubItems)
        {
            var at = buffer.BeginItem(unknown.ItemType);
            buffer.Bytes(unknown.Value.Span);
            buffer.EndLength16(at);
        }

        buffer.EndLength16(item);
    }
}
