using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net.Http;
using System.Reflection;
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
using Salla.Codegen.InboxTesting;
using Salla.Events;

namespace Salla.Codegen.EntityFrameworkCore.Tests;

/// <summary>Bodies, signatures, databases and receiver hosts the inbox tests share.</summary>
internal static class InboxKit
{
    public const string Secret = "inbox-test-webhook-secret-5d1b";

    /// <summary>A minimal order.created body; <paramref name="orderId"/> makes it a distinct delivery.</summary>
    public static byte[] OrderCreated(long orderId) => Encoding.UTF8.GetBytes(
        "{\"event\":\"order.created\",\"merchant\":1305146709,\"created_at\":\"Sun Jun 26 2022 12:21:48 GMT+0300\",\"data\":{\"id\":" + orderId +
        ",\"reference_id\":41027662,\"urls\":{\"customer\":\"https://salla.sa/o/1\"},\"status\":{\"slug\":\"under_review\"},\"currency\":\"SAR\",\"amounts\":{\"total\":{\"amount\":\"196.00\",\"currency\":\"SAR\"}},\"customer\":{\"first_name\":\"Mohammed\",\"mobile\":501806978},\"items\":[]}}");

    public static string Sign(byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), body));

    public static HttpRequestMessage Post(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/salla") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("X-Salla-Signature", Sign(body));
        request.Headers.TryAddWithoutValidation("X-Salla-Security-Strategy", "Signature");
        return request;
    }

    public static async Task<(int Status, string Reason)> SendAsync(HttpClient client, byte[] body)
    {
        using var response = await client.SendAsync(Post(body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// A body received, received again while pending and again once processed: stored and handled once, the
    /// redeliveries answered "duplicate" with their log line, and no error logged by any category.
    /// </summary>
    public static async Task AssertRedeliveriesAreQuietDuplicatesAsync(Action<DbContextOptionsBuilder> database)
    {
        var recorder = new Recorder();
        var logs = new CapturedLogs();
        await using var host = await ReceiverHost.StartAsync(database, recorder, logs: logs);

        var body = OrderCreated(5);
        Xunit.Assert.Equal((200, "queued"), await SendAsync(host.Client, body));
        Xunit.Assert.Equal((200, "duplicate delivery; acknowledged"), await SendAsync(host.Client, body));
        await WaitUntilAsync(
            async () => await host.WithContextAsync(db => db.Set<SallaInboxDelivery>().CountAsync(d => d.State == SallaInboxDeliveryState.Processed)) == 1,
            TimeSpan.FromSeconds(30),
            "the delivery was processed");
        Xunit.Assert.Equal((200, "duplicate delivery; acknowledged"), await SendAsync(host.Client, body));

        Xunit.Assert.Equal(1, recorder.Count(5));
        Xunit.Assert.Equal(2, logs.Entries.Count(e => e.EventId.Id == Webhooks.SallaWebhookLog.DuplicateId));
        Xunit.Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
    }

    public static string TestHostPath => typeof(InboxKit).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SallaInboxTestHost").Value!;
}

/// <summary>What the in-process handlers saw, and a hook to make them fail or wait.</summary>
internal sealed class Recorder
{
    public ConcurrentDictionary<long, int> Handled { get; } = new();

    public Func<long, Task>? BeforeHandling { get; set; }

    public int Count(long orderId) => Handled.TryGetValue(orderId, out var count) ? count : 0;
}

/// <summary>Handles order.created by writing an effect row through the scope's context (so in the inbox's transaction).</summary>
internal sealed class EffectHandler(InboxTestContext db, Recorder recorder, HostName host) : IOrderCreatedHandler
{
    public async ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
    {
        var orderId = salla.Data!.Id;
        if (recorder.BeforeHandling is { } before)
        {
            await before(orderId);
        }

        db.Effects.Add(new OrderEffect { OrderId = orderId, Host = host.Name });
        recorder.Handled.AddOrUpdate(orderId, 1, (_, count) => count + 1);
    }
}

internal sealed record HostName(string Name);

/// <summary>Every log line the host writes, from every category.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Entries.Enqueue((category, logLevel, eventId, formatter(state, exception)));
    }
}

/// <summary>A clock the tests move forward; delays still run on real time.</summary>
internal sealed class ShiftedTime : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
}

/// <summary>A real receiver on Kestrel (loopback, a free port) with the inbox on <see cref="InboxTestContext"/>.</summary>
internal sealed class ReceiverHost : IAsyncDisposable
{
    private ReceiverHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public ISallaInboxAdmin Admin => App.Services.GetRequiredService<ISallaInboxAdmin>();

    public static async Task<ReceiverHost> StartAsync(
        Action<DbContextOptionsBuilder> database,
        Recorder recorder,
        Action<SallaInboxOptions>? inbox = null,
        string name = "host",
        TimeProvider? time = null,
        Action<WebApplication>? map = null,
        bool createSchema = true,
        ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        }

        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddSingleton(recorder);
        builder.Services.AddSingleton(new HostName(name));
        builder.Services.AddDbContext<InboxTestContext>(database);
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o => o.Secrets.Add(InboxKit.Secret))
            .UseEntityFrameworkInbox<InboxTestContext>(o =>
            {
                o.PollInterval = TimeSpan.FromMilliseconds(100);
                o.MetricsInterval = TimeSpan.FromMilliseconds(100);
                inbox?.Invoke(o);
            });
        builder.Services.AddSallaEventHandler<EffectHandler>();
        var app = builder.Build();
        app.MapSallaWebhooks();
        map?.Invoke(app);
        if (createSchema)
        {
            await app.Services.EnsureSallaInboxCreatedAsync<InboxTestContext>();
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ReceiverHost(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    public async Task<T> WithContextAsync<T>(Func<InboxTestContext, Task<T>> read)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<InboxTestContext>());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

/// <summary>A database of its own on the test PostgreSQL server, dropped afterwards.</summary>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    public const string EnvironmentVariable = "SALLA_TEST_POSTGRES";

    private readonly string _serverConnection;

    private PostgresDatabase(string serverConnection, string name, string connectionString)
    {
        _serverConnection = serverConnection;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set: these tests need a PostgreSQL server. Run scripts/test.sh (it installs and starts a local cluster), " +
                $"or start one with `eval \"$(scripts/postgres-test-cluster.sh env)\"` before dotnet test.");
        }

        var name = "salla_inbox_test_" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException)
        {
            throw new InvalidOperationException($"No PostgreSQL server is reachable at {EnvironmentVariable}='{server}': {ex.Message}. Run scripts/test.sh, which starts one.", ex);
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 40 };
        return new PostgresDatabase(server, name, builder.ConnectionString);
    }

    public async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
        catch (NpgsqlException)
        {
            // Left for the cluster's removal at the end of the run.
        }
    }
}

/// <summary>A SQLite file of its own under the temp directory, deleted afterwards.</summary>
internal sealed class SqliteFile : IDisposable
{
    public SqliteFile()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "salla-inbox-test-" + Guid.NewGuid().ToString("N")[..12] + ".db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try
            {
                System.IO.File.Delete(Path + suffix);
            }
            catch (System.IO.IOException)
            {
            }
        }
    }
}
