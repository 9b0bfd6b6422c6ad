using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Benchmarks;
using Salla.Codegen.EntityFrameworkCore;
using Salla.Events;

// Posts the same signed order.created deliveries (distinct bodies) to a loopback receiver three
// ways and reports deliveries/s received (all answered 200) and, for the inboxes, until drained:
//   in-memory  dispatched inline, in-memory deduplication (the receiver's default)
//   sqlite     stored in a SQLite inbox file, dispatched by the worker
//   postgres   stored in a PostgreSQL inbox (SALLA_TEST_POSTGRES; scripts/postgres-test-cluster.sh start)
// Usage: dotnet run -c Release --project benchmarks/Salla.Codegen.Benchmarks.InboxLoad -- [DELIVERIES] [CONCURRENCY]
const string Secret = "load-test-secret";
var deliveries = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;
var concurrency = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 16;
var bodies = Enumerable.Range(1, deliveries).Select(id => Body(id)).ToArray();
static byte[] Body(long id) => Encoding.UTF8.GetBytes(
    "{\"event\":\"order.created\",\"merchant\":1305146709,\"created_at\":\"Sun Jun 26 2022 12:21:48 GMT+0300\",\"data\":{\"id\":" + id +
    ",\"reference_id\":41027662,\"urls\":{\"customer\":\"https://salla.sa/o/1\"},\"status\":{\"slug\":\"under_review\"},\"currency\":\"SAR\",\"amounts\":{\"total\":{\"amount\":\"196.00\",\"currency\":\"SAR\"}},\"customer\":{\"first_name\":\"Mohammed\",\"mobile\":501806978},\"items\":[]}}");
var signatures = bodies.Select(b => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), b))).ToArray();

Console.WriteLine($"{deliveries} deliveries, {concurrency} concurrent, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine($"{"path",-10} {"received/s",12} {"drained/s",12} {"p50 ms",8} {"p99 ms",8}");
await RunAsync("in-memory", null);

var sqlite = Path.Combine(Path.GetTempPath(), $"salla-inbox-load-{Guid.NewGuid():N}.db");
try
{
    await RunAsync("sqlite", o => o.UseSqlite($"Data Source={sqlite}"));
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    foreach (var suffix in new[] { "", "-wal", "-shm" })
    {
        File.Delete(sqlite + suffix);
    }
}

var server = Environment.GetEnvironmentVariable("SALLA_TEST_POSTGRES");
if (string.IsNullOrEmpty(server))
{
    Console.WriteLine("postgres   skipped: set SALLA_TEST_POSTGRES (scripts/postgres-test-cluster.sh start prints one)");
    return;
}

var database = "salla_inbox_load_" + Guid.NewGuid().ToString("N")[..8];
await ExecuteAsync(server, $"CREATE DATABASE {database}");
try
{
    await RunAsync("postgres", o => o.UseNpgsql(new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString));
}
finally
{
    NpgsqlConnection.ClearAllPools();
    await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
}

async Task RunAsync(string name, Action<DbContextOptionsBuilder>? inbox)
{
    var builder = WebApplication.CreateSlimBuilder();
    builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
    builder.Logging.ClearProviders();
    var handled = new DeliveryCounter();
    builder.Services.AddSingleton(handled);
    var webhooks = builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o => o.Secrets.Add(Secret));
    if (inbox is not null)
    {
        builder.Services.AddDbContext<LoadDb>(inbox);
        webhooks.UseEntityFrameworkInbox<LoadDb>(o => o.BatchSize = 50);
    }

    builder.Services.AddSallaEventHandler<CountingOrderCreatedHandler>();
    await using var app = builder.Build();
    app.MapSallaWebhooks();
    if (inbox is not null)
    {
        await app.Services.EnsureSallaInboxCreatedAsync<LoadDb>();
    }

    await app.StartAsync();
    using var client = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) };

    // Warm-up on bodies outside the measured set.
    for (var i = 0; i < 50; i++)
    {
        await PostAsync(client, Body(-1 - i), null);
    }

    var warm = handled.Value;
    var latencies = new double[deliveries];
    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
    {
        var started = Stopwatch.GetTimestamp();
        await PostAsync(client, bodies[i], signatures[i]);
        latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    });
    var received = watch.Elapsed;

    // Bounded: an inbox that has not drained within a minute is reported as such.
    while (handled.Value - warm < deliveries && watch.Elapsed < received + TimeSpan.FromMinutes(1))
    {
        await Task.Delay(10);
    }

    var drained = handled.Value - warm >= deliveries ? $"{deliveries / watch.Elapsed.TotalSeconds,12:0}" : $"{"(not drained)",12}";
    Array.Sort(latencies);
    Console.WriteLine($"{name,-10} {deliveries / received.TotalSeconds,12:0} {drained} {latencies[deliveries / 2],8:0.0} {latencies[(int)(deliveries * 0.99)],8:0.0}");
    await app.StopAsync();
}

static async Task PostAsync(HttpClient client, byte[] body, string? signature)
{
    signature ??= Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));
    using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/salla") { Content = new ByteArrayContent(body) };
    request.Headers.TryAddWithoutValidation("X-Salla-Signature", signature);
    request.Headers.TryAddWithoutValidation("X-Salla-Security-Strategy", "Signature");
    using var response = await client.SendAsync(request);
    if ((int)response.StatusCode != 200)
    {
        throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static async Task ExecuteAsync(string connectionString, string sql)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

internal sealed class LoadDb(DbContextOptions<LoadDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddSallaInbox();
}
