using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Dicom.Tests.Network;

/// <summary>A logger factory that lets a test wait for a log event by id (to sequence a test on what the library did, not on sleeps).</summary>
internal sealed class EventLoggerFactory : ILoggerFactory
{
    private readonly List<(EventId Id, string Message)> _events = [];
    private readonly List<(int Id, TaskCompletionSource<string> Seen)> _waiters = [];

    public IReadOnlyList<(EventId Id, string Message)> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Completes with the message of the first event <paramref name="eventId"/>, past or future.</summary>
    public Task<string> WaitForAsync(int eventId, TimeSpan timeout)
    {
        lock (_events)
        {
            foreach (var (id, message) in _events)
            {
                if (id.Id == eventId)
                {
                    return Task.FromResult(message);
                }
            }

            var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((eventId, seen));
            return seen.Task.WaitAsync(timeout);
        }
    }

    public ILogger CreateLogger(string categoryName) => new EventLogger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private void Record(EventId id, string message)
    {
        lock (_events)
        {
            _events.Add((id, message));
            foreach (var (waitFor, seen) in _waiters)
            {
                if (waitFor == id.Id)
                {
                    seen.TrySetResult(message);
                }
            }
        }
    }

    private sealed class EventLogger(EventLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Record(eventId, formatter(state, exception));
    }
}
