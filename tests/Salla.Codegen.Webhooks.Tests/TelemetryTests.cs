using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Diagnostics;
using System.Linq;
using System.Text.Json;
using System.Text;
using System.Threading.Tasks;
using System;
using Microsoft.Extensions.DependencyInjection;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.TestSupport;
using Salla.Codegen.Webhooks;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

// Processors created without a service provider share SallaWebhookMetrics.Shared: these tests run
// alone so no other test's deliveries are counted.
[CollectionDefinition(nameof(TelemetryCollection), DisableParallelization = true)]
public sealed class TelemetryCollection
{
}

[Collection(nameof(TelemetryCollection))]
public class TelemetryTests
{
    [Fact]
    public async Task Metrics_count_received_refused_handled_failed_duplicate_and_time_handlers()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SallaWebhookTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();

        var rig = new CoreRig(o => o.MaxBodyBytes = 64 * 1024);
        await rig.Post(Kit.OrderCreated);                                   // handled
        await rig.Post(Kit.OrderCreated);                                   // duplicate
        await rig.Post(Kit.OrderCreated, "wrong");                          // refused: signature_mismatch
        await rig.Post(Encoding.UTF8.GetBytes("{oops"));                    // refused: malformed_body
        await rig.Processor.ProcessAsync(new SallaWebhookRequest(new byte[70 * 1024], null, null, null)); // refused: payload_too_large
        rig.Recorder.OnEvent = _ => throw new InvalidOperationException("x");
        await rig.Post(RepoPaths.ExampleBody("app.store.authorize.json"));            // failed
        listener.Dispose();

        double Sum(string name, string? tag = null, string? value = null) => measurements
            .Where(m => m.Instrument == name && (tag is null || Equals(m.Tags.GetValueOrDefault(tag), value)))
            .Sum(m => m.Value);

