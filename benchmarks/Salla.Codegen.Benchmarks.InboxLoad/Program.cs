using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
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
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Benchmarks;
using Salla.Codegen.EntityFrameworkCore;
using Salla.Events;

// Posts the same signed order.created deliveries (distinct bodies) to loopback receivers and reports
// deliveries/s received (all answered 200) and drained (until the handler had seen each), with the
// per-request p50/p99, for each path and concurrency:
//   in-memory   dispatched inline, in-memory deduplication (the receiver's default)
//   sqlite      stored in a SQLite inbox file (WAL, SQLite's default synchronous level), dispatched by the worker
//   postgres×N  stored in a PostgreSQL inbox shared by N receivers (SALLA_BENCH_POSTGRES: a durable cluster,
//               scripts/postgres-test-cluster.sh start with SALLA_TEST_POSTGRES_DURABLE=1)
// and, as the physical reference, each database's own rate of single-row commits of the same bodies.
// Usage: dotnet run -c Release --project benchmarks/Salla.Codegen.Benchmarks.InboxLoad -- [DELIVERIES] [CONCURRENCIES] [REPLICAS]
//   defaults: 5000 "16,64" "1,2,4" (replicas are run at the largest concurrency)
const string Secret = "load-test-secret";
var deliveries = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var concurrencies = (args.Length > 1 ? args[1] : "16,64").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var replicaCounts = (args.Length > 2 ? args[2] : "1,2,4").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var bodies = Enumerable.Range(1, deliveries).Select(id => Body(id)).ToArray();
static byte[] Body(long id) => Encoding.UTF8.GetBytes(
    "{\"event\":\"order.created\",\"merchant\":1305146709,\"created_at\":\"Sun Jun 26 2022 12:21:48 GMT+0300\",\"data\":{\"id\":" + id +
    ",\"reference_id\":41027662,\"urls\":{\"customer\":\"https://salla.sa/o/1\"},\"status\":{\"slug\":\"under_review\"},\"currency\":\"SAR\",\"amounts\":{\"total\":{\"amount\":\"196.00\",\"currency\":\"SAR\"}},\"customer\":{\"first_name\":\"Mohammed\",\"mobile\":501806978},\"items\":[]}}");
var signatures = bodies.Select(b => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), b))).ToArray();
var postgresServer = Environment.GetEnvironmentVariable("SALLA_BENCH_POSTGRES");

