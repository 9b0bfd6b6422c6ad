using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.EntityFrameworkCore;
using Salla.Codegen.InboxTesting;
using Xunit;

namespace Salla.Codegen.EntityFrameworkCore.Tests;

/// <summary>
/// The inbox on a real PostgreSQL server shared by replicas. Needs SALLA_TEST_POSTGRES (scripts/test.sh
/// starts a local cluster and sets it); without a reachable server these tests fail, they do not skip.
/// </summary>
public sealed class PostgresInboxTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static Task<int> CountAsync(ReceiverHost host, SallaInboxDeliveryState state) =>
        host.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync(d => d.State == state));

    [Fact]
    public async Task Two_replicas_on_one_database_handle_each_of_1000_deliveries_exactly_once_despite_redeliveries()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var recorder = new Recorder();
        await using var first = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, name: "first");
        await using var second = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, name: "second", createSchema: false);
        var hosts = new[] { first, second };

        // Every delivery once, then 300 of them again (Salla's retries after a lost answer), all
        // shuffled, each sent to either replica, 16 at a time.
        var random = new Random(20260101);
        var bodies = Enumerable.Range(1, 1000).Select(id => InboxKit.OrderCreated(id)).ToArray();
        var sends = Enumerable.Range(0, 1000).Concat(Enumerable.Range(0, 300).Select(_ => random.Next(1000)))
            .Select(index => (Index: index, Host: random.Next(2), Order: random.Next()))
            .OrderBy(send => send.Order)
            .ToList();
        var refused = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (send, _) =>
        {
            var (status, reason) = await InboxKit.SendAsync(hosts[send.Host].Client, bodies[send.Index]);
            if (status != 200)
            {
                refused.Add($"{send.Index + 1}: {status} {reason}");
            }
        });
        Assert.Empty(refused);

        await InboxKit.WaitUntilAsync(async () => await CountAsync(first, SallaInboxDeliveryState.Processed) == 1000, Patience, "both replicas processed all 1000");
        await Task.Delay(300);
        Assert.Equal(1000, await first.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync()));
        Assert.All(Enumerable.Range(1, 1000), id => Assert.Equal(1, recorder.Count(id)));
        var effects = await first.WithContextAsync(db => db.Effects.GroupBy(e => e.OrderId).Select(g => new { OrderId = g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(1000, effects.Count);
        Assert.All(effects, e => Assert.Equal(1, e.Count));
        var byHost = await first.WithContextAsync(db => db.Effects.GroupBy(e => e.Host).Select(g => g.Key).ToListAsync());
        Assert.Equal(new[] { "first", "second" }, byHost.OrderBy(h => h, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_receiver_killed_in_the_middle_of_a_handler_loses_nothing_and_the_effect_lands_once()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var schema = new InboxTestContext(new DbContextOptionsBuilder<InboxTestContext>().UseNpgsql(database.ConnectionString).Options))
        {
            await schema.Database.EnsureCreatedAsync();
        }

        using var doomed = TestHostProcess.Start(database.ConnectionString, hangInHandler: true, lease: TimeSpan.FromSeconds(3));
        var url = await doomed.WaitForLineAsync("LISTENING ", TimeSpan.FromSeconds(60));
        using (var client = new System.Net.Http.HttpClient { BaseAddress = new Uri(url) })
        {
            Assert.Equal((200, "queued"), await InboxKit.SendAsync(client, InboxKit.OrderCreated(99)));
        }

        await doomed.WaitForLineAsync("HANDLING 99", TimeSpan.FromSeconds(30));
        doomed.Kill();

        // The handler had written its effect inside the open transaction: the kill rolled it back,
        // and the delivery is still pending under the dead process's lease.
        await using (var check = new InboxTestContext(new DbContextOptionsBuilder<InboxTestContext>().UseNpgsql(database.ConnectionString).Options))
        {
            var stranded = await check.Set<SallaInboxDelivery>().AsNoTracking().SingleAsync();
            Assert.Equal(SallaInboxDeliveryState.Pending, stranded.State);
            Assert.NotNull(stranded.LeaseOwner);
            Assert.Equal(0, await check.Effects.CountAsync());
        }

        var recorder = new Recorder();
        await using var survivor = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, name: "survivor", createSchema: false);
        await InboxKit.WaitUntilAsync(async () => await CountAsync(survivor, SallaInboxDeliveryState.Processed) == 1, Patience, "the survivor processed the stranded delivery");
        var effect = Assert.Single(await survivor.WithContextAsync(db => db.Effects.ToListAsync()));
        Assert.Equal((99L, "survivor"), (effect.OrderId, effect.Host));
        Assert.Equal(1, recorder.Count(99));
        Assert.Equal(2, (await survivor.WithContextAsync(db => db.Set<SallaInboxDelivery>().AsNoTracking().SingleAsync())).Attempts);
    }

    [Fact]
    public async Task With_the_database_down_the_receiver_answers_500_and_nothing_it_acknowledged_is_lost()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var recorder = new Recorder();

        // A delivery being dispatched when the database went away comes back when its lease runs out.
        await using var host = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, o => o.LeaseDuration = TimeSpan.FromSeconds(3));
        for (var id = 1; id <= 20; id++)
        {
            Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(id))).Status);
        }

        // The database goes away: open connections are cut and new ones refused.
        await database.ExecuteOnServerAsync($"ALTER DATABASE {database.Name} ALLOW_CONNECTIONS false");
        await database.ExecuteOnServerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database.Name}' AND pid <> pg_backend_pid()");
        for (var id = 21; id <= 30; id++)
        {
            Assert.Equal(500, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(id))).Status);
        }

        await database.ExecuteOnServerAsync($"ALTER DATABASE {database.Name} ALLOW_CONNECTIONS true");

        // Salla retries what got a 500.
        for (var id = 21; id <= 30; id++)
        {
            Assert.Equal(200, (await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(id))).Status);
        }

        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 30, Patience, "all 30 were processed");

        // A handler cut off by the outage may have run twice (at least once); what it wrote in the
        // inbox's transaction landed exactly once.
        Assert.All(Enumerable.Range(1, 30), id => Assert.InRange(recorder.Count(id), 1, 2));
        var effects = await host.WithContextAsync(db => db.Effects.GroupBy(e => e.OrderId).Select(g => new { OrderId = g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 30).Select(id => (long)id), effects.Select(e => e.OrderId).Order());
        Assert.All(effects, e => Assert.Equal(1, e.Count));
    }

    [Fact]
    public async Task Handlers_slower_than_their_lease_on_two_replicas_run_once_each_and_leave_nothing_pending()
    {
        // A 2-second handler under a 1-second lease: the shape of a 3-minute handler under the default 2 minutes.
        await using var database = await PostgresDatabase.CreateAsync();
        var recorder = new Recorder { BeforeHandling = _ => Task.Delay(TimeSpan.FromSeconds(2)) };
        void Lease(SallaInboxOptions o) => o.LeaseDuration = TimeSpan.FromSeconds(1);
        await using var first = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, Lease, name: "first");
        await using var second = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, Lease, name: "second", createSchema: false);

        const int Deliveries = 24;
        for (var id = 1; id <= Deliveries; id++)
        {
            Assert.Equal(200, (await InboxKit.SendAsync((id % 2 == 0 ? first : second).Client, InboxKit.OrderCreated(id))).Status);
        }

        await InboxKit.WaitUntilAsync(async () => await CountAsync(first, SallaInboxDeliveryState.Processed) == Deliveries, Patience, $"all {Deliveries} were processed");
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(0, await CountAsync(first, SallaInboxDeliveryState.Pending));
        Assert.Equal(0, await CountAsync(first, SallaInboxDeliveryState.DeadLettered));
        Assert.All(Enumerable.Range(1, Deliveries), id => Assert.InRange(recorder.Count(id), 1, 2));
        var effects = await first.WithContextAsync(db => db.Effects.GroupBy(e => e.OrderId).Select(g => new { OrderId = g.Key, Count = g.Count() }).ToListAsync());
        Assert.Equal(Enumerable.Range(1, Deliveries).Select(id => (long)id), effects.Select(e => e.OrderId).Order());
        Assert.All(effects, e => Assert.Equal(1, e.Count));

        // Without renewed leases each run would lose its row to the other replica and roll back, until dead-lettered.
        Assert.All(await first.WithContextAsync(db => db.Set<SallaInboxDelivery>().Select(d => d.Attempts).ToListAsync()), attempts => Assert.InRange(attempts, 1, 2));
    }

    [Fact]
    public async Task A_delivery_stored_by_one_replica_wakes_the_other_replicas_worker_long_before_its_poll()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var recorder = new Recorder();
        await using var front = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, o => o.RunWorker = false, name: "front");

        // A poll this slow would leave every delivery waiting for minutes: only the notification can wake it.
        await using var back = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString), recorder, o => o.PollInterval = TimeSpan.FromMinutes(10), name: "back", createSchema: false);

        for (var id = 1; id <= 5; id++)
        {
            Assert.Equal((200, "queued"), await InboxKit.SendAsync(front.Client, InboxKit.OrderCreated(id)));
            await InboxKit.WaitUntilAsync(() => Task.FromResult(recorder.Count(id) == 1), TimeSpan.FromSeconds(20), $"delivery {id}, stored by the receive-only replica, was handled by the other");
        }

        var effects = await back.WithContextAsync(db => db.Effects.Select(e => e.Host).ToListAsync());
        Assert.Equal(Enumerable.Repeat("back", 5), effects);
    }

    [Fact]
    public async Task With_EnableRetryOnFailure_on_every_delivery_is_processed_once_and_none_is_dead_lettered()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var recorder = new Recorder();
        var logs = new CapturedLogs();
        await using var host = await ReceiverHost.StartAsync(o => o.UseNpgsql(database.ConnectionString, npgsql => npgsql.EnableRetryOnFailure()), recorder, logs: logs);

        await Parallel.ForEachAsync(Enumerable.Range(1, 200), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
            Assert.Equal((200, "queued"), await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(id))));
        Assert.Equal((200, "duplicate delivery; acknowledged"), await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1)));

        await InboxKit.WaitUntilAsync(async () => await CountAsync(host, SallaInboxDeliveryState.Processed) == 200, Patience, "all 200 were processed");
        Assert.Equal(0, await CountAsync(host, SallaInboxDeliveryState.DeadLettered));
        Assert.All(Enumerable.Range(1, 200), id => Assert.Equal(1, recorder.Count(id)));
        Assert.Equal(200, await host.WithContextAsync(db => db.Effects.CountAsync()));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task A_redelivery_is_acknowledged_as_a_duplicate_without_an_error_in_the_logs()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await InboxKit.AssertRedeliveriesAreQuietDuplicatesAsync(o => o.UseNpgsql(database.ConnectionString));
    }

    [Fact]
    public async Task A_receiver_whose_database_cannot_be_reached_answers_500()
    {
        // A port that was free a moment ago: nothing listens there.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        await using var host = await ReceiverHost.StartAsync(o => o.UseNpgsql($"Host=127.0.0.1;Port={port};Username=postgres;Database=none;Timeout=3"), new Recorder(), o => o.RunWorker = false, createSchema: false);
        var (status, reason) = await InboxKit.SendAsync(host.Client, InboxKit.OrderCreated(1));
        Assert.Equal(500, status);
        Assert.Contains("retry later", reason, StringComparison.Ordinal);
    }
}

/// <summary>The test host run as a process of its own, so it can be killed for real.</summary>
internal sealed class TestHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();

    private TestHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _lines.Add(e.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static TestHostProcess Start(string connectionString, bool hangInHandler, TimeSpan lease, string provider = "postgres")
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(InboxKit.TestHostPath);
        start.Environment["ConnectionStrings__Inbox"] = connectionString;
        start.Environment["Inbox__Provider"] = provider;
        start.Environment["Inbox__HangInHandler"] = hangInHandler ? "true" : "false";
        start.Environment["Salla__Webhooks__Secrets__0"] = InboxKit.Secret;
        start.Environment["Salla__Inbox__LeaseDuration"] = lease.ToString();
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        return new TestHostProcess(process);
    }

    /// <summary>Waits for a line starting with <paramref name="prefix"/>; returns the rest of it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await Task.Run(() =>
        {
            try
            {
                foreach (var line in _lines.GetConsumingEnumerable(cancel.Token))
                {
                    if (line.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        return line[prefix.Length..];
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            throw new TimeoutException($"The test host printed no line starting with '{prefix}' within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}).");
        });
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        _lines.Dispose();
    }
}
