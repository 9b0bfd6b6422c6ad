using System.Text.Json;
using System.Text;
using System.Threading.Tasks;
using System;
using Salla.Codegen.TestSupport;
using Salla.Codegen;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>Bad bodies give the documented exception or the unknown-event path, never another exception.</summary>
public class NegativeTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static Task<SallaDispatchResult> Dispatch(byte[] body, TestServices? services = null) =>
        new SallaEventDispatcher(services ?? new TestServices()).DispatchAsync(body).AsTask();

    [Fact]
    public async Task Empty_body_is_a_payload_error_at_the_root()
    {
        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(Array.Empty<byte>()));

        Assert.Equal("$", ex.JsonPath);
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public async Task Truncated_example_is_a_payload_error()
    {
        var body = RepoPaths.ExampleBody("order.created.json");

        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(body.AsSpan(0, body.Length / 2).ToArray()));

        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
        Assert.StartsWith("$.data", ex.JsonPath);
    }

    [Fact]
    public async Task Trailing_garbage_is_a_payload_error()
    {
        var body = Utf8(Encoding.UTF8.GetString(RepoPaths.ExampleBody("storetax.created.json")) + " x");

        await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(body));
    }

    [Fact]
    public async Task Value_that_cannot_be_coerced_names_its_path_and_expected_type()
    {
        var body = Utf8("""{"event":"order.created","merchant":1,"created_at":"2022-12-31 12:31:25","data":{"id":1,"reference_id":2,"items":[{"id":5,"quantity":"lots"}]}}""");

        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(body));

        Assert.Equal("$.data.items[0].quantity", ex.JsonPath);
        Assert.Equal("integer", ex.ExpectedType);
        Assert.Contains("lots", ex.Message);
    }

    [Fact]
    public async Task Object_where_a_number_is_expected_is_refused()
    {
        var body = Utf8("""{"event":"storetax.created","merchant":1,"data":{"id":{"nested":true}}}""");

        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(body));

        Assert.Equal("$.data.id", ex.JsonPath);
        Assert.Equal("integer", ex.ExpectedType);
    }

    [Fact]
    public async Task Missing_required_member_is_refused_with_its_path()
    {
        var body = Utf8("""{"event":"order.created","merchant":1,"data":{"reference_id":2}}""");

        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(body));

        Assert.Equal("$.data.id", ex.JsonPath);
    }

    [Fact]
    public async Task Unknown_event_goes_to_the_unknown_handlers_with_its_data_kept()
    {
        var unknown = new RecordingUnknownHandler();
        var services = new TestServices().Add<ISallaUnknownEventHandler>(unknown);

        var result = await Dispatch(Utf8("""{"event":"order.teleported","merchant":7,"data":{"x":[1,2]}}"""), services);

        Assert.Equal(SallaDispatchOutcome.Unknown, result.Outcome);
        Assert.Equal("order.teleported", result.EventName);
        Assert.Equal(1, result.HandlerCount);
        Assert.Equal("""{"x":[1,2]}""", unknown.Seen!.Data!.Value.GetRawText());
        Assert.Empty(services.Calls);
    }

    [Fact]
    public async Task Body_without_an_event_name_is_a_payload_error()
    {
        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(Utf8("""{"merchant":1,"data":{}}""")));

        Assert.Equal("$.event", ex.JsonPath);
    }

    [Fact]
    public async Task Json_that_is_not_an_object_is_a_payload_error()
    {
        var ex = await Assert.ThrowsAsync<SallaPayloadException>(() => Dispatch(Utf8("[1,2,3]")));

        Assert.Equal("object", ex.ExpectedType);
    }

    [Fact]
    public async Task Known_event_without_handlers_reports_no_handler()
    {
        var result = await new SallaEventDispatcher(new EmptyServices()).DispatchAsync(RepoPaths.ExampleBody("storetax.created.json"));

        Assert.Equal(SallaDispatchOutcome.NoHandler, result.Outcome);
        Assert.Equal(0, result.HandlerCount);
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public object? GetService(Type serviceType) => null;
    }

    private sealed class RecordingUnknownHandler : ISallaUnknownEventHandler
    {
        public SallaUnknownEvent? Seen { get; private set; }

        public ValueTask HandleAsync(SallaUnknownEvent salla, System.Threading.CancellationToken cancellationToken)
        {
            Seen = salla;
            return ValueTask.CompletedTask;
        }
    }
}
