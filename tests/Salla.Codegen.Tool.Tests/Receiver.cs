using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Webhooks;
using Salla.Events;

namespace Salla.Codegen.Tool.Tests;

/// <summary>A webhook receiver on a real Kestrel listener on a free loopback port: MapSallaWebhooks and a recording handler.</summary>
internal sealed class Receiver : IAsyncDisposable
{
    public const string Secret = "tool-test-secret-91c4";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SallaEvent> _received;

    private Receiver(WebApplication app, ConcurrentQueue<SallaEvent> received, string url)
    {
        _app = app;
        _received = received;
        Url = url;
    }

    /// <summary>The webhook endpoint's absolute URL.</summary>
    public string Url { get; }

    public IReadOnlyList<SallaEvent> Received => _received.ToList();

    public static async Task<Receiver> StartAsync(SallaSecurityStrategy strategy = SallaSecurityStrategy.Signature)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var received = new ConcurrentQueue<SallaEvent>();
        builder.Services.AddSingleton(received);
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o =>
        {
            o.SecurityStrategy = strategy;
            o.Secrets.Add(Secret);
        });
        builder.Services.AddSallaEventHandler<RecordingHandler>();
        var app = builder.Build();
        app.MapSallaWebhooks();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Receiver(app, received, address.TrimEnd('/') + Salla.Codegen.Webhooks.SallaWebhookOptions.DefaultPath);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class RecordingHandler(ConcurrentQueue<SallaEvent> received) : ISallaAnyEventHandler
    {
        public ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken)
        {
            received.Enqueue(salla);
            return ValueTask.CompletedTask;
        }
    }
}
