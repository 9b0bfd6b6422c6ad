using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using System.Threading;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>An object read the way the generator emits readers: a table of member rows.</summary>
internal sealed class TestItem : SallaObject
{
    private static readonly SallaObjectMembers<TestItem> Members = new(static m => new[]
    {
        m.Int64("id", static t => t.Id, static (t, v) => t.Id = v),
        m.String("name", static t => t.Name, static (t, v) => t.Name = v),
    });

    public long? Id { get; private set; }

    public string? Name { get; private set; }

    public static TestItem Read(ref Utf8JsonReader reader) => Members.Read(ref reader, new TestItem());

    protected override void WriteMembers(Utf8JsonWriter writer) => Members.Write(writer, this);
}

internal sealed class TestData : SallaObject
{
    private static readonly SallaObjectMembers<TestData> Members = new(static m => new[]
    {
        m.List<TestItem>("items", TestItem.Read, SallaJson.WriteObjectValue, static t => t.Items, static (t, v) => t.Items = v),
        m.Decimal("total", static t => t.Total, static (t, v) => t.Total = v),
    });

    public IReadOnlyList<TestItem?>? Items { get; private set; }

    public decimal? Total { get; private set; }

    public static TestData Read(ref Utf8JsonReader reader) => Members.Read(ref reader, new TestData());

    protected override void WriteMembers(Utf8JsonWriter writer) => Members.Write(writer, this);
}

/// <summary>A typed event, as the generator would emit one.</summary>
internal sealed class TestEvent : SallaEvent<TestData>
{
    private static readonly SallaEnvelopeReader<TestEvent> Envelope =
        new("test.event", static (ref Utf8JsonReader reader, TestEvent target) => target.Data = SallaJson.ReadRequiredObject(ref reader, TestData.Read));

    // The envelope reader sets Data, and refuses a body without it.
#pragma warning disable CS8618
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private TestEvent()
        : base("test.event")
    {
    }
#pragma warning restore CS8618

    public static TestEvent Parse(ReadOnlyMemory<byte> body) => Envelope.Read(body, new TestEvent());
}

internal interface ITestEventHandler : ISallaEventHandler<TestEvent>
{
}

/// <summary>A hand-written container: answers <c>IEnumerable&lt;T&gt;</c> from a dictionary, null for anything else.</summary>
internal sealed class DictionaryServiceProvider : IServiceProvider
{
    private readonly Dictionary<Type, object> _services = new();

    public List<Type> Requested { get; } = new();

    public DictionaryServiceProvider Add<T>(params T[] handlers)
    {
        _services[typeof(IEnumerable<T>)] = handlers;
        return this;
    }

    public object? GetService(Type serviceType)
    {
        Requested.Add(serviceType);
        return _services.TryGetValue(serviceType, out var service) ? service : null;
    }
}

internal sealed class RecordingHandler : ITestEventHandler, ISallaAnyEventHandler, ISallaUnknownEventHandler
{
    private readonly string _name;
    private readonly List<string> _log;
    private readonly bool _throws;

    public RecordingHandler(string name, List<string> log, bool throws = false)
    {
        _name = name;
        _log = log;
        _throws = throws;
    }

    public List<(SallaEvent Event, CancellationToken Token)> Seen { get; } = new();

    public ValueTask HandleAsync(TestEvent salla, CancellationToken cancellationToken) => Record(salla, cancellationToken);

    public ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken) => Record(salla, cancellationToken);

    public ValueTask HandleAsync(SallaUnknownEvent salla, CancellationToken cancellationToken) => Record(salla, cancellationToken);

    private async ValueTask Record(SallaEvent salla, CancellationToken cancellationToken)
    {
        await Task.Yield();
        _log.Add(_name);
        Seen.Add((salla, cancellationToken));
        if (_throws)
        {
            throw new InvalidOperationException(_name + " failed");
        }
    }
}
