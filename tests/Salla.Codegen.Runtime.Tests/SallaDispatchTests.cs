using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using System.Threading;
using System;
using Salla.Codegen.Metadata;
using Xunit;
using static Salla.Codegen.Runtime.Tests.JsonTestHelper;

namespace Salla.Codegen.Runtime.Tests;

public class ReadEventNameTests
{
    [Theory]
    [InlineData("{\"event\":\"order.created\",\"merchant\":1}", "order.created")]
    [InlineData("{\"merchant\":1,\"created_at\":\"Sun Jun 26 2022 12:21:48 GMT+0300\",\"event\":\"order.updated\"}", "order.updated")]
    [InlineData("{\"merchant\":1,\"data\":{\"event\":\"nested.wrong\",\"x\":[{\"event\":\"deeper\"}]},\"event\":\"order.updated\"}", "order.updated")]
    [InlineData("{\"data\":[{\"event\":\"in.array\"}],\"event\":\"a.b\"}", "a.b")]
    [InlineData("{\"eventName\":\"no\",\"events\":\"no\",\"data\":{\"event\":{\"event\":\"x\"}},\"event\":\"storetax.created\"}", "storetax.created")]
    [InlineData("  \r\n {\"event\":\"x.y\"}  ", "x.y")]
    [InlineData("{/* c */\"merchant\":1, // d\n \"event\":\"x.y\",}", "x.y")]
    [InlineData("{\"ev\\u0065nt\":\"escaped.name\"}", "escaped.name")]
    [InlineData("{\"event\":\"store.branch.setDefault\"}", "store.branch.setDefault")]
    public void FindsTheTopLevelEvent(string body, string expected) =>
        Assert.Equal(expected, SallaDispatch.ReadEventName(Encoding.UTF8.GetBytes(body)));

    [Theory]
    [InlineData("[]", "$", "object")]
    [InlineData("[{\"event\":\"order.created\"}]", "$", "object")]
    [InlineData("\"order.created\"", "$", "object")]
    [InlineData("null", "$", "object")]
    [InlineData("42", "$", "object")]
    [InlineData("hello", "$", null)]
    [InlineData("{}", "$.event", "string")]
    [InlineData("{\"merchant\":1}", "$.event", "string")]
    [InlineData("{\"data\":{\"event\":\"order.created\"}}", "$.event", "string")]
    [InlineData("{\"event\":123}", "$.event", "string")]
    [InlineData("{\"event\":null}", "$.event", "string")]
    [InlineData("{\"event\":\"\"}", "$.event", "string")]
    [InlineData("{\"event\":{\"name\":\"order.created\"}}", "$.event", "string")]
    [InlineData("{\"event\":[\"order.created\"]}", "$.event", "string")]
    [InlineData("{\"merchant\":1", "$", null)]
    [InlineData("{\"merchant\":1,\"ev", "$", null)]
    [InlineData("{\"merchant\":1,\"data\":{\"a\":", "$", null)]
    [InlineData("{\"merchant\":1,,\"event\":\"x\"}", "$", null)]
    [InlineData("{\"merchant\":01,\"event\":\"x\"}", "$", null)]
    public void RejectsWhatIsNotAnEnvelope(string body, string path, string? expectedType)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ex = Assert.Throws<SallaPayloadException>(() => SallaDispatch.ReadEventName(bytes));
        Assert.Equal(path, ex.JsonPath);
        Assert.Equal(expectedType, ex.ExpectedType);
        if (expectedType is not null)
        {
            Assert.Contains("(expected " + expectedType + ")", ex.Message, StringComparison.Ordinal);
        }
    }
}

public class ReadEventNameBlankBodyTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" \r\n\t ")]
    public void BlankBodyIsEmpty(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ex = Assert.Throws<SallaPayloadException>(() => SallaDispatch.ReadEventName(bytes));
        Assert.Equal("$", ex.JsonPath);
        Assert.Equal("object", ex.ExpectedType);
        Assert.Equal("the body is empty", ex.Problem);
    }
}

public class InvokeTests
{
    private const string Body = "{\"event\":\"test.event\",\"merchant\":7,\"data\":{\"items\":[{\"id\":1}]}}";

    [Fact]
    public async Task RunsEventHandlersInOrderThenAnyEventHandlers()
    {
        var log = new List<string>();
        var first = new RecordingHandler("first", log);
        var second = new RecordingHandler("second", log);
        var any = new RecordingHandler("any", log);
        var unknown = new RecordingHandler("unknown", log);
        var services = new DictionaryServiceProvider()
            .Add<ITestEventHandler>(first, second)
            .Add<ISallaAnyEventHandler>(any)
            .Add<ISallaUnknownEventHandler>(unknown);
        var salla = TestEvent.Parse(Utf8(Body));
        using var cts = new CancellationTokenSource();

        var result = await SallaDispatch.InvokeAsync<ITestEventHandler, TestEvent>(services, salla, cts.Token);

        Assert.Equal(new[] { "first", "second", "any" }, log);
        Assert.Equal(SallaDispatchOutcome.Handled, result.Outcome);
        Assert.Equal(3, result.HandlerCount);
        Assert.Equal("test.event", result.EventName);
        Assert.Same(salla, result.Event);
        foreach (var handler in new[] { first, second, any })
        {
            var (seen, token) = Assert.Single(handler.Seen);
            Assert.Same(salla, seen);
            Assert.Equal(cts.Token, token);
        }

        Assert.Empty(unknown.Seen);
        Assert.Equal(new[] { typeof(IEnumerable<ITestEventHandler>), typeof(IEnumerable<ISallaAnyEventHandler>) }, services.Requested);
    }