        Assert.Equal(6, Sum(SallaWebhookTelemetry.ReceivedCounter));
        Assert.Equal(3, Sum(SallaWebhookTelemetry.RefusedCounter));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.RefusedCounter, "reason", "signature_mismatch"));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.RefusedCounter, "reason", "malformed_body"));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.RefusedCounter, "reason", "payload_too_large"));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.HandledCounter, "salla.event", "order.created"));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.HandledCounter, "salla.outcome", "handled"));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.DuplicateCounter));
        Assert.Equal(1, Sum(SallaWebhookTelemetry.FailedCounter, "salla.event", "app.store.authorize"));
        var durations = measurements.Where(m => m.Instrument == SallaWebhookTelemetry.HandlerDurationHistogram).ToList();
        Assert.Equal(3, durations.Count);
        Assert.All(durations, d => Assert.True(d.Value >= 0));
        Assert.Contains(durations, d => Equals(d.Tags["salla.outcome"], "handler_failed"));
    }

    [Fact]
    public async Task Each_service_provider_counts_on_a_meter_of_its_own_IMeterFactory()
    {
        using var first = ReceiverServices();
        using var second = ReceiverServices();
        var counted = new ConcurrentQueue<(object? Scope, long Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SallaWebhookTelemetry.Name && instrument.Name == SallaWebhookTelemetry.ReceivedCounter)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => counted.Enqueue((instrument.Meter.Scope, value)));
        listener.Start();

        await ReceiveAsync(first, Kit.OrderCreated);
        await ReceiveAsync(second, Kit.OrderCreated);
        await ReceiveAsync(second, Kit.UnknownEvent());

        long CountedBy(ServiceProvider services) =>
            counted.Where(c => ReferenceEquals(c.Scope, services.GetRequiredService<IMeterFactory>())).Sum(c => c.Value);
        Assert.Equal(1, CountedBy(first));
        Assert.Equal(2, CountedBy(second));

        static ServiceProvider ReceiverServices()
        {
            var services = new ServiceCollection();
            services.AddLogging().AddMetrics();
            services.AddSallaWebhooks<Salla.Events.SallaEventDispatcher>(o => o.Secrets.Add(Kit.Secret));
            return services.BuildServiceProvider();
        }

        static async Task ReceiveAsync(ServiceProvider services, byte[] body)
        {
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<SallaWebhookProcessor>().ProcessAsync(Kit.Signed(body));
            Assert.True(result.IsAcknowledged, result.Reason);
        }
    }

    [Fact]
    public async Task An_activity_is_traced_per_delivery_with_its_outcome()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SallaWebhookTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var rig = new CoreRig();
        var handled = await rig.Post(Kit.OrderCreated);
        await rig.Post(Kit.OrderCreated, "wrong");

        var ok = Assert.Single(activities, a => Equals(a.GetTagItem("salla.outcome"), "Handled"));
        Assert.Equal("order.created", ok.GetTagItem("salla.event"));
        Assert.Equal(1305146709L, ok.GetTagItem("salla.merchant"));
        Assert.Equal(handled.DeliveryKey, ok.GetTagItem("salla.delivery_key"));
        var refused = Assert.Single(activities, a => Equals(a.GetTagItem("salla.outcome"), "Unauthorized"));
        Assert.Equal(ActivityStatusCode.Error, refused.Status);
        Assert.Equal(401, refused.GetTagItem("http.response.status_code"));
    }

    [Fact]
    public async Task Only_event_names_this_build_knows_become_tags_and_logs_keep_the_real_name_cut_short()
    {
        var measurements = new ConcurrentQueue<(string Instrument, Dictionary<string, object?> Tags)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == SallaWebhookTelemetry.Name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, ToDictionary(tags))));
        meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => measurements.Enqueue((instrument.Name, ToDictionary(tags))));
        meters.Start();
        var activities = new ConcurrentQueue<Activity>();
        using var traces = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SallaWebhookTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Enqueue,
        };
        ActivitySource.AddActivityListener(traces);

        var longName = "order." + new string('x', 200);
        var injected = "order.created\r\n2025-01-01 INFO forged line";
        var senderNames = new[] { "ORDER.CREATED", "Infinity", "349", longName, injected };
        var rig = new CoreRig();
        await rig.Post(Kit.OrderCreated);
        foreach (var name in senderNames)
        {
            var result = await rig.Post(UnknownEvent(name));
            Assert.Equal(SallaWebhookOutcome.Unknown, result.Outcome);
        }

        meters.Dispose();

        var tagged = measurements.Where(m => m.Tags.ContainsKey(SallaWebhookTelemetry.EventTagName)).ToList();
        Assert.Equal(2 * (1 + senderNames.Length), tagged.Count);
        Assert.Equal(2, tagged.Count(m => Equals(m.Tags[SallaWebhookTelemetry.EventTagName], "order.created")));
        Assert.Equal(2 * senderNames.Length, tagged.Count(m => Equals(m.Tags[SallaWebhookTelemetry.EventTagName], SallaWebhookTelemetry.UnknownEventTag)));
        Assert.Equal("unknown", SallaWebhookTelemetry.UnknownEventTag);

        var eventTags = activities.Select(a => a.GetTagItem(SallaWebhookTelemetry.EventTagName)).ToList();
        Assert.Equal(1 + senderNames.Length, eventTags.Count);
        Assert.Equal(1, eventTags.Count(t => Equals(t, "order.created")));
        Assert.Equal(senderNames.Length, eventTags.Count(t => Equals(t, SallaWebhookTelemetry.UnknownEventTag)));

        var logged = rig.Logs.Entries.Where(e => e.EventId.Id == SallaWebhookLog.UnknownEventId).ToList();
        Assert.Equal(
            new object?[] { "ORDER.CREATED", "Infinity", "349", longName[..SallaWebhookLog.MaxLoggedEventNameLength] + "\u2026", "order.created\uFFFD\uFFFD2025-01-01 INFO forged line" },
            logged.Select(e => e["SallaEvent"]).ToArray());
        Assert.Contains(longName[..SallaWebhookLog.MaxLoggedEventNameLength] + "\u2026 for merchant", logged[3].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(longName, logged[3].Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', logged[4].Message);
        Assert.DoesNotContain('\r', logged[4].Message);
    }

    private static byte[] UnknownEvent(string name) =>
        Encoding.UTF8.GetBytes("{\"event\":" + JsonSerializer.Serialize(name) + ",\"merchant\":42,\"created_at\":\"2025-01-02 03:04:05\",\"data\":{\"id\":7}}");

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }
}
