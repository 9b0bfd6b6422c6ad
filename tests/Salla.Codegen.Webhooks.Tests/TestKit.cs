using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.TestSupport;
using Salla.Codegen.Webhooks;
using Salla.Events;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>Bodies, signatures and requests the tests share.</summary>
internal static class Kit
{
    public const string Secret = "test-webhook-secret-7f3a";
    public const string OldSecret = "old-webhook-secret-1c9e";

    public static byte[] OrderCreated => File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json"));

    /// <summary>A body whose event name this build has no spec for.</summary>
    public static byte[] UnknownEvent(string name = "store.hologram.projected") =>
        Encoding.UTF8.GetBytes("{\"event\":\"" + name + "\",\"merchant\":42,\"created_at\":\"2025-01-02 03:04:05\",\"data\":{\"id\":7}}");

    public static string Sign(byte[] body, string secret = Secret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static SallaWebhookRequest Signed(byte[] body, string secret = Secret, string? strategy = "Signature") =>
        new(body, Sign(body, secret), strategy, null);

    public static SallaWebhookOptions Options(Action<SallaWebhookOptions>? configure = null)
    {
        var options = new SallaWebhookOptions();
        options.Secrets.Add(Secret);
        configure?.Invoke(options);
        return options;
    }

    public static HttpRequestMessage Post(byte[] body, string? signature, string? strategy = "Signature", string? authorization = null, string path = "/webhooks/salla")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Salla-Signature", signature);
        }

        if (strategy is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Salla-Security-Strategy", strategy);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    public static HttpRequestMessage PostSigned(byte[] body, string secret = Secret) => Post(body, Sign(body, secret));
}

/// <summary>What the handlers saw, and what they should do.</summary>
public sealed class Recorder
{
    private readonly ConcurrentQueue<SallaEvent> _events = new();

    public IReadOnlyList<SallaEvent> Events => _events.ToList();

    /// <summary>Runs inside every recording handler; throw or delay here.</summary>
    public Func<SallaEvent, Task>? OnEvent { get; set; }

    public async ValueTask Record(SallaEvent salla)
    {
        _events.Enqueue(salla);
        if (OnEvent is { } onEvent)
        {
            await onEvent(salla);
        }
    }

    public int Count(string eventName) => _events.Count(e => e.Event == eventName);
}

public sealed class RecordingHandler(Recorder recorder) : IOrderCreatedHandler, IAppStoreAuthorizeHandler, ICommunicationSmsSendHandler
{
    public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => recorder.Record(salla);

    public ValueTask HandleAsync(AppStoreAuthorizeEvent salla, CancellationToken cancellationToken) => recorder.Record(salla);

    public ValueTask HandleAsync(CommunicationSmsSendEvent salla, CancellationToken cancellationToken) => recorder.Record(salla);
}

/// <summary>Sees every event, known or not: used where every example must reach a handler.</summary>
public sealed class EverythingHandler(Recorder recorder) : ISallaAnyEventHandler, ISallaUnknownEventHandler
{
    public ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken) => recorder.Record(salla);

    public ValueTask HandleAsync(SallaUnknownEvent salla, CancellationToken cancellationToken) => recorder.Record(salla);
}

public sealed class RecordingInbox : ISallaInbox
{
    public ConcurrentQueue<SallaInboxItem> Items { get; } = new();

    public Exception? Failure { get; set; }

    public ValueTask<bool> EnqueueAsync(SallaInboxItem item, CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        lock (Items)
        {
            if (Items.Any(stored => stored.DeliveryKey == item.DeliveryKey))
            {
                return ValueTask.FromResult(false);
            }

            Items.Enqueue(item);
            return ValueTask.FromResult(true);
        }
    }
}

/// <summary>A processor over the real generated dispatcher, with handlers from a plain service collection.</summary>
internal sealed class CoreRig
{
    public CoreRig(Action<SallaWebhookOptions>? configure = null, ISallaInbox? inbox = null, bool everything = false, TimeProvider? time = null)
    {
        Options = Kit.Options(configure);
        var services = new ServiceCollection().AddSingleton(Recorder);
        services.AddSingleton<RecordingHandler>();
        services.AddSingleton<IOrderCreatedHandler>(sp => sp.GetRequiredService<RecordingHandler>());
        services.AddSingleton<IAppStoreAuthorizeHandler>(sp => sp.GetRequiredService<RecordingHandler>());
        services.AddSingleton<ICommunicationSmsSendHandler>(sp => sp.GetRequiredService<RecordingHandler>());
        if (everything)
        {
            services.AddSingleton<ISallaAnyEventHandler, EverythingHandler>();
            services.AddSingleton<ISallaUnknownEventHandler, EverythingHandler>();
        }

        Services = services.BuildServiceProvider();
        Store = new InMemorySallaDeliveryStore(Options, time);
        Processor = new SallaWebhookProcessor(Options, new SallaEventDispatcher(Services), Store, inbox, Logs.CreateLogger("Salla.Codegen.Webhooks"), time);
        Delivery = new SallaDeliveryDispatcher(new SallaEventDispatcher(Services), Logs.CreateLogger("Salla.Codegen.Webhooks"), time);
    }

    /// <summary>The dispatching step alone, as an inbox worker runs it.</summary>
    public SallaDeliveryDispatcher Delivery { get; }

    public SallaWebhookOptions Options { get; }

    public Recorder Recorder { get; } = new();

    public TestLoggerProvider Logs { get; } = new();

    public IServiceProvider Services { get; }

    public InMemorySallaDeliveryStore Store { get; }

    public SallaWebhookProcessor Processor { get; }

    public ValueTask<SallaWebhookResult> Post(byte[] body, string secret = Kit.Secret) => Processor.ProcessAsync(Kit.Signed(body, secret));
}

/// <summary>An ASP.NET Core app on the in-memory test server, wired as the sample is.</summary>
internal sealed class HttpRig : IAsyncDisposable
{
    private HttpRig(WebApplication app, Recorder recorder, TestLoggerProvider logs)
    {
        App = app;
        Recorder = recorder;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public Recorder Recorder { get; }

    public TestLoggerProvider Logs { get; }

    public static async Task<HttpRig> StartAsync(
        Action<SallaWebhookOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        Func<WebApplication, IEndpointConventionBuilder>? map = null,
        bool everything = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var logs = new TestLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        var recorder = new Recorder();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o =>
        {
            o.Secrets.Add(Kit.Secret);
            configure?.Invoke(o);
        });
        builder.Services.AddSallaEventHandler<RecordingHandler>();
        if (everything)
        {
            builder.Services.AddSallaEventHandler<EverythingHandler>();
        }

        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (map is null)
        {
            app.MapSallaWebhooks();
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        return new HttpRig(app, recorder, logs);
    }

    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(HttpRequestMessage request)
    {
        var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    public object? this[string name] => State.FirstOrDefault(kv => kv.Key == name).Value;
}

/// <summary>Captures every log entry, with its structured state.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => _entries.ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? Array.Empty<KeyValuePair<string, object?>>();
            owner._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, values.ToList()));
        }
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private DateTimeOffset _now = new(2025, 5, 19, 12, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
