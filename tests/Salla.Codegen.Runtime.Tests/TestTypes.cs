using System.Collections.Generic;
using System.Text.Json;
using System.Threading.Tasks;
using System.Threading;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>An object read the way the generator emits readers: a member table and a switch.</summary>
internal sealed class TestItem : SallaObject
{
    private static readonly SallaObjectReader<TestItem> Reader = new(
        ReadMember,
        new SallaMemberSpec[] { new("id", "integer"), new("name", "string") });

    public long? Id { get; private set; }

    public string? Name { get; private set; }

    public static TestItem Read(ref Utf8JsonReader reader) => Reader.Read(ref reader, new TestItem());

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        SallaJson.WriteInt64(writer, "id", Id, writeNull: false);
        SallaJson.WriteString(writer, "name", Name, writeNull: false);
    }

    private static void ReadMember(ref Utf8JsonReader reader, TestItem target, int member)
    {
        switch (member)
        {
            case 0:
                target.Id = SallaJson.ReadInt64(ref reader);
                break;
            case 1:
                target.Name = SallaJson.ReadString(ref reader);
                break;
        }
    }
}

internal sealed class TestData : SallaObject
{
    private static readonly SallaObjectReader<TestData> Reader = new(
        ReadMember,
        new SallaMemberSpec[] { new("items", "array"), new("total", "number") });

    public IReadOnlyList<TestItem?>? Items { get; private set; }

    public decimal? Total { get; private set; }

    public static TestData Read(ref Utf8JsonReader reader) => Reader.Read(ref reader, new TestData());

    protected override void WriteMembers(Utf8JsonWriter writer)
    {
        SallaJson.WriteList(writer, "items", Items, SallaJson.WriteObjectValue, writeNull: false);
        SallaJson.WriteDecimal(writer, "total", Total, writeNull: false);
    }

    private static void ReadMember(ref Utf8JsonReader reader, TestData target, int member)
    {
        switch (member)
        {
            case 0:
                target.Items = SallaJson.ReadList<TestItem>(ref reader, TestItem.Read);
                break;
            case 1:
                target.Total = SallaJson.ReadDecimal(ref reader);
                break;
        }
    }
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
