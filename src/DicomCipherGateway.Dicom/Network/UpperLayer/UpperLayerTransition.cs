namespace DicomCipherGateway.Dicom.Network.UpperLayer;

/// <summary>One cell of PS3.8 Table 9-10: what to do and where to go.</summary>
public readonly record struct UpperLayerTransition(UpperLayerAction Action, UpperLayerState Next)
{
    public bool IsValid => Action != UpperLayerAction.None;
}
