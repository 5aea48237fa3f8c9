using DicomCipherGateway.Dicom.Network.UpperLayer;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerEvent;
using static DicomCipherGateway.Dicom.Network.UpperLayer.UpperLayerState;

namespace DicomCipherGateway.Dicom.Tests.Network.UpperLayer;

public class UpperLayerStateTableTests
{
    // PS3.8 Table 9-10 transcribed row by row (events) over columns Sta1..Sta13; "-" = no entry.
    private static readonly string[] Expected =
    [
        "AE1 -   -   -   -   -   -   -   -   -    -   -   -",
        "-   -   -   AE2 -   -   -   -   -   -    -   -   -",
        "-   AA1 AA8 -   AE3 AA8 AA8 AA8 AA8 AA8  AA8 AA8 AA6",
        "-   AA1 AA8 -   AE4 AA8 AA8 AA8 AA8 AA8  AA8 AA8 AA6",
        "AE5 -   -   -   -   -   -   -   -   -    -   -   -",
        "-   AE6 AA8 -   AA8 AA8 AA8 AA8 AA8 AA8  AA8 AA8 AA7",
        "-   -   AE7 -   -   -   -   -   -   -    -   -   -",
        "-   -   AE8 -   -   -   -   -   -   -    -   -   -",
        "-   -   -   -   -   DT1 -   AR7 -   -    -   -   -",
        "-   AA1 AA8 -   AA8 DT2 AR6 AA8 AA8 AA8  AA8 AA8 AA6",
        "-   -   -   -   -   AR1 -   -   -   -    -   -   -",
        "-   AA1 AA8 -   AA8 AR2 AR8 AA8 AA8 AA8  AA8 AA8 AA6",
        "-   AA1 AA8 -   AA8 AA8 AR3 AA8 AA8 AR10 AR3 AA8 AA6",
        "-   -   -   -   -   -   -   AR4 AR9 -    -   AR4 -",
        "-   -   AA1 AA2 AA1 AA1 AA1 AA1 AA1 AA1  AA1 AA1 -",
        "-   AA2 AA3 -   AA3 AA3 AA3 AA3 AA3 AA3  AA3 AA3 AA2",
        "-   AA5 AA4 AA4 AA4 AA4 AA4 AA4 AA4 AA4  AA4 AA4 AR5",
        "-   AA2 -   -   -   -   -   -   -   -    -   -   AA2",
        "-   AA1 AA8 -   AA8 AA8 AA8 AA8 AA8 AA8  AA8 AA8 AA7",
    ];

    public static TheoryData<int, int> AllCells()
    {
        var data = new TheoryData<int, int>();
        for (var e = 1; e <= 19; e++)
        {
            for (var s = 1; s <= 13; s++)
            {
                data.Add(e, s);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCells))]
    public void Every_cell_matches_PS3_8_table_9_10(int evt, int state)
    {
        var cell = Expected[evt - 1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[state - 1];
        foreach (var requestor in new[] { true, false })
        {
            var transition = UpperLayerStateTable.Next((UpperLayerState)state, (UpperLayerEvent)evt, requestor);
            if (cell == "-")
            {
                Assert.False(transition.IsValid);
            }
            else
            {
                Assert.Equal(Enum.Parse<UpperLayerAction>(cell), transition.Action);
                Assert.Equal(UpperLayerStateTable.NextState(transition.Action, requestor), transition.Next);
            }
        }
    }

    [Fact]
    public void Requestor_lifecycle_ends_idle()
    {
        var machine = new UpperLayerMachine(isRequestor: true);
        Walk(machine, (Evt1, Sta4), (Evt2, Sta5), (Evt3, Sta6), (Evt9, Sta6), (Evt10, Sta6), (Evt11, Sta7), (Evt10, Sta7), (Evt13, Sta1));
    }

    [Fact]
    public void Acceptor_lifecycle_ends_idle_after_the_transport_closes()
    {
        var machine = new UpperLayerMachine(isRequestor: false);
        Walk(machine, (Evt5, Sta2), (Evt6, Sta3), (Evt7, Sta6), (Evt10, Sta6), (Evt9, Sta6), (Evt12, Sta8), (Evt9, Sta8), (Evt14, Sta13), (Evt17, Sta1));
    }

    [Fact]
    public void Release_collision_takes_the_requestor_and_acceptor_paths()
    {
        Walk(new UpperLayerMachine(true), (Evt1, Sta4), (Evt2, Sta5), (Evt3, Sta6), (Evt11, Sta7), (Evt12, Sta9), (Evt14, Sta11), (Evt13, Sta1));
        Walk(new UpperLayerMachine(false), (Evt5, Sta2), (Evt6, Sta3), (Evt7, Sta6), (Evt11, Sta7), (Evt12, Sta10), (Evt13, Sta12), (Evt14, Sta13), (Evt17, Sta1));
    }

    [Fact]
    public void Silent_peer_after_connect_is_closed_by_ARTIM()
    {
        Walk(new UpperLayerMachine(false), (Evt5, Sta2), (Evt18, Sta1));
        Walk(new UpperLayerMachine(false), (Evt5, Sta2), (Evt6, Sta3), (Evt8, Sta13), (Evt18, Sta1));
    }

    [Fact]
    public void An_invalid_event_leaves_the_state_unchanged()
    {
        var machine = new UpperLayerMachine(false);
        Assert.Equal(UpperLayerAction.None, machine.Fire(Evt9));
        Assert.Equal(Sta1, machine.State);
    }

    private static void Walk(UpperLayerMachine machine, params (UpperLayerEvent Event, UpperLayerState Expected)[] steps)
    {
        foreach (var (evt, expected) in steps)
        {
            Assert.NotEqual(UpperLayerAction.None, machine.Fire(evt));
            Assert.Equal(expected, machine.State);
        }
    }
}
