using DicomCipherGateway.Dicom.IO.Writing;
using DicomCipherGateway.Dicom.Model;

namespace DicomCipherGateway.Dicom.Tests.IO;

internal static class DatasetBytes
{
    public static byte[] Of(DicomDataset dataset, DicomTransferSyntax syntax) => DicomDatasetWriter.ToArray(dataset, syntax);
}