    [Fact]
    public async Task AnyEventHandlerAloneHandles()
    {
        var log = new List<string>();
        var services = new DictionaryServiceProvider().Add<ISallaAnyEventHandler>(new RecordingHandler("any", log));

        var result = await SallaDispatch.InvokeAsync<ITestEventHandler, TestEvent>(services, TestEvent.Parse(Utf8(Body)), CancellationToken.None);

        Assert.Equal(SallaDispatchOutcome.Handled, result.Outcome);
        Assert.Equal(1, result.HandlerCount);
        Assert.Equal(new[] { "any" }, log);
    }

    [Fact]
    public async Task ProviderThatKnowsNothingIsNoHandler()
    {
        var services = new DictionaryServiceProvider();

        var result = await SallaDispatch.InvokeAsync<ITestEventHandler, TestEvent>(services, TestEvent.Parse(Utf8(Body)), CancellationToken.None);

        Assert.Equal(SallaDispatchOutcome.NoHandler, result.Outcome);
        Assert.Equal(0, result.HandlerCount);
        Assert.Equal("test.event", result.EventName);
        Assert.Equal(2, services.Requested.Count);
    }

    [Fact]
    public async Task EmptyRegistrationsAreNoHandler()
    {
        var services = new DictionaryServiceProvider().Add<ITestEventHandler>().Add<ISallaAnyEventHandler>();

        var result = await SallaDispatch.InvokeAsync<ITestEventHandler, TestEvent>(services, TestEvent.Parse(Utf8(Body)), CancellationToken.None);

        Assert.Equal(SallaDispatchOutcome.NoHandler, result.Outcome);
        Assert.Equal(0, result.HandlerCount);
    }

    [Fact]
    public async Task AThrowingHandlerStopsDispatchAndPropagates()
    {
        var log = new List<string>();
        var services = new DictionaryServiceProvider()
            .Add<ITestEventHandler>(new RecordingHandler("first", log, throws: true), new RecordingHandler("second", log))
            .Add<ISallaAnyEventHandler>(new RecordingHandler("any", log));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await SallaDispatch.InvokeAsync<ITestEventHandler, TestEvent>(services, TestEvent.Parse(Utf8(Body)), CancellationToken.None));

        Assert.Equal("first failed", ex.Message);
        Assert.Equal(new[] { "first" }, log);
    }

    [Fact]
    public async Task UnknownEventRunsUnknownHandlersInOrder()
    {
        var log = new List<string>();
        var a = new RecordingHandler("a", log);
        var b = new RecordingHandler("b", log);
        var services = new DictionaryServiceProvider()
            .Add<ISallaUnknownEventHandler>(a, b)
            .Add<ISallaAnyEventHandler>(new RecordingHandler("any", log));
        var body = Utf8("{\"event\":\"brand.new.event\",\"merchant\":\"42\",\"data\":{\"x\":1}}");
        using var cts = new CancellationTokenSource();

        var result = await SallaDispatch.InvokeUnknownAsync(services, body, cts.Token);

        Assert.Equal(new[] { "a", "b" }, log);
        Assert.Equal(SallaDispatchOutcome.Unknown, result.Outcome);
        Assert.Equal(2, result.HandlerCount);
        Assert.Equal("brand.new.event", result.EventName);
        var salla = Assert.IsType<SallaUnknownEvent>(result.Event);
        Assert.Equal(42, salla.Merchant);
        Assert.Equal("{\"x\":1}", salla.Data!.Value.GetRawText());
        Assert.Same(salla, a.Seen[0].Event);
        Assert.Same(salla, b.Seen[0].Event);
        Assert.Equal(cts.Token, a.Seen[0].Token);
    }

    [Fact]
    public async Task UnknownEventWithoutHandlersIsStillUnknown()
    {
        var result = await SallaDispatch.InvokeUnknownAsync(new DictionaryServiceProvider(), Utf8("{\"event\":\"x.y\"}"), CancellationToken.None);

        Assert.Equal(SallaDispatchOutcome.Unknown, result.Outcome);
        Assert.Equal(0, result.HandlerCount);
        Assert.Equal("x.y", result.EventName);
    }

    [Fact]
    public async Task MalformedUnknownBodyThrowsBeforeAnyHandler()
    {
        var log = new List<string>();
        var services = new DictionaryServiceProvider().Add<ISallaUnknownEventHandler>(new RecordingHandler("a", log));

        var ex = await Assert.ThrowsAsync<SallaPayloadException>(async () =>
            await SallaDispatch.InvokeUnknownAsync(services, Utf8("{\"event\":\"x.y\",\"merchant\":{\"a\":1}}"), CancellationToken.None));

        Assert.Equal("$.merchant", ex.JsonPath);
        Assert.Empty(log);
    }
}
