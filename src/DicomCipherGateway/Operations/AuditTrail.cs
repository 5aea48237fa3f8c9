using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using DicomCipherGateway.Configuration;
using Microsoft.Extensions.Options;

namespace DicomCipherGateway.Operations;

/// <summary>
/// The audit trail: JSON lines in Log:Directory/audit-yyyyMMdd.jsonl, one per event, flushed as
/// written (an audit line must not sit in a buffer when the process dies).
/// </summary>
internal sealed class AuditTrail : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly string _directory;
    private readonly Lock _lock = new();
    private StreamWriter? _writer;
    private DateOnly _day;

    public AuditTrail(IOptions<GatewayOptions> options)
    {
        _directory = options.Value.Log.Directory;
    }

    public void Write(AuditRecord record)
    {
        var line = JsonSerializer.Serialize(record, Json);
        lock (_lock)
        {
            var day = DateOnly.FromDateTime(record.Time.UtcDateTime);
            if (_writer is null || day != _day)
            {
                _writer?.Dispose();
                Directory.CreateDirectory(_directory);
                var path = Path.Combine(_directory, $"audit-{day:yyyyMMdd}.jsonl");
                _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false)) { AutoFlush = true };
                _day = day;
            }

            _writer.WriteLine(line);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer?.Dispose();
            _writer = null;
        }
    }
}
