using DicomCipherGateway.Dicom.Dictionary;
using DicomCipherGateway.Dicom.Model;
using DicomCipherGateway.Dicom.Network.Client;

namespace DicomCipherGateway.Dicom.Tests.Network.Acse;

public class StoreContextPlannerTests
{
    [Fact]
    public void Each_own_syntax_gets_a_context_of_its_own_and_native_classes_a_little_endian_fallback()
    {
        var plan = StoreContextPlanner.Plan(
        [
            (DicomUids.CTImageStorage, DicomTransferSyntax.ImplicitVRLittleEndian),
            (DicomUids.CTImageStorage, DicomTransferSyntax.ExplicitVRBigEndian),
            (DicomUids.CTImageStorage, DicomTransferSyntax.ImplicitVRLittleEndian),
            (DicomUids.UltrasoundImageStorage, DicomTransferSyntax.JPEGBaseline8Bit),
            (DicomUids.NuclearMedicineImageStorage, DicomTransferSyntax.ExplicitVRLittleEndian),
        ]);

        string[] expected =
        [
            "CT 1.2.840.10008.1.2",
            "CT 1.2.840.10008.1.2.2",
            "CT 1.2.840.10008.1.2.1",
            "US 1.2.840.10008.1.2.4.50",
            "NM 1.2.840.10008.1.2.1",
            "NM 1.2.840.10008.1.2",
        ];
        string Short(DicomUid u) => u == DicomUids.CTImageStorage ? "CT" : u == DicomUids.UltrasoundImageStorage ? "US" : "NM";
        Assert.Equal(expected, plan.Select(p => $"{Short(p.AbstractSyntax)} {string.Join(',', p.TransferSyntaxes.Select(s => s.Uid))}"));
    }
}
