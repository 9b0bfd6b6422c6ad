using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Salla.Codegen.InboxTesting;
using Xunit;

namespace Salla.Codegen.EntityFrameworkCore.Tests;

/// <summary>
/// Receives committed together: a receiver process killed (SIGKILL) while 64 deliveries at a time
/// are being stored and dispatched loses none it answered 2xx, and no effect lands twice.
/// </summary>
public sealed class GroupCommitTests
{
    private const int Deliveries = 3000;
    private const int KillAfterAcknowledged = 400;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_receiver_killed_under_64_concurrent_receives_loses_nothing_it_acknowledged(string provider)
    {
        using var sqlite = new SqliteFile();
        await using var postgres = provider == "postgres" ? await PostgresDatabase.CreateAsync() : null;
        var connection = postgres?.ConnectionString ?? sqlite.ConnectionString;
        void Database(DbContextOptionsBuilder o)
        {
            if (postgres is null)
            {
                o.UseSqlite(connection);
            }
            else
            {
                o.UseNpgsql(connection);
            }
        }

        var options = new DbContextOptionsBuilder<InboxTestContext>();
        Database(options);
        await using (var schema = new InboxTestContext(options.Options))
        {
            await schema.Database.EnsureCreatedAsync();
            if (postgres is null)
            {
                await schema.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }

        var acknowledged = new ConcurrentBag<long>();
        using (var doomed = TestHostProcess.Start(connection, hangInHandler: false, lease: TimeSpan.FromSeconds(3), provider: provider))
        {
            var url = await doomed.WaitForLineAsync("LISTENING ", TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };
            using var killed = new CancellationTokenSource();
            var sending = Parallel.ForEachAsync(Enumerable.Range(1, Deliveries), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) =>
            {
                if (killed.IsCancellationRequested)
                {
                    return;
                }

                try
                {
                    var (status, _) = await InboxKit.SendAsync(client, InboxKit.OrderCreated(id));
                    if (status == 200)
                    {
                        acknowledged.Add(id);
                    }
                }
                catch (HttpRequestException)
                {
                    // The process is gone: this delivery was never acknowledged, so Salla would retry it.
                }
                catch (TaskCanceledException)
                {
                }
            });

            await InboxKit.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= KillAfterAcknowledged), TimeSpan.FromSeconds(60), $"{KillAfterAcknowledged} deliveries were acknowledged");
            doomed.Kill();
            killed.Cancel();
            await sending;
        }

        Assert.InRange(acknowledged.Count, KillAfterAcknowledged, Deliveries - 1);
        var recorder = new Recorder();
        await using var survivor = await ReceiverHost.StartAsync(Database, recorder, o => o.LeaseDuration = TimeSpan.FromSeconds(3), name: "survivor", createSchema: false);
        await InboxKit.WaitUntilAsync(
            async () => await survivor.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync(d => d.State == SallaInboxDeliveryState.Pending)) == 0,
            TimeSpan.FromSeconds(90),
            "the survivor drained the inbox");

        var processed = (await survivor.WithContextAsync(db => db.Set<SallaInboxDelivery>()
            .Where(d => d.State == SallaInboxDeliveryState.Processed).Select(d => d.DeliveryKey).ToListAsync())).ToHashSet(StringComparer.Ordinal);
        var lost = acknowledged.Where(id => !processed.Contains(Webhooks.SallaDeliveryKey.Compute(InboxKit.OrderCreated(id)))).Order().ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged deliveries were not processed: {string.Join(", ", lost.Take(20))}");

        var effects = await survivor.WithContextAsync(db => db.Effects.GroupBy(e => e.OrderId).Select(g => new { OrderId = g.Key, Count = g.Count() }).ToListAsync());
        Assert.All(effects, e => Assert.Equal(1, e.Count));
        Assert.Superset(acknowledged.ToHashSet(), effects.Select(e => e.OrderId).ToHashSet());
        Assert.Equal(processed.Count, effects.Count);
    }
}
