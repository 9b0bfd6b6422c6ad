using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using System.Threading;
using System;
using Microsoft.Extensions.Logging;
using Salla.Codegen.TestSupport;
using Salla.Codegen.Webhooks;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>The transport-agnostic processor over the real generated dispatcher.</summary>
public class ProcessorTests
{
    [Fact]
    public async Task Valid_delivery_reaches_its_typed_handler_once()
    {
        var rig = new CoreRig();

        var result = await rig.Post(Kit.OrderCreated);

        Assert.Equal(SallaWebhookOutcome.Handled, result.Outcome);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal("order.created", result.EventName);
        Assert.Equal(SallaAuthenticationStatus.Verified, result.Authentication.Status);
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(rig.Recorder.Events));
        Assert.Equal(41027662, order.Data.ReferenceId);
        Assert.Same(order, result.Dispatch!.Value.Event);
    }

    [Fact]
    public async Task Refused_request_never_reaches_the_parser_or_a_handler()
    {
        var dispatcher = new CountingDispatcher();
        var processor = new SallaWebhookProcessor(Kit.Options(), dispatcher);
        var notJson = Encoding.UTF8.GetBytes("this is not json");

        var unsigned = await processor.ProcessAsync(new SallaWebhookRequest(notJson, null, null, null));
        var wrong = await processor.ProcessAsync(Kit.Signed(notJson, "wrong"));

        Assert.Equal((SallaWebhookOutcome.Unauthorized, 401), (unsigned.Outcome, unsigned.StatusCode));
        Assert.Equal(SallaAuthenticationStatus.MissingSignature, unsigned.Authentication.Status);
        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, wrong.Authentication.Status);
        Assert.Equal("signature mismatch", wrong.Reason);
        Assert.Equal(0, dispatcher.Calls);
    }

    [Theory]
    [InlineData("{\"event\":\"order.created\",\"merchant\":1,\"data\":{")]
    [InlineData("not json at all")]
    [InlineData("[1,2,3]")]
    [InlineData("")]
    [InlineData("{\"merchant\":1,\"data\":{}}")]
    [InlineData("{\"event\":\"order.created\",\"merchant\":\"not a number\",\"data\":{}}")]
    public async Task Malformed_body_is_a_400_with_a_short_reason(string body)
    {
        var rig = new CoreRig();

        var result = await rig.Post(Encoding.UTF8.GetBytes(body));

        Assert.Equal((SallaWebhookOutcome.MalformedBody, 400), (result.Outcome, result.StatusCode));
        Assert.StartsWith("Salla payload: $", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Reason);
        Assert.IsType<SallaPayloadException>(result.Exception);
        Assert.Empty(rig.Recorder.Events);
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.MalformedBodyId && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Malformed_body_is_not_remembered_so_each_retry_gets_the_same_answer()
    {
        var rig = new CoreRig();
        var body = Encoding.UTF8.GetBytes("{\"event\":\"order.created\",");

        var first = await rig.Post(body);
        var second = await rig.Post(body);

        Assert.Equal(SallaWebhookOutcome.MalformedBody, first.Outcome);
        Assert.Equal(SallaWebhookOutcome.MalformedBody, second.Outcome);
        Assert.Equal(0, rig.Store.Count);
    }

    [Fact]
    public async Task Unknown_event_is_acknowledged_and_logged_with_its_name()
    {
        var rig = new CoreRig();

        var result = await rig.Post(Kit.UnknownEvent("store.hologram.projected"));

        Assert.Equal((SallaWebhookOutcome.Unknown, 200), (result.Outcome, result.StatusCode));
        Assert.Equal("store.hologram.projected", result.EventName);
        var log = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.UnknownEventId);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Equal("UnknownEvent", log.EventId.Name);
        Assert.Equal("store.hologram.projected", log["SallaEvent"]);
        Assert.Equal(42L, log["SallaMerchant"]);
        Assert.Equal(result.DeliveryKey, log["DeliveryKey"]);
        Assert.Contains("store.hologram.projected", log.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_event_without_handler_is_acknowledged()
    {
        var rig = new CoreRig();

        var result = await rig.Post(RepoPaths.ExampleBody("brand.created.json"));

        Assert.Equal((SallaWebhookOutcome.NoHandler, 200), (result.Outcome, result.StatusCode));
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.NoHandlerId && (string?)e["SallaEvent"] == "brand.created");
    }

    [Fact]
    public async Task Duplicate_delivery_is_dispatched_once()
    {
        var rig = new CoreRig();

        var first = await rig.Post(Kit.OrderCreated);
        var second = await rig.Post(Kit.OrderCreated);

        Assert.Equal(SallaWebhookOutcome.Handled, first.Outcome);
        Assert.Equal((SallaWebhookOutcome.Duplicate, 200), (second.Outcome, second.StatusCode));
        Assert.Equal(first.DeliveryKey, second.DeliveryKey);
        Assert.Equal("order.created", second.EventName);
        Assert.Equal(1, rig.Recorder.Count("order.created"));
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.DuplicateId && (string?)e["DeliveryKey"] == first.DeliveryKey);
    }

    [Fact]
    public async Task Redelivery_while_the_first_is_still_in_progress_is_a_duplicate()
    {
        var rig = new CoreRig();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Recorder.OnEvent = async _ =>
        {
            entered.TrySetResult();
            await release.Task;
        };

        var first = rig.Post(Kit.OrderCreated).AsTask();
        await entered.Task;
        var second = await rig.Post(Kit.OrderCreated);
        release.SetResult();

        Assert.Equal(SallaWebhookOutcome.Duplicate, second.Outcome);
        Assert.Equal(SallaWebhookOutcome.Handled, (await first).Outcome);
        Assert.Equal(1, rig.Recorder.Count("order.created"));
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_body_dispatch_it_once()
    {
        var rig = new CoreRig();
        rig.Recorder.OnEvent = _ => Task.Delay(20);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => rig.Post(Kit.OrderCreated).AsTask())));

        Assert.Single(results, r => r.Outcome == SallaWebhookOutcome.Handled);
        Assert.Equal(15, results.Count(r => r.Outcome == SallaWebhookOutcome.Duplicate));
        Assert.Equal(1, rig.Recorder.Count("order.created"));
    }

    [Fact]
    public async Task Handler_failure_is_a_500_and_the_next_delivery_of_the_same_body_is_processed()
    {
        var rig = new CoreRig();
        var failures = 1;
        rig.Recorder.OnEvent = _ => Interlocked.Decrement(ref failures) >= 0 ? throw new InvalidOperationException("database unavailable: password=hunter2") : Task.CompletedTask;

        var failed = await rig.Post(Kit.OrderCreated);
        var retried = await rig.Post(Kit.OrderCreated);

        Assert.Equal((SallaWebhookOutcome.HandlerFailed, 500), (failed.Outcome, failed.StatusCode));
        Assert.DoesNotContain("hunter2", failed.Reason, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Equal((SallaWebhookOutcome.Handled, 200), (retried.Outcome, retried.StatusCode));
        Assert.Equal(2, rig.Recorder.Count("order.created"));
        var error = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.HandlerFailedId);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal("order.created", error["SallaEvent"]);
        Assert.Equal(1305146709L, error["SallaMerchant"]);
        Assert.Equal(failed.DeliveryKey, error["DeliveryKey"]);
    }

    [Fact]
    public async Task Handler_failure_with_deduplication_off_still_logs_the_delivery_key()
    {
        var rig = new CoreRig(o => o.Deduplication = false);
        rig.Recorder.OnEvent = _ => throw new InvalidOperationException("boom");

        var failed = await rig.Post(Kit.OrderCreated);

        Assert.Equal(SallaWebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.Null(failed.DeliveryKey);
        var error = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.HandlerFailedId);
        Assert.Equal(SallaDeliveryKey.Compute(Kit.OrderCreated), error["DeliveryKey"]);
    }

    [Fact]
    public async Task Cancellation_propagates_and_the_delivery_is_forgotten()
    {
        var rig = new CoreRig();
        using var cts = new CancellationTokenSource();
        rig.Recorder.OnEvent = _ =>
        {
            cts.Cancel();
            cts.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rig.Processor.ProcessAsync(Kit.Signed(Kit.OrderCreated), cts.Token).AsTask());
        rig.Recorder.OnEvent = null;

        Assert.Equal(SallaWebhookOutcome.Handled, (await rig.Post(Kit.OrderCreated)).Outcome);
    }

    [Fact]
    public async Task Deduplication_off_dispatches_every_delivery()
    {
        var rig = new CoreRig(o => o.Deduplication = false);

        var first = await rig.Post(Kit.OrderCreated);
        var second = await rig.Post(Kit.OrderCreated);

        Assert.Equal(SallaWebhookOutcome.Handled, first.Outcome);
        Assert.Equal(SallaWebhookOutcome.Handled, second.Outcome);
        Assert.Null(second.DeliveryKey);
        Assert.Equal(2, rig.Recorder.Count("order.created"));
    }

    [Fact]
    public async Task Oversize_body_is_a_413_checked_before_authentication()
    {
        var dispatcher = new CountingDispatcher();
        var processor = new SallaWebhookProcessor(Kit.Options(o => o.MaxBodyBytes = 100), dispatcher);
        var body = new byte[101];

        var result = await processor.ProcessAsync(new SallaWebhookRequest(body, null, null, null));

        Assert.Equal((SallaWebhookOutcome.PayloadTooLarge, 413), (result.Outcome, result.StatusCode));
        Assert.Equal(0, dispatcher.Calls);
        Assert.Equal(SallaWebhookOutcome.Unauthorized, (await processor.ProcessAsync(new SallaWebhookRequest(new byte[100], null, null, null))).Outcome);
    }

    [Fact]
    public void Delivery_key_is_the_lowercase_hex_sha256_of_the_raw_body()
    {
        var key = SallaDeliveryKey.Compute(Kit.OrderCreated);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Kit.OrderCreated)), key);
        Assert.Matches("^[0-9a-f]{64}$", key);
    }

    [Fact]
    public async Task Inbox_mode_acknowledges_then_dispatches_when_the_app_processes_the_item()
    {
        var inbox = new RecordingInbox();
        var rig = new CoreRig(o => o.UseInbox = true, inbox);

        var queued = await rig.Post(Kit.OrderCreated);

        Assert.Equal((SallaWebhookOutcome.Queued, 200), (queued.Outcome, queued.StatusCode));
        Assert.Empty(rig.Recorder.Events);
        var item = Assert.Single(inbox.Items);
        Assert.Equal("order.created", item.EventName);
        Assert.Equal(queued.DeliveryKey, item.DeliveryKey);
        Assert.Equal(SallaDeliveryKey.Compute(Kit.OrderCreated), item.DeliveryKey);
        Assert.True(item.Body.Span.SequenceEqual(Kit.OrderCreated));
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.QueuedId);

        var redelivered = await rig.Post(Kit.OrderCreated);
        var processed = await rig.Delivery.DispatchAsync(item.Body, item.DeliveryKey);

        Assert.Equal((SallaWebhookOutcome.Duplicate, 200), (redelivered.Outcome, redelivered.StatusCode));
        Assert.Single(inbox.Items);
        Assert.Equal(SallaWebhookOutcome.Handled, processed.Outcome);
        Assert.Equal(item.DeliveryKey, processed.DeliveryKey);
        Assert.IsType<OrderCreatedEvent>(Assert.Single(rig.Recorder.Events));
    }

    [Fact]
    public async Task Inbox_mode_still_authenticates_and_refuses_bodies_that_are_not_envelopes()
    {
        var inbox = new RecordingInbox();
        var rig = new CoreRig(o => o.UseInbox = true, inbox);

        var unsigned = await rig.Processor.ProcessAsync(new SallaWebhookRequest(Kit.OrderCreated, null, null, null));
        var malformed = await rig.Post(Encoding.UTF8.GetBytes("{\"no\":\"event\"}"));

        Assert.Equal(SallaWebhookOutcome.Unauthorized, unsigned.Outcome);
        Assert.Equal(SallaWebhookOutcome.MalformedBody, malformed.Outcome);
        Assert.Empty(inbox.Items);
    }

    [Fact]
    public async Task Inbox_failure_is_a_500_so_salla_retries()
    {
        var inbox = new RecordingInbox { Failure = new TimeoutException("queue down") };
        var rig = new CoreRig(o => o.UseInbox = true, inbox);

        var result = await rig.Post(Kit.OrderCreated);

        Assert.Equal((SallaWebhookOutcome.EnqueueFailed, 500), (result.Outcome, result.StatusCode));
        Assert.DoesNotContain("queue down", result.Reason, StringComparison.Ordinal);
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.EnqueueFailedId && e.Exception is TimeoutException);
    }

    [Fact]
    public async Task Inbox_item_whose_handler_fails_can_be_processed_again()
    {
        var inbox = new RecordingInbox();
        var rig = new CoreRig(o => o.UseInbox = true, inbox);
        await rig.Post(Kit.OrderCreated);
        var item = Assert.Single(inbox.Items);
        rig.Recorder.OnEvent = _ => throw new InvalidOperationException("later");

        var failed = await rig.Delivery.DispatchAsync(item.Body, item.DeliveryKey);
        rig.Recorder.OnEvent = null;
        var retried = await rig.Delivery.DispatchAsync(item.Body, item.DeliveryKey);

        Assert.Equal(SallaWebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Equal(SallaWebhookOutcome.Handled, retried.Outcome);
    }

    [Fact]
    public async Task The_dispatching_step_reports_failures_and_leaves_their_logging_to_its_caller()
    {
        // As an inbox worker runs it: no authentication, no delivery store, and the worker logs what it does about a failure.
        var rig = new CoreRig();
        var key = SallaDeliveryKey.Compute(Kit.OrderCreated);

        var handled = await rig.Delivery.DispatchAsync(Kit.OrderCreated, key);
        rig.Recorder.OnEvent = _ => throw new InvalidOperationException("later");
        var failed = await rig.Delivery.DispatchAsync(Kit.OrderCreated, key);
        var malformed = await rig.Delivery.DispatchAsync(Encoding.UTF8.GetBytes("{\"event\":\"order.created\",\"data\":{\"id\":\"x\"}}"), "k");

        Assert.Equal((SallaWebhookOutcome.Handled, key, "order.created"), (handled.Outcome, handled.DeliveryKey, handled.EventName));
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.HandledId);
        Assert.Equal(SallaWebhookOutcome.HandlerFailed, failed.Outcome);
        Assert.IsType<InvalidOperationException>(failed.Exception);
        Assert.Equal(SallaWebhookOutcome.MalformedBody, malformed.Outcome);
        Assert.IsType<SallaPayloadException>(malformed.Exception);
        Assert.DoesNotContain(rig.Logs.Entries, e => e.EventId.Id is SallaWebhookLog.HandlerFailedId or SallaWebhookLog.MalformedBodyId or SallaWebhookLog.DeliveryStoreFailedId);
    }

    [Fact]
    public void Inbox_mode_without_an_inbox_is_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new SallaWebhookProcessor(Kit.Options(o => o.UseInbox = true), new CountingDispatcher()));
    }

    [Fact]
    public async Task Logs_never_carry_a_secret_token_or_signature()
    {
        var rig = new CoreRig(o => o.Secrets = new[] { Kit.OldSecret, Kit.Secret });
        rig.Recorder.OnEvent = _ => throw new InvalidOperationException("x");
        var signature = Kit.Sign(Kit.OrderCreated);

        await rig.Post(Kit.OrderCreated);
        await rig.Post(Kit.OrderCreated, "wrong-secret");
        await rig.Processor.ProcessAsync(new SallaWebhookRequest(Kit.OrderCreated, signature, "Token", Kit.Secret));
        await rig.Processor.ProcessAsync(new SallaWebhookRequest(Kit.OrderCreated, "zz" + signature, null, Kit.Secret));

        Assert.NotEmpty(rig.Logs.Entries);
        foreach (var entry in rig.Logs.Entries)
        {
            var text = entry.Message + string.Join("|", entry.State.Select(kv => kv.Value));
            Assert.DoesNotContain(Kit.Secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Kit.OldSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, text, StringComparison.Ordinal);
        }
    }

    private sealed class CountingDispatcher : ISallaEventDispatcher
    {
        public int Calls { get; private set; }

        public ValueTask<SallaDispatchResult> DispatchAsync(ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default)
        {
            Calls++;
            throw new InvalidOperationException("must not be reached");
        }

        public bool IsKnownEvent(string eventName) => false;
    }
}