Console.WriteLine($"{deliveries} deliveries of {bodies[0].Length} B, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("| path | concurrent | received/s | drained/s | p50 ms | p99 ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");

foreach (var concurrency in concurrencies)
{
    await RunAsync("in-memory", concurrency, 1, null);
    await WithSqliteAsync(file => RunAsync("sqlite", concurrency, 1, o => o.UseSqlite($"Data Source={file}")));
    if (postgresServer is not null)
    {
        await WithPostgresAsync(connection => RunAsync("postgres", concurrency, 1, o => o.UseNpgsql(connection)));
    }
}

if (postgresServer is not null)
{
    foreach (var replicas in replicaCounts.Where(r => r > 1))
    {
        await WithPostgresAsync(connection => RunAsync($"postgres ×{replicas}", concurrencies.Max(), replicas, o => o.UseNpgsql(connection)));
    }
}
else
{
    Console.WriteLine("postgres skipped: set SALLA_BENCH_POSTGRES (SALLA_TEST_POSTGRES_DURABLE=1 scripts/postgres-test-cluster.sh start prints one)");
}

Console.WriteLine();
Console.WriteLine("| database reference: single-row commits of the same bodies | concurrent | commits/s |");
Console.WriteLine("|---|---:|---:|");
await WithSqliteAsync(file => SqliteCommitsAsync(file));
if (postgresServer is not null)
{
    foreach (var concurrency in concurrencies)
    {
        await WithPostgresAsync(connection => PostgresCommitsAsync(connection, concurrency));
    }
}

async Task RunAsync(string name, int concurrency, int replicas, Action<DbContextOptionsBuilder>? inbox)
{
    var handled = new DeliveryCounter();
    var apps = new List<WebApplication>();
    var clients = new List<HttpClient>();
    try
    {
        for (var replica = 0; replica < replicas; replica++)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(handled);
            var webhooks = builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o => o.Secrets.Add(Secret));
            if (inbox is not null)
            {
                builder.Services.AddDbContext<LoadDb>(inbox);
                webhooks.UseEntityFrameworkInbox<LoadDb>();
            }

            builder.Services.AddSallaEventHandler<CountingOrderCreatedHandler>();
            var app = builder.Build();
            apps.Add(app);
            app.MapSallaWebhooks();
            if (inbox is not null && replica == 0)
            {
                await app.Services.EnsureSallaInboxCreatedAsync<LoadDb>();
            }

            await app.StartAsync();
            clients.Add(new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()) });
        }

        // Warm-up on bodies outside the measured set.
        for (var i = 0; i < 50; i++)
        {
            await PostAsync(clients[i % clients.Count], Body(-1 - i), null);
        }

        var warm = handled.Value;
        var latencies = new double[deliveries];
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
        {
            var started = Stopwatch.GetTimestamp();
            await PostAsync(clients[i % clients.Count], bodies[i], signatures[i]);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        var received = watch.Elapsed;

        // Bounded: an inbox that has not drained within two minutes is reported as such.
        while (handled.Value - warm < deliveries && watch.Elapsed < received + TimeSpan.FromMinutes(2))
        {
            await Task.Delay(5);
        }

        var drainedCount = handled.Value - warm;
        var drained = drainedCount >= deliveries ? (deliveries / watch.Elapsed.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture) : $"(not drained: {drainedCount})";
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {concurrency} | {deliveries / received.TotalSeconds:N0} | {drained} | {latencies[deliveries / 2]:0.0} | {latencies[(int)(deliveries * 0.99)]:0.0} |"));
    }
    finally
    {
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var app in apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}

async Task SqliteCommitsAsync(string file)
{
    await using var connection = new SqliteConnection($"Data Source={file}");
    await connection.OpenAsync();
    await Execute(connection, "PRAGMA journal_mode=WAL; CREATE TABLE reference (key TEXT PRIMARY KEY, body BLOB NOT NULL);");
    var watch = Stopwatch.StartNew();
    for (var i = 0; i < deliveries; i++)
    {
        await using var transaction = connection.BeginTransaction();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO reference (key, body) VALUES ($key, $body)";
        insert.Parameters.AddWithValue("$key", i.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue("$body", bodies[i]);
        await insert.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SQLite (WAL, default synchronous) | 1 | {deliveries / watch.Elapsed.TotalSeconds:N0} |"));

    static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

async Task PostgresCommitsAsync(string connectionString, int concurrency)
{
    await using (var setup = new NpgsqlConnection(connectionString))
    {
        await setup.OpenAsync();
        await using var create = new NpgsqlCommand("CREATE TABLE reference (key text PRIMARY KEY, body bytea NOT NULL)", setup);
        await create.ExecuteNonQueryAsync();
    }

    var watch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, deliveries), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, _) =>
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand("INSERT INTO reference (key, body) VALUES ($1, $2)", connection);
        insert.Parameters.AddWithValue(i.ToString(CultureInfo.InvariantCulture));
        insert.Parameters.AddWithValue(bodies[i]);
        await insert.ExecuteNonQueryAsync();
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| PostgreSQL (fsync, synchronous_commit on) | {concurrency} | {deliveries / watch.Elapsed.TotalSeconds:N0} |"));
}

async Task WithSqliteAsync(Func<string, Task> run)
{
    var file = Path.Combine(Path.GetTempPath(), $"salla-inbox-load-{Guid.NewGuid():N}.db");
    try
    {
        await run(file);
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
    }
}

async Task WithPostgresAsync(Func<string, Task> run)
{
    var database = "salla_inbox_load_" + Guid.NewGuid().ToString("N")[..8];
    await ExecuteAsync(postgresServer!, $"CREATE DATABASE {database}");
    try
    {
        await run(new NpgsqlConnectionStringBuilder(postgresServer) { Database = database, MaxPoolSize = 100 }.ConnectionString);
    }
    finally
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(postgresServer!, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }
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
