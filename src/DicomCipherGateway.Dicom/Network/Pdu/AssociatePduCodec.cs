namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>Bodies of A-ASSOCIATE-RQ and A-ASSOCIATE-AC (PS3.8 §9.3.2, §9.3.3), which share their layout.</summary>
internal static class AssociatePduCodec
{
    public static ProtocolDataUnit Decode(PduSpanReader body, bool isRequest)
    {
        var version = body.ReadUInt16();
        body.Skip(2);
        var called = body.ReadAeTitle();
        var calling = body.ReadAeTitle();
        body.Skip(32);

        string? applicationContext = null;
        UserInformationItem? userInformation = null;
        var requested = new List<PresentationContextRequestItem>();
        var results = new List<PresentationContextResultItem>();
        while (body.Remaining > 0)
        {
            var type = body.ReadByte();
            body.Skip(1);
            var length = body.ReadUInt16();
            var item = body.ReadItem(length);
            switch (type)
            {
                case ItemType.ApplicationContext:
                    if (applicationContext is not null)
                    {
                        throw item.Fail("A second application context item");
                    }

                    applicationContext = item.ReadUid(length);
                    break;
                case ItemType.PresentationContextRq when isRequest:
                    {
                        var context = DecodeRequestedContext(item);
                        if ((context.Id & 1) == 0 || requested.Any(c => c.Id == context.Id))
                        {
                            throw item.Fail($"Presentation context id {context.Id} is even or repeated");
                        }

                        requested.Add(context);
                        break;
                    }

                case ItemType.PresentationContextAc when !isRequest:
                    {
                        var context = DecodeResultContext(item);
                        if (results.Any(c => c.Id == context.Id))
                        {
                            throw item.Fail($"Presentation context id {context.Id} is repeated");
                        }

                        results.Add(context);
                        break;
                    }
                case ItemType.UserInformation:
                    if (userInformation is not null)
                    {
                        throw item.Fail("A second user information item");
                    }

                    userInformation = UserInformationCodec.Decode(item);
                    break;
                default:
                    throw item.Fail($"Unexpected item type 0x{type:X2}");
            }
        }

        if (applicationContext is null)
        {
            throw body.Fail("No application context item");
        }

        if (isRequest && requested.Count == 0)
        {
            throw body.Fail("No presentation context item");
        }

        userInformation ??= new UserInformationItem();
        return isRequest
            ? new AssociateRqPdu(called, calling, applicationContext, requested, userInformation, version)
            : new AssociateAcPdu(called, calling, applicationContext, results, userInformation, version);
    }

    private static PresentationContextRequestItem DecodeRequestedContext(PduSpanReader item)
    {
        var id = item.ReadByte();
        item.Skip(3);
        string? abstractSyntax = null;
        var transferSyntaxes = new List<string>();
        while (item.Remaining > 0)
        {
            var type = item.ReadByte();
            item.Skip(1);
            var length = item.ReadUInt16();
            var sub = item.ReadItem(length);
            switch (type)
            {
                case ItemType.AbstractSyntax when abstractSyntax is null:
                    abstractSyntax = sub.ReadUid(length);
                    break;
                case ItemType.TransferSyntax:
                    transferSyntaxes.Add(sub.ReadUid(length));
                    break;
                default:
                    throw sub.Fail($"Unexpected sub-item 0x{type:X2} in presentation context {id}");
            }
        }

        if (abstractSyntax is null || transferSyntaxes.Count == 0)
        {
            throw item.Fail($"Presentation context {id} lacks an abstract syntax or a transfer syntax");
        }

        return new PresentationContextRequestItem(id, abstractSyntax, transferSyntaxes);
    }

    private static PresentationContextResultItem DecodeResultContext(PduSpanReader item)
    {
        var id = item.ReadByte();
        item.Skip(1);
        var result = item.ReadByte();
        item.Skip(1);
        if (result > 4)
        {
            throw item.Fail($"Presentation context {id} has result {result}");
        }

        var transferSyntax = string.Empty;
        while (item.Remaining > 0)
        {
            var type = item.ReadByte();
            item.Skip(1);
            var length = item.ReadUInt16();
            var sub = item.ReadItem(length);
            if (type != ItemType.TransferSyntax)
            {
                throw sub.Fail($"Unexpected sub-item 0x{type:X2} in presentation context {id}");
            }

            transferSyntax = sub.ReadUid(length);
        }

        return new PresentationContextResultItem(id, (PresentationContextResult)result, transferSyntax);
    }

    public static void EncodeRequest(PduBuffer buffer, AssociateRqPdu pdu)
    {
        EncodeHeader(buffer, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle, pdu.ApplicationContextName);
        foreach (var context in pdu.PresentationContexts)
        {
            var item = buffer.BeginItem(ItemType.PresentationContextRq);
            buffer.Byte(context.Id);
            buffer.Zeros(3);
            SubItem(buffer, ItemType.AbstractSyntax, context.AbstractSyntax);
            foreach (var transferSyntax in context.TransferSyntaxes)
            {
                SubItem(buffer, ItemType.TransferSyntax, transferSyntax);
            }

            buffer.EndLength16(item);
        }

        UserInformationCodec.Encode(buffer, pdu.UserInformation);
    }

    public static void EncodeAccept(PduBuffer buffer, AssociateAcPdu pdu)
    {
        EncodeHeader(buffer, pdu.ProtocolVersion, pdu.CalledAeTitle, pdu.CallingAeTitle, pdu.ApplicationContextName);
        foreach (var context in pdu.PresentationContexts)
        {
            var item = buffer.BeginItem(ItemType.PresentationContextAc);
            buffer.Byte(context.Id);
            buffer.Byte(0);
            buffer.Byte((byte)context.Result);
            buffer.Byte(0);
            SubItem(buffer, ItemType.TransferSyntax, context.TransferSyntax);
            buffer.EndLength16(item);
        }

        UserInformationCodec.Encode(buffer, pdu.UserInformation);
    }

    private static void EncodeHeader(PduBuffer buffer, ushort version, string called, string calling, string applicationContext)
    {
        buffer.UInt16(version);
        buffer.Zeros(2);
        buffer.AeTitle(called);
        buffer.AeTitle(calling);
        buffer.Zeros(32);
        SubItem(buffer, ItemType.ApplicationContext, applicationContext);
    }

    private static void SubItem(PduBuffer buffer, byte type, string uid)
    {
        var at = buffer.BeginItem(type);
        buffer.Ascii(uid);
        buffer.EndLength16(at);
    }
}
