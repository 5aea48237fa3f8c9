using DicomCipherGateway.Configuration;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Operations;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace DicomCipherGateway.Forwarding;

/// <summary>
/// The Polly 8 pipeline of one forward: retry with exponential backoff and jitter on transient
/// failures (outermost), a circuit breaker for the destination, a timeout per attempt (innermost).
/// </summary>
internal static class ForwardPipelineFactory
{
    public static ResiliencePipeline<DicomStatus> Create(ForwardOptions options, string destination, GatewayMetrics metrics, ILogger logger)
    {
        var circuit = metrics.CircuitState.WithLabels(destination);
        circuit.Set(0);
        return new ResiliencePipelineBuilder<DicomStatus>()
            .AddRetry(new RetryStrategyOptions<DicomStatus>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                OnRetry = args =>
                {
                    metrics.RetryDelaySeconds.Observe(args.RetryDelay.TotalSeconds);
                    metrics.Failed.WithLabels("transient").Inc();
                    var reason = args.Outcome.Exception?.Message ?? args.Outcome.Result.ToString();
                    ForwardingLog.Retrying(logger, destination, args.RetryDelay, args.AttemptNumber + 1, reason);
                    return default;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<DicomStatus>
            {
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                FailureRatio = 0.5,
                MinimumThroughput = 4,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
                OnOpened = _ =>
                {
                    circuit.Set(2);
                    ForwardingLog.Circuit(logger, destination, "open");
                    return default;
                },
                OnHalfOpened = _ =>
                {
                    circuit.Set(1);
                    return default;
                },
                OnClosed = _ =>
                {
                    circuit.Set(0);
                    ForwardingLog.Circuit(logger, destination, "closed");
                    return default;
                },
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private static bool IsTransient(Outcome<DicomStatus> outcome) =>
        outcome.Exception is { } e ? ForwardOutcomeClassifier.IsTransient(e) : ForwardOutcomeClassifier.IsTransient(outcome.Result);
}
