using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
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
using Xunit;
using Xunit.Abstractions;

namespace Salla.Codegen.Webhooks.Tests;

// Process-wide allocation counts are only meaningful while no other test runs.
[CollectionDefinition(nameof(KestrelCollection), DisableParallelization = true)]
public sealed class KestrelCollection
{
}

/// <summary>The endpoint on a real Kestrel on loopback, driven by raw sockets that lie about and stall their bodies.</summary>
[Collection(nameof(KestrelCollection))]
public class KestrelBodyTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Idle_connections_declaring_a_mebibyte_do_not_make_the_server_reserve_it()
    {
        const int Connections = 100;
        const int Declared = 1024 * 1024;
        await using var rig = await KestrelRig.StartAsync(o => o.BodyReadTimeout = TimeSpan.FromMinutes(2));
        var sockets = new List<Socket>();
        try
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < Connections; i++)
            {
                var socket = await rig.ConnectAsync();
                sockets.Add(socket);
                await socket.SendAsync(KestrelRig.Head(Declared, signature: new string('0', 64)).Concat("{\"event\":"u8.ToArray()).ToArray());
            }

            // Every request has taken the bytes sent and is waiting for more: whatever the endpoint
            // reserves for the declared length is reserved by now.
            await rig.WaitForWaitingReadersAsync(Connections, ClientTimeout);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            output.WriteLine($"{Connections} idle connections: {allocated / 1024} KiB allocated in the process");

            Assert.True(
                allocated < (long)Connections * Declared / 4,
                $"{Connections} idle connections each declaring {Declared} bytes and sending 9 made the process allocate {allocated / 1024} KiB");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_stalled_body_is_answered_408_within_the_read_timeout_and_the_connection_closed()
    {
        await using var rig = await KestrelRig.StartAsync(o => o.BodyReadTimeout = TimeSpan.FromSeconds(1));
        using var socket = await rig.ConnectAsync();
        var started = Stopwatch.StartNew();

        await socket.SendAsync(KestrelRig.Head(1000, new string('0', 64)).Concat("{\"event\":\"o"u8.ToArray()).ToArray());
        var response = await KestrelRig.ReadToEndAsync(socket, ClientTimeout);

        Assert.True(response.Closed, "the server kept the connection open after the 408");
        Assert.Equal(408, response.Status);
        Assert.Contains("\r\nthe body did not arrive in time\r\n", response.Text, StringComparison.Ordinal);
        Assert.Contains("Connection: close", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"answered after {started.Elapsed}");
        var log = Assert.Single(rig.Logs.Entries, e => e.EventId.Id == SallaWebhookLog.BodyTimeoutId);
        Assert.Equal(11L, log["BodyBytes"]);
        Assert.Empty(rig.Recorder.Events);
    }

    [Fact]
    public async Task A_normal_body_is_handled_and_a_content_length_larger_than_the_body_neither_hangs_nor_fails()
    {
        await using var rig = await KestrelRig.StartAsync(o => o.BodyReadTimeout = TimeSpan.FromSeconds(30));
        var body = Kit.OrderCreated;

        using (var normal = await rig.ConnectAsync())
        {
            await normal.SendAsync(KestrelRig.Head(body.Length, Kit.Sign(body), keepAlive: false).Concat(body).ToArray());
            var ok = await KestrelRig.ReadToEndAsync(normal, ClientTimeout);
            Assert.Equal(200, ok.Status);
            Assert.Contains("\r\nhandled\r\n", ok.Text, StringComparison.Ordinal);
        }

        using (var lying = await rig.ConnectAsync())
        {
            await lying.SendAsync(KestrelRig.Head(body.Length + 500, Kit.Sign(body)).Concat(body).ToArray());
            lying.Shutdown(SocketShutdown.Send);
            var answer = await KestrelRig.ReadToEndAsync(lying, ClientTimeout);

            // Kestrel may close a half-closed connection before anything can be written; if an
            // answer gets through, it is the 400 for a short body.
            Assert.True(answer.Closed);
            Assert.True(answer.Status is null or 400, answer.Text);
        }

        using (var after = await rig.ConnectAsync())
        {
            var again = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("196", "197", StringComparison.Ordinal));
            await after.SendAsync(KestrelRig.Head(again.Length, Kit.Sign(again), keepAlive: false).Concat(again).ToArray());
            Assert.Equal(200, (await KestrelRig.ReadToEndAsync(after, ClientTimeout)).Status);
        }

        Assert.Equal(2, rig.Recorder.Count("order.created"));

        // All three requests ran to their end on the server (the lying one as a 400, or dropped if
        // Kestrel saw the client leave first), and nothing failed on the way.
        await rig.WaitForLogAsync(e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.EventId.Id == 2, 3, ClientTimeout);
        Assert.DoesNotContain(rig.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_still_a_413()
    {
        await using var rig = await KestrelRig.StartAsync(o => o.MaxBodyBytes = 4096);
        using var socket = await rig.ConnectAsync();

        await socket.SendAsync(KestrelRig.Head(10 * 1024 * 1024, new string('0', 64), keepAlive: false));
        var response = await KestrelRig.ReadToEndAsync(socket, ClientTimeout);

        Assert.True(response.Closed);
        Assert.Equal(413, response.Status);
        Assert.Contains("Connection: close", response.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\r\nthe body is over the 4096-byte limit\r\n", response.Text, StringComparison.Ordinal);
    }
}

/// <summary>An app on Kestrel at 127.0.0.1 on a free port, wired as the sample is.</summary>
internal sealed class KestrelRig : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _waitingReaders;

    private KestrelRig(WebApplication app, Recorder recorder, TestLoggerProvider logs)
    {
        _app = app;
        Recorder = recorder;
        Logs = logs;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    public Recorder Recorder { get; }

    public TestLoggerProvider Logs { get; }

    public int Port { get; }

    public static async Task<KestrelRig> StartAsync(Action<SallaWebhookOptions> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);

            // Off, so only the receiver's own read timeout can end a stalled body.
            kestrel.Limits.MinRequestBodyDataRate = null;
        });
        var logs = new TestLoggerProvider();
        builder.Logging.ClearProviders().AddProvider(logs);
        var recorder = new Recorder();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o =>
        {
            o.Secrets.Add(Kit.Secret);
            configure(o);
        });
        builder.Services.AddSallaEventHandler<RecordingHandler>();
        var app = builder.Build();
        KestrelRig? rig = null;
        app.Use((context, next) =>
        {
            context.Request.Body = new WatchedStream(context.Request.Body, () => Interlocked.Increment(ref rig!._waitingReaders));
            return next(context);
        });
        app.MapSallaWebhooks();
        await app.StartAsync();
        rig = new KestrelRig(app, recorder, logs);
        return rig;
    }

    public static byte[] Head(long contentLength, string signature, bool keepAlive = true) => Encoding.ASCII.GetBytes(
        "POST /webhooks/salla HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
        $"Content-Length: {contentLength}\r\nX-Salla-Signature: {signature}\r\n" +
        (keepAlive ? string.Empty : "Connection: close\r\n") + "\r\n");

    /// <summary>Reads until the server closes the connection or <paramref name="timeout"/> passes.</summary>
    public static async Task<(int? Status, string Text, bool Closed)> ReadToEndAsync(Socket socket, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        var closed = false;
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                if (read == 0)
                {
                    closed = true;
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (SocketException)
        {
            // A reset is a close too.
            closed = true;
        }
        catch (OperationCanceledException)
        {
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        int? status = text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(text.AsSpan(9, 3), out var code) ? code : null;
        return (status, text, closed);
    }

    public async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(IPAddress.Loopback, Port);
        return socket;
    }

    public async Task WaitForWaitingReadersAsync(int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref _waitingReaders) < count)
        {
            Assert.True(deadline.Elapsed < timeout, $"only {_waitingReaders} of {count} requests reached their body within {timeout}");
            await Task.Delay(20);
        }
    }

    public async Task WaitForLogAsync(Func<LogEntry, bool> match, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Logs.Entries.Count(match) < count)
        {
            Assert.True(deadline.Elapsed < timeout, $"only {Logs.Entries.Count(match)} of {count} log entries within {timeout}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    /// <summary>Reports, once per request, a read started after earlier reads returned bytes: the reader now waits for the client.</summary>
    private sealed class WatchedStream(Stream inner, Action waiting) : Stream
    {
        private bool _gotBytes;
        private bool _reported;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_gotBytes && !_reported)
            {
                _reported = true;
                waiting();
            }

            var read = await inner.ReadAsync(buffer, cancellationToken);
            _gotBytes |= read > 0;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("synchronous reads");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
