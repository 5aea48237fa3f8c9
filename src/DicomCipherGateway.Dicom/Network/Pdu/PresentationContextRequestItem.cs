namespace DicomCipherGateway.Dicom.Network.Pdu;

/// <summary>Presentation context item of an A-ASSOCIATE-RQ (PS3.8 §9.3.2.2): one abstract syntax, its proposed transfer syntaxes.</summary>
public sealed record PresentationContextRequestItem(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
