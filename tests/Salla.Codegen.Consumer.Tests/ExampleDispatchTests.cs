using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Salla.Codegen;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>Every documented example, dispatched through the generated dispatcher as raw bytes.</summary>
public class ExampleDispatchTests
{
    [Theory]
    [MemberData(nameof(RepoPaths.ExampleFileNames), MemberType = typeof(RepoPaths))]
    public async Task Example_reaches_the_typed_handler_of_its_event(string fileName)
    {
        var body = RepoPaths.ExampleBody(fileName);
        var name = JsonDocument.Parse(body).RootElement.GetProperty("event").GetString()!;
        var info = SallaEvents.Find(name);
        Assert.NotNull(info);
        var services = new TestServices();

        var result = await new SallaEventDispatcher(services).DispatchAsync(body);

        Assert.Equal(SallaDispatchOutcome.Handled, result.Outcome);
        Assert.Equal(name, result.EventName);
        var call = Assert.Single(services.Calls, c => c.HandlerType == info!.HandlerType);
        Assert.IsType(info!.EventType, call.Event);
        Assert.Same(result.Event, call.Event);
        Assert.NotNull(call.Event.UntypedData);
        Assert.IsType(info.DataType, call.Event.UntypedData);
        Assert.NotNull(call.Event.Merchant);
        Assert.NotNull(call.Event.CreatedAt);
        Assert.True(call.Event.RawBody.Span.SequenceEqual(body), "the event keeps the exact bytes it was given");
    }

    [Theory]
    [MemberData(nameof(RepoPaths.ExampleFileNames), MemberType = typeof(RepoPaths))]
    public void Every_member_of_the_example_is_a_typed_property_or_in_an_extension_bag(string fileName)
    {
        var body = RepoPaths.ExampleBody(fileName);
        using var json = JsonDocument.Parse(body);

        var parsed = SallaEvents.Parse(body);

        var losses = PayloadWalker.FindLosses(json.RootElement.GetProperty("data"), parsed.UntypedData, "$.data");
        Assert.True(losses.Count == 0, string.Join("\n", losses));
        foreach (var member in json.RootElement.EnumerateObject().Where(m => m.Name is not ("event" or "merchant" or "created_at" or "data")))
        {
            Assert.Equal(member.Value.GetRawText(), parsed.ExtensionData[member.Name].GetRawText());
        }

        Assert.Equal(json.RootElement.GetProperty("event").GetString(), parsed.Event);
        Assert.True(PayloadWalker.CountTyped(json.RootElement.GetProperty("data"), parsed.UntypedData) > 0);
    }
}
