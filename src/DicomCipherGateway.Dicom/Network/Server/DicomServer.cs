using System.Collections.Concurrent;
using System.Net;
using DicomCipherGateway.Dicom.Network.Acse;
using DicomCipherGateway.Dicom.Network.Association;
using DicomCipherGateway.Dicom.Network.Dimse;
using DicomCipherGateway.Dicom.Network.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DicomCipherGateway.Dicom.Network.Server;

/// <summary>
/// Accepts connections and runs one association per connection. The accept loop never waits
/// on a peer (TLS handshakes and negotiation run per connection); the association count is
/// a semaphore released in <c>finally</c>; <see cref="StopAsync"/> stops accepting, waits for
/// associations to end and aborts the rest when the caller's token says so.
/// </summary>
public sealed class DicomServer : IAsyncDisposable
{
    private const int RejectingConnections = 16;

    private readonly DicomServerOptions _options;
    private readonly IAssociationPolicy _policy;
    private readonly Func<AssociationEngine, AssociationContext, IMessageReceiver> _receiverFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly SemaphoreSlim _rejectSlots = new(RejectingConnections, RejectingConnections);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Served> _served = new();
    private IDicomConnectionListener? _listener;
    private Task _accepting = Task.CompletedTask;
    private int _started;
    private int _disposed;
    private volatile bool _cleanedUp;

    public DicomServer(DicomServerOptions options, IAssociationPolicy policy, DicomServiceHandlers handlers, ILoggerFactory? loggerFactory = null)
        : this(options, policy, (Func<AssociationEngine, AssociationContext, IMessageReceiver>?)null, loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        var stopping = _stopping.Token;
        _receiverFactory = (engine, context) => new DimseDispatcher(engine, context, handlers, _logger, options.Timeouts.Dimse, stopping);
    }

    internal DicomServer(DicomServerOptions options, IAssociationPolicy policy, Func<AssociationEngine, AssociationContext, IMessageReceiver>? receiverFactory, ILoggerFactory? loggerFactory)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        if (options.MaxAssociations < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "MaxAssociations must be at least 1.");
        }

        _receiverFactory = receiverFactory ?? ((_, _) => new BufferingMessageReceiver(DimseCommandProbe.HasDataSet));
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("DicomCipherGateway.Dicom.Network.Server");
        _slots = new SemaphoreSlim(options.MaxAssociations, options.MaxAssociations);
    }

    /// <summary>The bound endpoint (with the real port), once started.</summary>
    public EndPoint? EndPoint => _listener?.EndPoint;

    /// <summary>Associations (and pending connections) being served now.</summary>
    public int ActiveConnections => _served.Count;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        _listener = await _options.Transport.BindAsync(_options.EndPoint, cancellationToken).ConfigureAwait(false);
        ServerLog.Listening(_logger, _listener.EndPoint);
        _accepting = Task.Run(AcceptLoopAsync, CancellationToken.None);
    }

    private async Task AcceptLoopAsync()
    {
        var token = _stopping.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                var connection = await _listener!.AcceptAsync(token).ConfigureAwait(false);
                if (connection is null)
                {
                    return;
                }

                if (_slots.Wait(0))
                {
                    Track(connection, _policy, _slots);
                }
                else if (_rejectSlots.Wait(0))
                {
                    ServerLog.LimitReached(_logger, _options.MaxAssociations, connection.Id, connection.RemoteEndPoint);
                    Track(connection, LimitExceededPolicy.Instance, _rejectSlots);
                }
                else
                {
                    // Beyond even the rejection budget: close at once rather than queue without bound.
                    ServerLog.LimitReached(_logger, _options.MaxAssociations, connection.Id, connection.RemoteEndPoint);
                    connection.Abort();
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            ServerLog.AcceptFailed(_logger, _listener!.EndPoint, e);
        }
    }

    private void Track(IDicomConnection connection, IAssociationPolicy policy, SemaphoreSlim slot)
    {
        // Registered before it starts, so ServeAsync's removal can never precede the add.
        var served = new Served(connection);
        _served[connection.Id] = served;
        served.Task = Task.Run(() => ServeAsync(served, policy, slot), CancellationToken.None);
    }

    private async Task ServeAsync(Served served, IAssociationPolicy policy, SemaphoreSlim slot)
    {
        var connection = served.Connection;
        try
        {
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token))
            {
                handshake.CancelAfter(_options.Timeouts.Connect);
                await connection.EstablishAsync(handshake.Token).ConfigureAwait(false);
            }

            var info = new AssociationRequestInfo(connection.Id, connection.RemoteEndPoint, connection.RemoteCertificate);
            var settings = new AssociationEngine.AcceptorSettings(policy, info, _options.MaxPduLength, _options.MaxOperations);
            // Not linked to _stopping: a stop lets associations finish and aborts them only when its token says so.
            var engine = AssociationEngine.Accept(connection, settings, _options.Timeouts, _receiverFactory, _logger, CancellationToken.None);
            served.Engine = engine;
            await using (engine.ConfigureAwait(false))
            {
                await engine.Completion.ConfigureAwait(false);
                ServerLog.AssociationEnded(_logger, engine.Id, engine.Failure?.Message ?? "released");
            }
        }
        catch (Exception e)
        {
            ServerLog.ConnectionFailed(_logger, connection.Id, connection.RemoteEndPoint, e.Message);
        }
        finally
        {
            try
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
            finally
            {
                _served.TryRemove(connection.Id, out _);
                slot.Release();
            }
        }
    }

    /// <summary>
    /// Stops accepting, then waits for the associations in progress to end. When
    /// <paramref name="cancellationToken"/> fires first, the rest are aborted (A-ABORT) and
    /// awaited.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cleanedUp)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var aborted = 0;
        try
        {
            await Task.WhenAll(_served.Values.Select(s => s.Task ?? Task.CompletedTask)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            foreach (var served in _served.Values)
            {
                aborted++;
                if (served.Engine is { } engine)
                {
                    await engine.AbortAsync(null).ConfigureAwait(false);
                }
                else
                {
                    served.Connection.Abort();
                }
            }

            await Task.WhenAll(_served.Values.Select(s => s.Task ?? Task.CompletedTask)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_listener is not null)
        {
            ServerLog.Stopped(_logger, _listener.EndPoint, aborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        using var now = new CancellationTokenSource(TimeSpan.Zero);
        await StopAsync(now.Token).ConfigureAwait(false);
        _cleanedUp = true;
        _stopping.Dispose();
        _slots.Dispose();
        _rejectSlots.Dispose();
    }

    private sealed class Served(IDicomConnection connection)
    {
        public IDicomConnection Connection { get; } = connection;

        public Task? Task { get; set; }

        public AssociationEngine? Engine { get; set; }
    }
}
