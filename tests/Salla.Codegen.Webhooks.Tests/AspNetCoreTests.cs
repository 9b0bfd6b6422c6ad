using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using System.Threading;
using System;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.TestSupport;
using Salla.Codegen.Webhooks;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>The endpoint on ASP.NET Core's in-memory test server.</summary>
public class AspNetCoreTests
{
    [Fact]
    public async Task Signed_delivery_is_handled_with_200_and_a_short_text_reason()
    {
        await using var rig = await HttpRig.StartAsync();

        var (status, body, response) = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));

        Assert.Equal(200, status);
        Assert.Equal("handled", body);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.IsType<OrderCreatedEvent>(Assert.Single(rig.Recorder.Events));
    }

    [Fact]
    public async Task Tampered_body_is_a_401()
    {
        await using var rig = await HttpRig.StartAsync();
        var tampered = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Kit.OrderCreated).Replace("196", "1", StringComparison.Ordinal));

        var (status, body, _) = await rig.SendAsync(Kit.Post(tampered, Kit.Sign(Kit.OrderCreated)));

        Assert.Equal(401, status);
        Assert.Equal("signature mismatch", body);
        Assert.Empty(rig.Recorder.Events);
    }

    [Fact]
    public async Task Wrong_secret_missing_and_malformed_headers_are_401s_with_their_reason()
    {
        await using var rig = await HttpRig.StartAsync();
        var order = Kit.OrderCreated;

        var wrong = await rig.SendAsync(Kit.PostSigned(order, "wrong"));
        var missing = await rig.SendAsync(Kit.Post(order, signature: null));
        var malformed = await rig.SendAsync(Kit.Post(order, "not-hex"));
        var mismatch = await rig.SendAsync(Kit.Post(order, Kit.Sign(order), strategy: "Token"));

        Assert.Equal((401, "signature mismatch"), (wrong.Status, wrong.Body));
        Assert.Equal((401, "missing X-Salla-Signature header"), (missing.Status, missing.Body));
        Assert.Equal((401, "X-Salla-Signature is not 64 hexadecimal characters"), (malformed.Status, malformed.Body));
        Assert.Equal((401, "X-Salla-Security-Strategy does not match the configured strategy"), (mismatch.Status, mismatch.Body));
        Assert.Empty(rig.Recorder.Events);
        Assert.Equal(4, rig.Logs.Entries.Count(e => e.EventId.Id == SallaWebhookLog.UnauthorizedId));
    }

    [Fact]
    public async Task Repeated_signature_header_is_refused()
    {
        await using var rig = await HttpRig.StartAsync();
        var request = Kit.PostSigned(Kit.OrderCreated);
        request.Headers.TryAddWithoutValidation("X-Salla-Signature", Kit.Sign(Kit.OrderCreated));

        var (status, _, _) = await rig.SendAsync(request);

        Assert.Equal(401, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer ")]
    public async Task Token_mode_over_http(string? prefix)
    {
        await using var rig = await HttpRig.StartAsync(o => o.SecurityStrategy = SallaSecurityStrategy.Token);

        var ok = await rig.SendAsync(Kit.Post(Kit.OrderCreated, null, "Token", prefix + Kit.Secret));
        var wrong = await rig.SendAsync(Kit.Post(RepoPaths.ExampleBody("app.store.authorize.json"), null, "Token", prefix + "nope"));

        Assert.Equal(200, ok.Status);
        Assert.Equal((401, "token mismatch"), (wrong.Status, wrong.Body));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_without_stack_trace()
    {
        await using var rig = await HttpRig.StartAsync();
        var body = Encoding.UTF8.GetBytes("{\"event\":\"order.created\",\"merchant\":1,\"data\":{\"id\":");

        var (status, text, _) = await rig.SendAsync(Kit.PostSigned(body));

        Assert.Equal(400, status);
        Assert.StartsWith("Salla payload: $", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_event_is_a_200_and_logged_with_its_name()
    {
        await using var rig = await HttpRig.StartAsync();

        var (status, text, _) = await rig.SendAsync(Kit.PostSigned(Kit.UnknownEvent("order.teleported")));

        Assert.Equal((200, "unknown event; acknowledged"), (status, text));
        var log = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.UnknownEventId);
        Assert.Equal("order.teleported", log["SallaEvent"]);
        Assert.Equal(typeof(SallaWebhookProcessor).FullName, log.Category);
    }

    [Fact]
    public async Task Duplicate_delivery_is_acknowledged_and_dispatched_once()
    {
        await using var rig = await HttpRig.StartAsync();

        var first = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));
        var second = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));

        Assert.Equal((200, "handled"), (first.Status, first.Body));
        Assert.Equal((200, "duplicate delivery; acknowledged"), (second.Status, second.Body));
        Assert.Equal(1, rig.Recorder.Count("order.created"));
    }

    [Fact]
    public async Task Handler_throwing_is_a_500_and_salla_retry_is_processed()
    {
        await using var rig = await HttpRig.StartAsync();
        var fail = true;
        rig.Recorder.OnEvent = _ => fail ? throw new InvalidOperationException("secret detail") : Task.CompletedTask;

        var failed = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));
        fail = false;
        var retried = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));

        Assert.Equal(500, failed.Status);
        Assert.DoesNotContain("secret detail", failed.Body, StringComparison.Ordinal);
        Assert.Equal((200, "handled"), (retried.Status, retried.Body));
        Assert.Equal(2, rig.Recorder.Count("order.created"));
    }

    [Fact]
    public async Task Body_over_the_limit_is_a_413_without_being_read()
    {
        await using var rig = await HttpRig.StartAsync(o => o.MaxBodyBytes = 1024);
        var content = new CountingContent(10 * 1024 * 1024, declareLength: true);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/salla") { Content = content };

        var (status, text, _) = await rig.SendAsync(request);

        Assert.Equal(413, status);
        Assert.Equal("the body is over the 1024-byte limit", text);
        Assert.True(content.Written < 1024 * 1024, $"{content.Written} bytes were sent before the 413");
        Assert.Empty(rig.Recorder.Events);
        Assert.Contains(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.PayloadTooLargeId);
    }

    [Fact]
    public async Task Chunked_body_over_the_limit_is_a_413()
    {
        await using var rig = await HttpRig.StartAsync(o => o.MaxBodyBytes = 4096);

        var (status, _, _) = await rig.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/webhooks/salla") { Content = new CountingContent(64 * 1024, declareLength: false) });

        Assert.Equal(413, status);
    }

    [Fact]
    public async Task Chunked_body_within_the_limit_is_read_whole()
    {
        await using var rig = await HttpRig.StartAsync();
        var body = Kit.OrderCreated;
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/salla") { Content = new StreamContent(new NonSeekableStream(body)) };
        request.Headers.TryAddWithoutValidation("X-Salla-Signature", Kit.Sign(body));

        var (status, text, _) = await rig.SendAsync(request);

        Assert.Null(request.Content.Headers.ContentLength);
        Assert.Equal((200, "handled"), (status, text));
    }

    [Fact]
    public async Task Only_post_is_mapped()
    {
        await using var rig = await HttpRig.StartAsync();

        var response = await rig.Client.GetAsync("/webhooks/salla");

        Assert.Equal(405, (int)response.StatusCode);
    }

    [Fact]
    public async Task Map_returns_the_convention_builder_so_host_and_name_conventions_apply()
    {
        await using var rig = await HttpRig.StartAsync(map: app => app.MapSallaWebhooks("/hooks/salla").RequireHost("hooks.example.com").WithName("salla-webhooks"));

        var wrongHost = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));
        var request = Kit.Post(Kit.OrderCreated, Kit.Sign(Kit.OrderCreated), path: "/hooks/salla");
        request.Headers.Host = "hooks.example.com";
        var rightHost = await rig.SendAsync(request);

        Assert.Equal(404, wrongHost.Status);
        Assert.Equal(200, rightHost.Status);
        var endpoint = rig.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.Single(e => e.DisplayName == "Salla webhooks");
        Assert.Equal("salla-webhooks", endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);
    }

    [Fact]
    public async Task Inbox_mode_acknowledges_and_the_app_dispatches_later_in_a_scope()
    {
        var inbox = new RecordingInbox();
        await using var rig = await HttpRig.StartAsync(o => o.UseInbox = true, services => services.AddSingleton<ISallaInbox>(inbox));

        var (status, text, _) = await rig.SendAsync(Kit.PostSigned(Kit.OrderCreated));
        Assert.Equal((200, "queued"), (status, text));
        Assert.Empty(rig.Recorder.Events);

        using var scope = rig.App.Services.CreateScope();
        var item = Assert.Single(inbox.Items);
        var result = await scope.ServiceProvider.GetRequiredService<SallaDeliveryDispatcher>().DispatchAsync(item.Body, item.DeliveryKey);

        Assert.Equal(SallaWebhookOutcome.Handled, result.Outcome);
        Assert.IsType<OrderCreatedEvent>(Assert.Single(rig.Recorder.Events));
    }

    [Fact]
    public async Task Options_are_validated_at_start_up()
    {
        await Assert.ThrowsAsync<OptionsValidationException>(() => StartBare(o => o.MaxBodyBytes = 0));
        var timeout = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBare(o =>
        {
            o.Secrets.Add("s");
            o.BodyReadTimeout = TimeSpan.Zero;
        }));
        Assert.Contains("BodyReadTimeout", timeout.Message, StringComparison.Ordinal);
        var noSecret = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBare(_ => { }));
        Assert.Contains("Secrets is empty", noSecret.Message, StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBare(o => o.SecurityStrategy = SallaSecurityStrategy.None));
        Assert.Contains("AllowUnverified", none.Message, StringComparison.Ordinal);
        var inbox = await Assert.ThrowsAsync<OptionsValidationException>(() => StartBare(o =>
        {
            o.Secrets.Add("s");
            o.UseInbox = true;
        }));
        Assert.Contains("ISallaInbox", inbox.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strategy_none_with_allow_unverified_starts_with_a_warning_and_accepts_unsigned_requests()
    {
        await using var rig = await HttpRig.StartAsync(o =>
        {
            o.Secrets.Clear();
            o.SecurityStrategy = SallaSecurityStrategy.None;
            o.AllowUnverified = true;
        });

        var warning = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.VerificationDisabledId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        var (status, _, _) = await rig.SendAsync(Kit.Post(Kit.OrderCreated, signature: null, strategy: null));
        Assert.Equal(200, status);
        Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.VerificationDisabledId);
    }

    [Fact]
    public async Task Options_bind_from_the_salla_webhooks_configuration_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Salla:Webhooks:SecurityStrategy"] = "Token",
            ["Salla:Webhooks:Secrets:0"] = "from-config-old",
            ["Salla:Webhooks:Secrets:1"] = "from-config-new",
            ["Salla:Webhooks:MaxBodyBytes"] = "2048",
            ["Salla:Webhooks:Deduplication"] = "false",
            ["Salla:Webhooks:DeduplicationWindow"] = "00:30:00",
            ["Salla:Webhooks:BodyReadTimeout"] = "00:00:05",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSallaWebhooks<SallaEventDispatcher>(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<SallaWebhookOptions>>().Value;

        Assert.Equal(SallaSecurityStrategy.Token, options.SecurityStrategy);
        Assert.Equal(new[] { "from-config-old", "from-config-new" }, options.Secrets);
        Assert.Equal(2048, options.MaxBodyBytes);
        Assert.False(options.Deduplication);
        Assert.Equal(TimeSpan.FromMinutes(30), options.DeduplicationWindow);
        Assert.Equal(TimeSpan.FromSeconds(5), options.BodyReadTimeout);
    }

    [Fact]
    public async Task Action_overload_binds_the_app_configuration_then_the_action()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Salla:Webhooks:Secrets:0"] = "from-config", ["Salla:Webhooks:MaxBodyBytes"] = "4096" });
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o => o.MaxBodyBytes = 8192);
        await using var app = builder.Build();

        var options = app.Services.GetRequiredService<IOptions<SallaWebhookOptions>>().Value;

        Assert.Equal(new[] { "from-config" }, options.Secrets);
        Assert.Equal(8192, options.MaxBodyBytes);
    }

    [Fact]
    public void Handler_helper_registers_every_handler_interface_once_per_scope()
    {
        var services = new ServiceCollection().AddSingleton(new Recorder());
        services.AddSallaEventHandler<MultiHandler>();
        services.AddSallaEventHandler<MultiHandler>();
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        using var scope = provider.CreateScope();

        var order = Assert.Single(scope.ServiceProvider.GetServices<IOrderCreatedHandler>());
        var status = Assert.Single(scope.ServiceProvider.GetServices<IOrderStatusUpdatedHandler>());
        var any = Assert.Single(scope.ServiceProvider.GetServices<ISallaAnyEventHandler>());
        var unknown = Assert.Single(scope.ServiceProvider.GetServices<ISallaUnknownEventHandler>());

        Assert.Same(order, status);
        Assert.Same(order, any);
        Assert.Same(order, unknown);
        using var other = provider.CreateScope();
        Assert.NotSame(order, other.ServiceProvider.GetRequiredService<IOrderCreatedHandler>());
    }

    [Fact]
    public void Handler_helper_refuses_a_type_that_handles_nothing()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddSallaEventHandler<NotAHandler>());
        Assert.Contains("ISallaEventHandler<TEvent> alone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_store_is_a_replaceable_singleton_and_the_dispatcher_is_scoped()
    {
        var custom = new InMemorySallaDeliveryStore(TimeSpan.FromMinutes(1));
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<ISallaDeliveryStore>(custom);
        services.AddSallaWebhooks<SallaEventDispatcher>(o => o.Secrets.Add("s"));
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });

        Assert.Same(custom, provider.GetRequiredService<ISallaDeliveryStore>());
        Assert.Equal(ServiceLifetime.Scoped, services.Single(d => d.ServiceType == typeof(ISallaEventDispatcher)).Lifetime);
        using var scope = provider.CreateScope();
        Assert.IsType<SallaEventDispatcher>(scope.ServiceProvider.GetRequiredService<ISallaEventDispatcher>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<SallaWebhookProcessor>());
    }

    [Fact]
    public void Mapping_without_registration_says_what_is_missing()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapSallaWebhooks());
        Assert.Contains("AddSallaWebhooks", error.Message, StringComparison.Ordinal);
    }

    private static async Task StartBare(Action<SallaWebhookOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(configure);
        await using var app = builder.Build();
        app.MapSallaWebhooks();
        await app.StartAsync();
        await app.StopAsync();
    }

    public sealed class MultiHandler : IOrderCreatedHandler, IOrderStatusUpdatedHandler, ISallaAnyEventHandler, ISallaUnknownEventHandler
    {
        public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;

        public ValueTask HandleAsync(OrderStatusUpdatedEvent salla, CancellationToken cancellationToken) => default;

        public ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken) => default;

        public ValueTask HandleAsync(SallaUnknownEvent salla, CancellationToken cancellationToken) => default;
    }

    public sealed class NotAHandler : ISallaEventHandler<OrderCreatedEvent>
    {
        public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
    }

    /// <summary>Zero bytes, counting how many were asked for.</summary>
    private sealed class CountingContent(long length, bool declareLength) : HttpContent
    {
        public long Written { get; private set; }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var chunk = new byte[8192];
            while (Written < length)
            {
                var size = (int)Math.Min(chunk.Length, length - Written);
                await stream.WriteAsync(chunk.AsMemory(0, size));
                Written += size;
            }
        }

        protected override bool TryComputeLength(out long length1)
        {
            length1 = length;
            return declareLength;
        }
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
