using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Webhooks;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Testing.Tests;

/// <summary><see cref="SallaHttpClientExtensions.PostSallaWebhookAsync(HttpClient, ReadOnlyMemory{byte}, SallaWebhookSigner, string, CancellationToken)"/> against a real ASP.NET Core receiver on TestServer.</summary>
public class HttpTests
{
    private const string Secret = "kit-http-secret-0b7e";

    [Fact]
    public async Task A_posted_example_is_verified_and_reaches_the_typed_handler()
    {
        await using var host = await ReceiverHost.StartAsync(SallaSecurityStrategy.Signature);

        using var response = await host.Client.PostSallaWebhookAsync(SallaExamples.Get("order.created"), new SallaWebhookSigner(Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(host.Received));
        Assert.Equal(OrderCreatedEvent.Parse(SallaExamples.Get("order.created")).Data.Id, order.Data.Id);
        Assert.Equal(SallaExamples.Get("order.created").ToArray(), order.RawBody.ToArray());
    }

    [Fact]
    public async Task A_posted_test_event_arrives_with_its_edit_under_the_token_strategy()
    {
        await using var host = await ReceiverHost.StartAsync(SallaSecurityStrategy.Token);
        var sent = SallaTestEvents.OrderCreated(e => e.Data.ReferenceId = 777001);

        using var response = await host.Client.PostSallaWebhookAsync(sent, new SallaWebhookSigner(Secret, SallaSecurityStrategy.Token));

        Assert.True(response.IsSuccessStatusCode, $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var order = Assert.IsType<OrderCreatedEvent>(Assert.Single(host.Received));
        Assert.Equal(777001, order.Data.ReferenceId);
    }

    [Fact]
    public async Task A_shared_example_reaches_the_handler_of_its_own_event()
    {
        await using var host = await ReceiverHost.StartAsync(SallaSecurityStrategy.Signature);

        using var response = await host.Client.PostSallaWebhookAsync(SallaExamples.Get("order.cancelled"), new SallaWebhookSigner(Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("order.cancelled", Assert.IsType<OrderCancelledEvent>(Assert.Single(host.Received)).Event);
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_and_dispatches_nothing()
    {
        await using var host = await ReceiverHost.StartAsync(SallaSecurityStrategy.Signature);

        using var response = await host.Client.PostSallaWebhookAsync(SallaExamples.Get("order.created"), new SallaWebhookSigner("not-the-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Received);
    }

    [Fact]
    public async Task Another_path_can_be_given()
    {
        await using var host = await ReceiverHost.StartAsync(SallaSecurityStrategy.Signature, "/hooks/salla-in");

        using var atDefault = await host.Client.PostSallaWebhookAsync(SallaExamples.Get("order.created"), new SallaWebhookSigner(Secret));
        using var atPath = await host.Client.PostSallaWebhookAsync(SallaExamples.Get("order.created"), new SallaWebhookSigner(Secret), "/hooks/salla-in");

        Assert.Equal(HttpStatusCode.NotFound, atDefault.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atPath.StatusCode);
        Assert.Single(host.Received);
    }

    private sealed class ReceiverHost : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private ReceiverHost(WebApplication app, ConcurrentQueue<SallaEvent> received)
        {
            _app = app;
            Client = app.GetTestClient();
            ReceivedQueue = received;
        }

        public HttpClient Client { get; }

        public System.Collections.Generic.IReadOnlyList<SallaEvent> Received => ReceivedQueue.ToList();

        private ConcurrentQueue<SallaEvent> ReceivedQueue { get; }

        public static async Task<ReceiverHost> StartAsync(SallaSecurityStrategy strategy, string? path = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
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
            if (path is null)
            {
                app.MapSallaWebhooks();
            }
            else
            {
                app.MapSallaWebhooks(path);
            }

            await app.StartAsync();
            return new ReceiverHost(app, received);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.DisposeAsync();
        }
    }

    private sealed class RecordingHandler(ConcurrentQueue<SallaEvent> received) : IOrderCreatedHandler, IOrderCancelledHandler
    {
        public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
        {
            received.Enqueue(salla);
            return ValueTask.CompletedTask;
        }

        public ValueTask HandleAsync(OrderCancelledEvent salla, CancellationToken cancellationToken)
        {
            received.Enqueue(salla);
            return ValueTask.CompletedTask;
        }
    }
}
