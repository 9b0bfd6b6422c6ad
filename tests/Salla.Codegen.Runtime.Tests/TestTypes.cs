using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>An object read the way the generator emits readers.</summary>
internal sealed class TestItem : SallaObject
{
    public long? Id { get; private set; }

    public string? Name { get; private set; }

    public static TestItem Read(ref Utf8JsonReader reader)
    {
        var result = new TestItem();
        if (SallaJson.TryStartObject(ref reader))
        {
            string? member = null;
            bool seenId = false, seenName = false;
            try
            {
                while (SallaJson.NextMember(ref reader))
                {
                    if (reader.ValueTextEquals("id"u8))
                    {
                        member = "id";
                        SallaRequired.Once(ref seenId);
                        reader.Read();
                        result.Id = SallaJson.ReadInt64(ref reader);
                    }
                    else if (reader.ValueTextEquals("name"u8))
                    {
                        member = "name";
                        SallaRequired.Once(ref seenName);
                        reader.Read();
                        result.Name = SallaJson.ReadString(ref reader);
                    }
                    else
                    {
                        member = reader.GetString()!;
                        reader.Read();
                        result.AddExtensionMember(member, SallaJson.ReadAny(ref reader));
                    }

                    member = null;
                }
            }
            catch (Exception ex) when (SallaJson.IsReadFailure(ex))
            {
                throw SallaJson.AtMember(ex, member, ref reader);
            }
        }

        return result;
    }
}

internal sealed class TestData : SallaObject
{
    public IReadOnlyList<TestItem?>? Items { get; private set; }

    public decimal? Total { get; private set; }

    public static TestData Read(ref Utf8JsonReader reader)
    {
        var result = new TestData();
        if (SallaJson.TryStartObject(ref reader))
        {
            string? member = null;
            try
            {
                while (SallaJson.NextMember(ref reader))
                {
                    if (reader.ValueTextEquals("items"u8))
                    {
                        member = "items";
                        reader.Read();
                        result.Items = SallaJson.ReadList<TestItem>(ref reader, TestItem.Read);
                    }
                    else if (reader.ValueTextEquals("total"u8))
                    {
                        member = "total";
                        reader.Read();
                        result.Total = SallaJson.ReadDecimal(ref reader);
                    }
                    else
                    {
                        member = reader.GetString()!;
                        reader.Read();
                        result.AddExtensionMember(member, SallaJson.ReadAny(ref reader));
                    }

                    member = null;
                }
            }
            catch (Exception ex) when (SallaJson.IsReadFailure(ex))
            {
                throw SallaJson.AtMember(ex, member, ref reader);
            }
        }

        return result;
    }
}

/// <summary>A typed event, as the generator would emit one.</summary>
internal sealed class TestEvent : SallaEvent<TestData>
{
    private TestEvent()
    {
    }

    public static TestEvent Parse(ReadOnlyMemory<byte> body) =>
        ReadEnvelope(body, new TestEvent(), "test.event", requireData: true, static (ref Utf8JsonReader reader, TestEvent target) => target.Data = SallaJson.ReadRequiredObject(ref reader, TestData.Read));
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
