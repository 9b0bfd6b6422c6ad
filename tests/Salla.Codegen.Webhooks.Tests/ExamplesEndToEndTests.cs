using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>
/// Every documented example, signed and posted over HTTP, reaches a handler as its typed event.
/// invoice.created was published without its envelope: it is wrapped (as the consumer tests do),
/// and posted as published it gets a 400.
/// </summary>
public class ExamplesEndToEndTests
{
    [Theory]
    [MemberData(nameof(RepoPaths.ExampleFileNames), MemberType = typeof(RepoPaths))]
    public async Task Signed_example_is_accepted_and_reaches_its_typed_event(string fileName)
    {
        await using var rig = await HttpRig.StartAsync(everything: true);
        var body = RepoPaths.ExampleBody(fileName);
        var name = JsonDocument.Parse(body).RootElement.GetProperty("event").GetString()!;

        var (status, text, _) = await rig.SendAsync(Kit.PostSigned(body));

        Assert.True(status == 200, $"{fileName}: {status} {text}");
        Assert.Equal("handled", text);
        var info = SallaEvents.Find(name);
        Assert.NotNull(info);
        var seen = rig.Recorder.Events.Where(e => e.Event == name).ToList();
        Assert.NotEmpty(seen);
        Assert.All(seen, e => Assert.IsType(info!.EventType, e));
        Assert.True(seen[0].RawBody.Span.SequenceEqual(body), "the handler sees the exact bytes that were signed");
    }

    [Fact]
    public async Task Invoice_created_as_published_has_no_envelope_and_is_a_400()
    {
        await using var rig = await HttpRig.StartAsync(everything: true);
        var published = File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "invoice.created.json"));

        var (status, text, _) = await rig.SendAsync(Kit.PostSigned(published));

        Assert.Equal(400, status);
        Assert.Contains("no 'event' member", text, System.StringComparison.Ordinal);
        Assert.Empty(rig.Recorder.Events);
    }

    [Theory]
    [InlineData("order.created.json")]
    [InlineData("app.store.authorize.json")]
    [InlineData("communication.sms.send.otp.json")]
    public async Task The_sample_events_reach_their_own_typed_handler(string fileName)
    {
        await using var rig = await HttpRig.StartAsync();

        var (status, _, _) = await rig.SendAsync(Kit.PostSigned(RepoPaths.ExampleBody(fileName)));

        Assert.Equal(200, status);
        Assert.Single(rig.Recorder.Events);
    }
}
