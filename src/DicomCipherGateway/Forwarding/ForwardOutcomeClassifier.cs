using System.Net.Sockets;
using DicomCipherGateway.Dicom.Network;
using DicomCipherGateway.Dicom.Network.Dimse;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace DicomCipherGateway.Forwarding;

/// <summary>The one place that decides "retry or dead-letter" for what the PACS answered or how the attempt failed.</summary>
internal static class ForwardOutcomeClassifier
{
    public static ForwardDecision Classify(DicomStatus status) => status.Code switch
    {
        _ when status.IsCompleted => ForwardDecision.Done,
        >= 0xA700 and <= 0xA7FF => ForwardDecision.Transient,
        0x0213 => ForwardDecision.Transient,
        0x0122 or 0x0118 or 0x0124 => ForwardDecision.DeadLetter,
        _ => ForwardDecision.Counted,
    };

    public static ForwardDecision Classify(Exception exception) => exception switch
    {
        PacsRefusedException => ForwardDecision.DeadLetter,
        AssociationRejectedException rejected => rejected.IsTransient ? ForwardDecision.Transient : ForwardDecision.DeadLetter,
        DicomNetworkException or SocketException or IOException or TimeoutRejectedException or BrokenCircuitException => ForwardDecision.Transient,
        _ => ForwardDecision.Counted,
    };

    /// <summary>What the Polly pipeline retries (and the circuit breaker counts).</summary>
    public static bool IsTransient(Exception exception) => Classify(exception) == ForwardDecision.Transient && exception is not BrokenCircuitException;

    public static bool IsTransient(DicomStatus status) => Classify(status) == ForwardDecision.Transient;
}
