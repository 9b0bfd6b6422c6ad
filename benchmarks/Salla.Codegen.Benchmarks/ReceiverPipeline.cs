using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Salla.Codegen;
using Salla.Codegen.Metadata;
using Salla.Codegen.Webhooks;
using Salla.Events;

namespace Salla.Codegen.Benchmarks;

/// <summary>
/// The webhook receiver's whole path for a signed order.created (12 KB): size check, HMAC-SHA256
/// verification, parse and dispatch to a no-op handler through the generated dispatcher, with
/// deduplication off, logging off (NullLogger) and no telemetry listener, against its parts
/// measured alone: the HMAC-SHA256 verification of the body and the parse. Target: the whole path
/// at most 1.1x the sum of the two parts, allocating no more than the parse. Authenticate and
/// Dispatch are the receiver's own two stages, shown to place any difference; DeliveryKey is what
/// deduplication (on by default, off here) adds. ByHandDocument and ByHandStj are the work of the two
/// endpoints a user would write instead (verify, then JsonDocument or System.Text.Json's generated
/// context); Floor is the least any receiver does that verifies, reads every token and keys the
/// delivery by its content, so it bounds how close to ByHandDocument the receiver can come.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
// Three processes, not one: the whole path and its parts are compared across processes, whose JIT
// and code layout differ by a few percent, more than the margin being checked.
[SimpleJob(launchCount: 3, warmupCount: 5, iterationCount: 20)]
public class ReceiverPipeline
{
    private const string Secret = "benchmark-webhook-secret";

    private byte[] _body = Array.Empty<byte>();
    private byte[] _secret = Array.Empty<byte>();
    private string _signature = string.Empty;
    private SallaWebhookRequest _request = null!;
    private SallaWebhookProcessor _processor = null!;
    private SallaWebhookAuthenticator _authenticator = null!;
    private SallaEventDispatcher _dispatcher = null!;

    [GlobalSetup]
    public void Setup()
    {
        _body = File.ReadAllBytes(Salla.Codegen.TestSupport.RepoPaths.Example("order.created.json"));
        _secret = Encoding.UTF8.GetBytes(Secret);
        _signature = Convert.ToHexStringLower(HMACSHA256.HashData(_secret, _body));
        _request = new SallaWebhookRequest(_body, _signature, "Signature", null);

        var options = new SallaWebhookOptions { Deduplication = false };
        options.Secrets.Add(Secret);
        _authenticator = new SallaWebhookAuthenticator(options);
        _dispatcher = new SallaEventDispatcher(new NoOpServices());
        _processor = new SallaWebhookProcessor(options, _authenticator, _dispatcher, null, null, NullLogger.Instance, TimeProvider.System);

        // Only a path that works is worth timing: check each one's result once.
        Require("HmacVerify", HmacVerify());
        Require("Parse", Parse().Data?.Id == 2116149737);
        Require("Authenticate", Authenticate() == SallaAuthenticationStatus.Verified);
        Require("Dispatch", Dispatch() == SallaDispatchOutcome.Handled);
        Require("WholePath", WholePath() == SallaWebhookOutcome.Handled);
        Require("DeliveryKey", DeliveryKey().Length > 0);
        Require("ByHandDocument", ByHandDocument() == 2116149737);
        Require("ByHandStj", ByHandStj() == 2116149737);
        Require("Floor", Floor() > 0);
    }

    /// <summary>Part one: decode the hex header, HMAC-SHA256 the body, compare in constant time.</summary>
    [Benchmark]
    public bool HmacVerify() => ByHandWebhook.SignatureMatches(_secret, _body, _signature);

    /// <summary>Part two: the generated reader alone.</summary>
    [Benchmark]
    public OrderCreatedEvent Parse() => OrderCreatedEvent.Parse(_body);

    /// <summary>The receiver's authentication stage (part one plus the strategy and header checks).</summary>
    [Benchmark]
    public SallaAuthenticationStatus Authenticate() => _authenticator.Authenticate(_request).Status;

    /// <summary>The generated dispatcher alone (part two plus reading the event name and running the handler).</summary>
    [Benchmark]
    public SallaDispatchOutcome Dispatch() => _dispatcher.DispatchAsync(_body).GetAwaiter().GetResult().Outcome;

    /// <summary>Deduplication's share: the SHA-256 delivery key of the body.</summary>
    [Benchmark]
    public string DeliveryKey() => SallaDeliveryKey.Compute(_body);

    /// <summary>The whole path through <see cref="SallaWebhookProcessor.ProcessAsync"/>.</summary>
    [Benchmark]
    public SallaWebhookOutcome WholePath() => _processor.ProcessAsync(_request).GetAwaiter().GetResult().Outcome;

    /// <summary>The by-hand endpoint's work: verify, parse into a <see cref="JsonDocument"/>, read the order id.</summary>
    [Benchmark]
    public long ByHandDocument() => HmacVerify() ? ByHandWebhook.DocumentOrderId(_body) : 0;

    /// <summary>The typed by-hand endpoint's work: verify, deserialize into the hand-written models.</summary>
    [Benchmark]
    public long ByHandStj() => HmacVerify() ? ByHandWebhook.StjOrderId(_body) : 0;

    /// <summary>Verify, read every token building nothing, and compute the delivery key: a receiver's least work.</summary>
    [Benchmark]
    public long Floor() =>
        HmacVerify() ? ParseOrderCreated.Walk(_body, SallaJson.ReaderOptions) + SallaDeliveryKey.Compute(_body).Length : 0;

    private static void Require(string what, bool holds)
    {
        if (!holds)
        {
            throw new InvalidOperationException(what + " does not work; nothing to measure.");
        }
    }

    /// <summary>Answers the dispatcher with one no-op order.created handler, from arrays made once.</summary>
    private sealed class NoOpServices : IServiceProvider
    {
        private static readonly IOrderCreatedHandler[] Handlers = { new NoOpHandler() };

        public object? GetService(Type serviceType) =>
            serviceType == typeof(IEnumerable<IOrderCreatedHandler>) ? Handlers
            : serviceType == typeof(IEnumerable<ISallaAnyEventHandler>) ? Array.Empty<ISallaAnyEventHandler>()
            : null;
    }

    private sealed class NoOpHandler : IOrderCreatedHandler
    {
        public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
