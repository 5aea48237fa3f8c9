using System.Reflection;
using Microsoft.Extensions.Logging;

namespace DicomCipherGateway.Tests;

/// <summary>
/// Every log event id in the solution names one event: the troubleshooting table of
/// docs/admin-guide.md looks events up by id alone, so the gateway has its own range (6000–6999)
/// apart from the DICOM library's (4000s).
/// </summary>
public sealed class EventIdTests
{
    private static readonly Assembly Gateway = typeof(GatewayHost).Assembly;

    private static readonly Assembly[] Solution =
    [
        Gateway,
        typeof(Dicom.Part10.DicomFile).Assembly,
        typeof(Cipher.Keys.CipherKey).Assembly,
        Assembly.Load("dcg"), // the CLI (its Program is in the global namespace, like the service's)
    ];

    private static IEnumerable<(Assembly Assembly, string Event, int Id)> Events() =>
        from assembly in Solution
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (assembly, $"{type.FullName}.{method.Name}", attribute.EventId);

    [Fact]
    public void The_solution_defines_log_events()
    {
        // Guards the reflection below: an empty set would make the other tests pass vacuously.
        var events = Events().ToList();
        Assert.Contains(events, e => e.Assembly == Gateway);
        Assert.Contains(events, e => e.Assembly == typeof(Dicom.Part10.DicomFile).Assembly);
    }

    [Fact]
    public void No_two_log_events_share_an_id()
    {
        var duplicates = Events()
            .GroupBy(e => e.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Event))}")
            .ToList();
        Assert.True(duplicates.Count == 0, "Event ids used more than once:\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void The_gateway_logs_in_the_6000s_and_nothing_else_does()
    {
        var misplaced = Events()
            .Where(e => (e.Assembly == Gateway) != e.Id is >= 6000 and <= 6999)
            .Select(e => $"{e.Id}: {e.Event}")
            .ToList();
        Assert.True(misplaced.Count == 0, "Event ids outside their range:\n" + string.Join("\n", misplaced));
    }
}
