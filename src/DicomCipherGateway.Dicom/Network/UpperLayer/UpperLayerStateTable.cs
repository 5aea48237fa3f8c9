using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerAction;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerEvent;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerState;

namespace DicomCipherGateway.Dicom.Network.UpperLayer;

/// <summary>
/// PS3.8 Table 9-10 as data, and the transition function over it: a pure function of
/// (state, event) with no I/O, so the whole table is testable without sockets.
/// </summary>
public static class UpperLayerStateTable
{
    private const int States = 13;
    private const int Events = 19;

    // Rows are events Evt1..Evt19, columns states Sta1..Sta13; None where the standard has no entry.
    private static readonly UpperLayerAction[,] Table = Build();

    /// <summary>
    /// The transition for <paramref name="evt"/> in <paramref name="state"/>. Two actions pick
    /// their next state from context: AE-6 goes to Sta3 (the association policy answers later
    /// with Evt7 or Evt8, so a provider-side rejection also takes the AE-8 path), and AR-8 goes
    /// to Sta9 for the association-requestor and Sta10 for the acceptor.
    /// </summary>
    public static UpperLayerTransition Next(UpperLayerState state, UpperLayerEvent evt, bool isRequestor)
    {
        if (state is < Sta1 or > Sta13 || evt is < Evt1 or > Evt19)
        {
            throw new ArgumentOutOfRangeException(nameof(state), $"{state}/{evt} is outside PS3.8 Table 9-10.");
        }

        var action = Table[(int)evt - 1, (int)state - 1];
        return action == None ? default : new UpperLayerTransition(action, NextState(action, isRequestor));
    }

    /// <summary>The next state after an action (PS3.8 Tables 9-6 to 9-9).</summary>
    public static UpperLayerState NextState(UpperLayerAction action, bool isRequestor) => action switch
    {
        AE1 => Sta4,
        AE2 => Sta5,
        AE3 => Sta6,
        AE4 => Sta1,
        AE5 => Sta2,
        AE6 => Sta3,
        AE7 => Sta6,
        AE8 => Sta13,
        DT1 or DT2 => Sta6,
        AR1 => Sta7,
        AR2 => Sta8,
        AR3 => Sta1,
        AR4 => Sta13,
        AR5 => Sta1,
        AR6 => Sta7,
        AR7 => Sta8,
        AR8 => isRequestor ? Sta9 : Sta10,
        AR9 => Sta11,
        AR10 => Sta12,
        AA1 => Sta13,
        AA2 or AA3 or AA4 or AA5 => Sta1,
        AA6 or AA7 or AA8 => Sta13,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "No such action."),
    };

    private static UpperLayerAction[,] Build()
    {
        var t = new UpperLayerAction[Events, States];

        void Set(UpperLayerEvent e, UpperLayerState s, UpperLayerAction a) => t[(int)e - 1, (int)s - 1] = a;

        // A PDU that is wrong for the state: AA-1 in Sta2 (before any association), AA-8 once
        // an association exists, AA-6 (ignore) or AA-7 while waiting for the close in Sta13.
        void UnexpectedPdu(UpperLayerEvent e, UpperLayerAction inSta13)
        {
            Set(e, Sta2, AA1);
            foreach (var s in new[] { Sta3, Sta5, Sta6, Sta7, Sta8, Sta9, Sta10, Sta11, Sta12 })
            {
                Set(e, s, AA8);
            }

            Set(e, Sta13, inSta13);
        }

        UnexpectedPdu(Evt3, AA6);
        UnexpectedPdu(Evt4, AA6);
        UnexpectedPdu(Evt6, AA7);
        UnexpectedPdu(Evt10, AA6);
        UnexpectedPdu(Evt12, AA6);
        UnexpectedPdu(Evt13, AA6);
        UnexpectedPdu(Evt19, AA7);

        Set(Evt1, Sta1, AE1);
        Set(Evt2, Sta4, AE2);
        Set(Evt3, Sta5, AE3);
        Set(Evt4, Sta5, AE4);
        Set(Evt5, Sta1, AE5);
        Set(Evt6, Sta2, AE6);
        Set(Evt7, Sta3, AE7);
        Set(Evt8, Sta3, AE8);
        Set(Evt9, Sta6, DT1);
        Set(Evt9, Sta8, AR7);
        Set(Evt10, Sta6, DT2);
        Set(Evt10, Sta7, AR6);
        Set(Evt11, Sta6, AR1);
        Set(Evt12, Sta6, AR2);
        Set(Evt12, Sta7, AR8);
        Set(Evt13, Sta7, AR3);
        Set(Evt13, Sta10, AR10);
        Set(Evt13, Sta11, AR3);
        Set(Evt14, Sta8, AR4);
        Set(Evt14, Sta9, AR9);
        Set(Evt14, Sta12, AR4);

        Set(Evt15, Sta4, AA2);
        foreach (var s in new[] { Sta3, Sta5, Sta6, Sta7, Sta8, Sta9, Sta10, Sta11, Sta12 })
        {
            Set(Evt15, s, AA1);
            Set(Evt16, s, AA3);
            Set(Evt17, s, AA4);
        }

        Set(Evt16, Sta2, AA2);
        Set(Evt16, Sta13, AA2);
        Set(Evt17, Sta2, AA5);
        Set(Evt17, Sta4, AA4);
        Set(Evt17, Sta13, AR5);
        Set(Evt18, Sta2, AA2);
        Set(Evt18, Sta13, AA2);
        return t;
    }
}
