using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Benchmarks;
using Salla.Codegen.Webhooks;
using Salla.Events;

namespace Salla.Codegen.Benchmarks.Http;

/// <summary>
/// <c>serve bare|receiver|by-hand-document|by-hand-stj --port N [--no-dedup] [--unsigned]</c>: one Kestrel server on
/// loopback, run as a child process of the load generator. The two <c>by-hand</c> servers are what a user would write
/// instead of the library: read the body, check the hex HMAC-SHA256 in constant time, then parse with
/// <see cref="JsonDocument"/> or deserialize with System.Text.Json's source-generated context into hand-written models. It prints <c>READY url</c> once listening, answers <c>GET /stats</c> with the number
/// of deliveries handled so far, and stops when its standard input closes (the parent exited, however it exited),
/// printing <c>HANDLED n</c>.
/// </summary>
internal static class Serve
{
    public const string Secret = "http-benchmark-webhook-secret";
    public const string Path = "/webhooks/salla";
    public const string ReadyLine = "READY ";
    public const string ByHandDocument = "by-hand-document";
    public const string ByHandStj = "by-hand-stj";

    private static readonly byte[] SecretBytes = Encoding.UTF8.GetBytes(Secret);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("bare" or "receiver" or ByHandDocument or ByHandStj))
        {
            Console.Error.WriteLine("usage: serve bare|receiver|by-hand-document|by-hand-stj --port N [--no-dedup] [--unsigned]");
            return 2;
        }

        var receiver = args[0] == "receiver";
        var port = 0;
        var deduplication = true;
        var signed = true;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], CultureInfo.InvariantCulture);
                    break;
                case "--no-dedup" when receiver:
                    deduplication = false;
                    break;
                case "--unsigned" when receiver:
                    signed = false;
                    break;
                default:
                    Console.Error.WriteLine($"serve: unknown argument '{args[i]}'");
                    return 2;
            }
        }

        // Both servers: the host a production app gets (its default logging providers, Warning and
        // above), the same Kestrel settings, nothing read from files.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = Array.Empty<string>(),
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1);
        });

        var handled = new DeliveryCounter();
        builder.Services.AddSingleton(handled);
        if (receiver)
        {
            // As samples/Salla.Codegen.Receiver wires it, with the default in-memory delivery store.
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(options =>
            {
                options.Secrets.Add(Secret);
                options.SecurityStrategy = signed ? SallaSecurityStrategy.Signature : SallaSecurityStrategy.None;
                options.AllowUnverified = !signed;
                options.Deduplication = deduplication;
            });
            builder.Services.AddSallaEventHandler<CountingOrderCreatedHandler>();
        }

        await using var app = builder.Build();
        if (receiver)
        {
            app.MapSallaWebhooks();
        }
        else if (args[0] is ByHandDocument or ByHandStj)
        {
            var document = args[0] == ByHandDocument;
            app.MapPost(Path, async context =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
                var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
                if (!ByHandWebhook.SignatureMatches(SecretBytes, bytes.Span, context.Request.Headers["X-Salla-Signature"]))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                long orderId;
                try
                {
                    orderId = document ? ByHandWebhook.DocumentOrderId(bytes) : ByHandWebhook.StjOrderId(bytes.Span);
                }
                catch (JsonException)
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                if (orderId != 0)
                {
                    handled.Increment();
                }

                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("OK", context.RequestAborted).ConfigureAwait(false);
            });
        }
        else
        {
            app.MapPost(Path, async context =>
            {
                // The whole body read, then 200 with a short text answer like the receiver's.
                var reader = context.Request.BodyReader;
                while (true)
                {
                    var read = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                    reader.AdvanceTo(read.Buffer.End);
                    if (read.IsCompleted)
                    {
                        break;
                    }
                }

                handled.Increment();
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync("OK", context.RequestAborted).ConfigureAwait(false);
            });
        }

        app.MapGet("/stats", () => handled.Value.ToString(CultureInfo.InvariantCulture));

        // What this process has spent so far: CPU, allocation, collections, GC pauses (see RuntimeCounters).
        app.MapGet("/runtime", () => RuntimeCounters.Current().ToString());

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses is { Count: > 0 } ? addresses.First() : $"http://127.0.0.1:{port}";
            Console.Out.WriteLine(ReadyLine + address);
            Console.Out.Flush();
        });

        // The parent holds our standard input open; its end (exit, crash, kill) stops this server.
        _ = Task.Run(async () =>
        {
            var buffer = new byte[64];
            using var input = Console.OpenStandardInput();
            try
            {
                while (await input.ReadAsync(buffer).ConfigureAwait(false) > 0)
                {
                }
            }
            catch (IOException)
            {
            }

            lifetime.StopApplication();
        });

        await app.RunAsync().ConfigureAwait(false);
        Console.Out.WriteLine("HANDLED " + handled.Value.ToString(CultureInfo.InvariantCulture));
        return 0;
    }
}

/// <summary>A process's cumulative CPU time, allocated bytes, gen 0/1/2 collections and GC pause time.</summary>
internal readonly record struct RuntimeCounters(double CpuMilliseconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, double PauseMilliseconds)
{
    public static RuntimeCounters Current()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return new(
            self.TotalProcessorTime.TotalMilliseconds,
            GC.GetTotalAllocatedBytes(precise: false),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            GC.GetTotalPauseDuration().TotalMilliseconds);
    }

    public static RuntimeCounters Parse(string text)
    {
        var parts = text.Split(' ');
        return new(
            double.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            int.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture),
            int.Parse(parts[4], CultureInfo.InvariantCulture),
            double.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    public static RuntimeCounters operator -(RuntimeCounters a, RuntimeCounters b) =>
        new(a.CpuMilliseconds - b.CpuMilliseconds, a.AllocatedBytes - b.AllocatedBytes, a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.PauseMilliseconds - b.PauseMilliseconds);

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"{CpuMilliseconds:R} {AllocatedBytes} {Gen0} {Gen1} {Gen2} {PauseMilliseconds:R}");
}
