using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Salla.Codegen.InboxTesting;
using Xunit;

namespace Salla.Codegen.EntityFrameworkCore.Tests;

/// <summary>The inbox on a real SQLite file: the embedded default.</summary>
public sealed class SqliteInboxTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly SqliteFile _file = new();

    public void Dispose() => _file.Dispose();

    private Task<ReceiverHost> StartAsync(Recorder recorder, Action<SallaInboxOptions>? inbox = null, TimeProvider? time = null, Action<Microsoft.AspNetCore.Builder.WebApplication>? map = null) =>
        ReceiverHost.StartAsync(o => o.UseSqlite(_file.ConnectionString), recorder, inbox, time: time, map: map);

    private static Task<int> CountAsync(ReceiverHost host, SallaInboxDeliveryState state) =>
        host.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync(d => d.State == state));

    [Fact]
    public async Task A_restarted_receiver_dispatches_what_the_previous_one_acknowledged()
    {
        var recorder = new Recorder();
        await using (var receiveOnly = await StartAsync(recorder, o => o.RunWorker = false))
        {
            for (var id = 1; id <= 20; id++)
            {
                var (status, reason) = await InboxKit.SendAsync(receiveOnly.Client, InboxKit.OrderCreated(id));
                Assert.Equal((200, "queued"), (status, reason));
            }

            Assert.Equal(20, await CountAsync(receiveOnly, SallaInboxDeliveryState.Pending));
        }

        Assert.Empty(recorder.Handled);
        await using var restarted = await StartAsync(recorder);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(restarted, SallaInboxDeliveryState.Processed) == 20, Patience, "the restarted receiver processed all 20");
        Assert.All(Enumerable.Range(1, 20), id => Assert.Equal(1, recorder.Count(id)));
        Assert.Equal(20, await restarted.WithContextAsync(db => db.Effects.CountAsync()));
    }

    [Fact]
    public async Task Without_handler_transactions_marks_shared_by_concurrent_deliveries_leave_each_processed_once()
    {
        var recorder = new Recorder();
        await using (var receiveOnly = await StartAsync(recorder, o => o.RunWorker = false))
        {
            await Parallel.ForEachAsync(Enumerable.Range(1, 300), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
                Assert.Equal((200, "queued"), await InboxKit.SendAsync(receiveOnly.Client, InboxKit.OrderCreated(id))));
        }

        // Sixteen handlers finishing together: their marks commit in shared statements.
        await using var host = await StartAsync(recorder, o => (o.TransactionalHandlers, o.MaxConcurrency, o.BatchSize) = (false, 16, 64));
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 300, Patience, "all 300 were processed");
        await Task.Delay(300);

        Assert.Equal(0, await CountAsync(host, SallaInboxDeliveryState.Pending));
        Assert.All(Enumerable.Range(1, 300), id => Assert.Equal(1, recorder.Count(id)));
        Assert.Equal(300, await host.WithContextAsync(db => db.Effects.CountAsync()));
        Assert.All(await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().Select(d => new { d.Attempts, d.LeaseOwner, d.CompletedAt }).ToListAsync()), row =>
        {
            Assert.Equal(1, row.Attempts);
            Assert.Null(row.LeaseOwner);
            Assert.NotNull(row.CompletedAt);
        });
    }

    [Fact]
    public async Task A_redelivery_is_acknowledged_without_being_dispatched_again()
    {
        var recorder = new Recorder();
        await using var host = await StartAsync(recorder);
        using var meter = new InboxMeter(host.Services);
        var body = InboxKit.OrderCreated(7);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(200, (await InboxKit.SendAsync(host.Client, body)).Status);
        }

        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 1, Patience, "the delivery was processed");
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, body)).Status);
        await Task.Delay(300);
        Assert.Equal(1, recorder.Count(7));
        Assert.Equal(1, await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync()));
        Assert.Equal(1, meter.Counter(SallaInboxTelemetry.StoredCounter));
        Assert.Equal(3, meter.Counter(SallaInboxTelemetry.DuplicateCounter));
        Assert.Equal(1, meter.Counter(SallaInboxTelemetry.ProcessedCounter));
    }

    [Fact]
    public async Task A_running_handlers_lease_is_renewed_and_a_lost_lease_would_wait_a_backoff()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new Recorder
        {
            BeforeHandling = async _ =>
            {
                started.TrySetResult();
                await finish.Task;
            },
        };
        await using var host = await StartAsync(recorder, o =>
        {
            o.LeaseDuration = TimeSpan.FromSeconds(1);
            o.InitialRetryDelay = TimeSpan.FromSeconds(10);
        });

        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(3))).Status);
        await started.Task.WaitAsync(Patience);
        var claimed = await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().AsNoTracking().SingleAsync());
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var renewed = await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().AsNoTracking().SingleAsync());
        finish.SetResult();
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 1, Patience, "the delivery was processed");

        Assert.Equal((SallaInboxDeliveryState.Pending, 1), (claimed.State, claimed.Attempts));
        Assert.True(claimed.NextAttemptAt >= claimed.LeaseUntil!.Value + TimeSpan.FromSeconds(10), "a lost lease is due again only after the lease and a backoff");
        Assert.Equal((SallaInboxDeliveryState.Pending, 1, claimed.LeaseOwner), (renewed.State, renewed.Attempts, renewed.LeaseOwner));
        Assert.True(renewed.LeaseUntil > claimed.LeaseUntil + TimeSpan.FromSeconds(1), $"the lease was renewed while the handler ran ({claimed.LeaseUntil:O} → {renewed.LeaseUntil:O})");
        Assert.Equal(1, recorder.Count(3));
        Assert.Equal(1, await host.WithContextAsync(db => db.Effects.CountAsync()));
    }

    [Fact]
    public async Task A_delivery_whose_lease_was_lost_on_its_last_attempt_is_dead_lettered_not_claimed_again()
    {
        var recorder = new Recorder();
        await using (var schema = new InboxTestContext(new DbContextOptionsBuilder<InboxTestContext>().UseSqlite(_file.ConnectionString).Options))
        {
            await schema.Database.EnsureCreatedAsync();

            // As a worker that died on the third of three attempts left it.
            var body = InboxKit.OrderCreated(8);
            schema.Set<SallaInboxDelivery>().Add(new SallaInboxDelivery
            {
                DeliveryKey = Webhooks.SallaDeliveryKey.Compute(body),
                EventName = "order.created",
                Body = body,
                ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-10),
                State = SallaInboxDeliveryState.Pending,
                Attempts = 3,
                NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(-1),
                LeaseOwner = "a-dead-worker/1",
                LeaseUntil = DateTimeOffset.UtcNow.AddMinutes(-2),
            });
            await schema.SaveChangesAsync();
        }

        await using var host = await StartAsync(recorder, o => o.MaxAttempts = 3);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.DeadLettered) == 1, Patience, "the delivery was dead-lettered");

        var dead = Assert.Single(await host.Admin.ListAsync());
        Assert.Contains("without finishing", dead.LastError, StringComparison.Ordinal);
        Assert.Null(dead.LeaseOwner);
        Assert.Equal(0, recorder.Count(8));
    }

    [Fact]
    public Task A_redelivery_is_a_duplicate_without_an_error_in_the_logs() =>
        InboxKit.AssertRedeliveriesAreQuietDuplicatesAsync(o => o.UseSqlite(_file.ConnectionString));

    [Fact]
    public async Task The_body_is_stored_byte_for_byte()
    {
        var recorder = new Recorder();
        await using var host = await StartAsync(recorder, o => o.RunWorker = false);

        // Whitespace, escapes and key order a re-serialisation would change.
        var body = Encoding.UTF8.GetBytes("{ \"event\" : \"order.created\",\n\t\"merchant\":1,\"created_at\":\"2025-01-02 03:04:05\",\"data\":{\"id\":1,\"note\":\"\\u0627\\u0644\\u0633\\u0644\\u0627\\u0645 \\/ caf\u00e9\",\"z\":1.50,\"a\":1e2}  }\r\n");
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, body)).Status);
        var stored = await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().SingleAsync());
        Assert.Equal(body, stored.Body);
        Assert.Equal(Webhooks.SallaDeliveryKey.Compute(body), stored.DeliveryKey);
        Assert.Equal("order.created", stored.EventName);
    }

    [Fact]
    public async Task A_failing_delivery_is_retried_then_dead_lettered_with_its_error_and_can_be_replayed()
    {
        var recorder = new Recorder();
        var failing = true;
        recorder.BeforeHandling = _ => failing ? throw new InvalidOperationException("the shipping API is down") : Task.CompletedTask;
        await using var host = await StartAsync(recorder, o =>
        {
            o.MaxAttempts = 3;
            o.InitialRetryDelay = TimeSpan.FromMilliseconds(50);
        });
        using var meter = new InboxMeter(host.Services);

        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(42))).Status);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.DeadLettered) == 1, Patience, "the delivery was dead-lettered");

        var dead = Assert.Single(await host.Admin.ListAsync());
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("order.created", dead.EventName);
        Assert.Contains("the shipping API is down", dead.LastError, StringComparison.Ordinal);
        Assert.Equal(0, await host.WithContextAsync(db => db.Effects.CountAsync()));
        Assert.Equal(2, meter.Counter(SallaInboxTelemetry.RetriedCounter));
        Assert.Equal(1, meter.Counter(SallaInboxTelemetry.DeadLetterCounter));
        await InboxKit.WaitUntilAsync(() => Task.FromResult(meter.Gauge(SallaInboxTelemetry.DeadLettersGauge) == 1), Patience, "the dead-letter gauge shows it");

        failing = false;
        Assert.False(await host.Admin.ReplayAsync("no-such-key"));
        Assert.True(await host.Admin.ReplayAsync(dead.DeliveryKey));
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 1, Patience, "the replayed delivery was processed");
        Assert.Equal(1, recorder.Count(42));
        Assert.Equal(1, await host.WithContextAsync(db => db.Effects.CountAsync()));
        Assert.Empty(await host.Admin.ListAsync());
    }

    [Fact]
    public async Task Processed_deliveries_are_pruned_after_the_retention_window_and_dead_letters_stay()
    {
        var recorder = new Recorder();
        recorder.BeforeHandling = id => id == 2 ? throw new InvalidOperationException("poison") : Task.CompletedTask;
        var time = new ShiftedTime();
        await using var host = await StartAsync(recorder, o =>
        {
            o.MaxAttempts = 1;
            o.PruneInterval = TimeSpan.FromMilliseconds(100);
        }, time);

        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1))).Status);
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(2))).Status);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 1 && await CountAsync(host, SallaInboxDeliveryState.DeadLettered) == 1, Patience, "one processed, one dead-lettered");

        // Within the window a redelivery is still recognised.
        time.Offset = TimeSpan.FromHours(23);
        await Task.Delay(400);
        Assert.Equal(1, await CountAsync(host, SallaInboxDeliveryState.Processed));
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1))).Status);
        await Task.Delay(300);
        Assert.Equal(1, recorder.Count(1));

        time.Offset = TimeSpan.FromHours(25);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 0, Patience, "the processed delivery was pruned");
        Assert.Equal(1, await CountAsync(host, SallaInboxDeliveryState.DeadLettered));
    }

    [Fact]
    public async Task A_retention_shorter_than_Sallas_retries_is_refused_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new Recorder(), o => o.Retention = TimeSpan.FromMinutes(10)));
        Assert.Contains("Retention", error.Message, StringComparison.Ordinal);
        Assert.NotEmpty(new SallaInboxOptions { Retention = TimeSpan.FromMinutes(14) }.Validate());
        Assert.Empty(new SallaInboxOptions().Validate());
    }

    [Fact]
    public async Task A_database_without_the_inbox_table_stops_start_up_with_what_to_run()
    {
        // A receiver that started anyway would answer 500 to every delivery at best; it must not come up at all.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            ReceiverHost.StartAsync(o => o.UseSqlite(_file.ConnectionString), new Recorder(), o => o.RunWorker = false, createSchema: false));
        Assert.Contains("dotnet ef database update", error.Message, StringComparison.Ordinal);
        Assert.Contains("EnsureSallaInboxCreatedAsync", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_dropped_while_running_makes_the_health_check_unhealthy_with_what_to_run()
    {
        await using var host = await StartAsync(new Recorder(), o => o.RunWorker = false);
        await host.WithContextAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE salla_inbox"));

        var report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        var entry = report.Entries[SallaInboxHealthCheck.Name];
        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Contains("dotnet ef migrations add AddSallaInbox", entry.Description, StringComparison.Ordinal);
        Assert.Equal(500, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1))).Status);
    }

    [Fact]
    public async Task The_health_check_reports_a_stalled_inbox()
    {
        var time = new ShiftedTime();
        await using var host = await StartAsync(new Recorder(), o =>
        {
            o.RunWorker = false;
            o.DegradedAfter = TimeSpan.FromMinutes(5);
            o.UnhealthyAfter = TimeSpan.FromMinutes(30);
        }, time);
        var health = host.Services.GetRequiredService<HealthCheckService>();
        async Task<HealthStatus> StatusAsync() => (await health.CheckHealthAsync()).Entries[SallaInboxHealthCheck.Name].Status;

        Assert.Equal(HealthStatus.Healthy, await StatusAsync());
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1))).Status);
        Assert.Equal(HealthStatus.Healthy, await StatusAsync());
        time.Offset = TimeSpan.FromMinutes(6);
        Assert.Equal(HealthStatus.Degraded, await StatusAsync());
        time.Offset = TimeSpan.FromMinutes(31);
        var report = await health.CheckHealthAsync();
        Assert.Equal(HealthStatus.Unhealthy, report.Entries[SallaInboxHealthCheck.Name].Status);
        Assert.Equal(1L, report.Entries[SallaInboxHealthCheck.Name].Data["pending"]);
    }

    [Fact]
    public async Task The_gauges_report_depth_and_the_oldest_pending_age()
    {
        var recorder = new Recorder();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        recorder.BeforeHandling = _ => gate.Task;
        await using var host = await StartAsync(recorder, o => o.TransactionalHandlers = false);
        using var meter = new InboxMeter(host.Services);

        for (var id = 1; id <= 3; id++)
        {
            Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(id))).Status);
        }

        await InboxKit.WaitUntilAsync(() => Task.FromResult(meter.Gauge(SallaInboxTelemetry.DepthGauge) == 3), Patience, "the depth gauge shows 3");
        await Task.Delay(1100);
        await InboxKit.WaitUntilAsync(() => Task.FromResult(meter.Gauge(SallaInboxTelemetry.OldestPendingAgeGauge) >= 1), Patience, "the oldest pending delivery is over a second old");

        gate.SetResult();
        await InboxKit.WaitUntilAsync(() => Task.FromResult(meter.Gauge(SallaInboxTelemetry.DepthGauge) == 0), Patience, "the depth gauge shows 0");
        Assert.Equal(0, meter.Gauge(SallaInboxTelemetry.OldestPendingAgeGauge));
        Assert.Equal(3, meter.Counter(SallaInboxTelemetry.ProcessedCounter));
    }

    [Fact]
    public async Task Dead_letters_are_listed_and_replayed_through_the_endpoints_and_the_command_line()
    {
        var recorder = new Recorder();
        var failing = true;
        recorder.BeforeHandling = _ => failing ? throw new InvalidOperationException("no stock service") : Task.CompletedTask;
        await using var host = await StartAsync(recorder, o => o.MaxAttempts = 1, map: app => app.MapSallaInboxAdmin());
        Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(5))).Status);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.DeadLettered) == 1, Patience, "the delivery was dead-lettered");

        using var list = JsonDocument.Parse(await host.Client.GetStringAsync("/salla/inbox/deliveries?state=dead"));
        var entry = Assert.Single(list.RootElement.EnumerateArray());
        var key = entry.GetProperty("deliveryKey").GetString()!;
        Assert.Equal("DeadLettered", entry.GetProperty("state").GetString());
        Assert.Contains("no stock service", entry.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        using var stats = JsonDocument.Parse(await host.Client.GetStringAsync("/salla/inbox/stats"));
        Assert.Equal(1, stats.RootElement.GetProperty("deadLettered").GetInt64());

        var output = new StringWriter();
        Assert.Equal(0, await host.Services.TryRunSallaInboxCommandAsync(new[] { "inbox", "list-dead" }, output));
        Assert.Contains(key, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("no stock service", output.ToString(), StringComparison.Ordinal);
        Assert.Null(await host.Services.TryRunSallaInboxCommandAsync(new[] { "--urls", "x" }, output));
        Assert.Equal(2, await host.Services.TryRunSallaInboxCommandAsync(new[] { "inbox", "frobnicate" }, output));

        using (var missing = await host.Client.PostAsync("/salla/inbox/deliveries/" + new string('0', 64) + "/replay", null))
        {
            Assert.Equal(404, (int)missing.StatusCode);
        }

        failing = false;
        using (var replay = await host.Client.PostAsync($"/salla/inbox/deliveries/{key}/replay", null))
        {
            Assert.Equal(200, (int)replay.StatusCode);
        }

        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 1, Patience, "the replayed delivery was processed");
        Assert.Equal(1, recorder.Count(5));
        Assert.Equal(1, await host.Services.TryRunSallaInboxCommandAsync(new[] { "inbox", "replay", key }, output));
    }
}
