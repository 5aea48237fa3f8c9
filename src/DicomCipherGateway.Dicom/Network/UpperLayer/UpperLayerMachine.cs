namespace DicomCipherGateway.Dicom.Network.UpperLayer;

/// <summary>
/// The current state of one association's upper layer. Not thread-safe: the association
/// serialises events through it.
/// </summary>
public sealed class UpperLayerMachine(bool isRequestor)
{
    public UpperLayerState State { get; private set; } = UpperLayerState.Sta1;

    public bool IsRequestor { get; } = isRequestor;

    /// <summary>Applies <paramref name="evt"/>; returns the action, or <see cref="UpperLayerAction.None"/> (state unchanged) when the table has no entry.</summary>
    public UpperLayerAction Fire(UpperLayerEvent evt)
    {
        var transition = UpperLayerStateTable.Next(State, evt, IsRequestor);
        if (transition.IsValid)
        {
            State = transition.Next;
        }

        return transition.Action;
    }

    /// <summary>For AE-6 when the service provider itself rejects: the RJ path goes to Sta13.</summary>
    internal void ForceState(UpperLayerState state) => State = state;
}
