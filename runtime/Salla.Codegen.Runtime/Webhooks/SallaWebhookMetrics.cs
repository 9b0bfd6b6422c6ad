using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The receiver's instruments (<see cref="SallaWebhookTelemetry"/> names them) on a meter named
/// <see cref="SallaWebhookTelemetry.Name"/>. <c>AddSallaWebhooks</c> registers one per service provider,
/// created through its <see cref="IMeterFactory"/>, so hosts sharing a process keep separate figures,
/// as the inbox's metrics do. A processor created without one records on <see cref="Shared"/>.
/// </summary>
public sealed class SallaWebhookMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _received;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _handled;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _duplicate;
    private readonly Histogram<double> _handlerDuration;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of their own when it is null.</summary>
    public SallaWebhookMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(SallaWebhookTelemetry.Name) { Version = SallaWebhookTelemetry.Version })
            ?? new Meter(SallaWebhookTelemetry.Name, SallaWebhookTelemetry.Version);
        _received = _meter.CreateCounter<long>(SallaWebhookTelemetry.ReceivedCounter, "{delivery}", "Salla webhook deliveries received.");
        _refused = _meter.CreateCounter<long>(SallaWebhookTelemetry.RefusedCounter, "{delivery}", "Salla webhook deliveries refused, by reason.");
        _handled = _meter.CreateCounter<long>(SallaWebhookTelemetry.HandledCounter, "{delivery}", "Salla webhook deliveries dispatched without error.");
        _failed = _meter.CreateCounter<long>(SallaWebhookTelemetry.FailedCounter, "{delivery}", "Salla webhook deliveries whose handler failed.");
        _duplicate = _meter.CreateCounter<long>(SallaWebhookTelemetry.DuplicateCounter, "{delivery}", "Salla webhook redeliveries acknowledged without dispatch.");
        _handlerDuration = _meter.CreateHistogram<double>(SallaWebhookTelemetry.HandlerDurationHistogram, "ms", "Time to parse and handle a Salla webhook delivery.");
    }

    /// <summary>The process-wide instruments of processors and dispatchers created without metrics of their own.</summary>
    public static SallaWebhookMetrics Shared { get; } = new();

    /// <summary>Disposes the meter when these metrics created it (a factory's meters are the factory's to dispose).</summary>
    public void Dispose()
    {
        if (_ownsMeter && !ReferenceEquals(this, Shared))
        {
            _meter.Dispose();
        }
    }

    internal void Received() => _received.Add(1);

    internal void Duplicate() => _duplicate.Add(1);

    internal void Refused(string reason) =>
        _refused.Add(1, new KeyValuePair<string, object?>(SallaWebhookTelemetry.ReasonTagName, reason));

    internal void Failed(ISallaEventDispatcher dispatcher, string? eventName) =>
        _failed.Add(1, EventTag(dispatcher, eventName));

    internal void Handled(ISallaEventDispatcher dispatcher, string eventName, string outcome, double elapsedMs)
    {
        var eventTag = EventTag(dispatcher, eventName);
        var outcomeTag = new KeyValuePair<string, object?>(SallaWebhookTelemetry.OutcomeTagName, outcome);
        _handled.Add(1, eventTag, outcomeTag);
        _handlerDuration.Record(elapsedMs, eventTag, outcomeTag);
    }

    internal void Duration(ISallaEventDispatcher dispatcher, string? eventName, string outcome, double elapsedMs) =>
        _handlerDuration.Record(elapsedMs, EventTag(dispatcher, eventName), new KeyValuePair<string, object?>(SallaWebhookTelemetry.OutcomeTagName, outcome));

    private static KeyValuePair<string, object?> EventTag(ISallaEventDispatcher dispatcher, string? eventName) =>
        new(SallaWebhookTelemetry.EventTagName, SallaWebhookTelemetry.EventTag(dispatcher, eventName));
}
