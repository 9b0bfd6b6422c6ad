using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Salla.Codegen.EntityFrameworkCore;

/// <summary>
/// The inbox's metrics, on the meter <see cref="Name"/> (with OpenTelemetry,
/// <c>AddMeter("Salla.Codegen.Inbox")</c>). The gauges are refreshed by the worker every
/// <see cref="SallaInboxOptions.MetricsInterval"/>, so collecting them never queries the database.
/// </summary>
public static class SallaInboxTelemetry
{
    /// <summary>The meter's name.</summary>
    public const string Name = "Salla.Codegen.Inbox";

    /// <summary>Deliveries stored by the receiver, tagged <c>salla.event</c>.</summary>
    public const string StoredCounter = "salla.inbox.stored";

    /// <summary>Redeliveries the unique key turned away (acknowledged without dispatch), tagged <c>salla.event</c>.</summary>
    public const string DuplicateCounter = "salla.inbox.duplicated";

    /// <summary>Deliveries the worker dispatched and marked processed, tagged <c>salla.event</c>.</summary>
    public const string ProcessedCounter = "salla.inbox.processed";

    /// <summary>Failed attempts scheduled for a retry, tagged <c>salla.event</c>.</summary>
    public const string RetriedCounter = "salla.inbox.retried";

    /// <summary>Deliveries moved to the dead-letter state, tagged <c>salla.event</c>.</summary>
    public const string DeadLetterCounter = "salla.inbox.dead_lettered";

    /// <summary>Pending deliveries (due, leased or waiting for a retry).</summary>
    public const string DepthGauge = "salla.inbox.depth";

    /// <summary>Age of the oldest pending delivery, in seconds (0 when none is pending).</summary>
    public const string OldestPendingAgeGauge = "salla.inbox.oldest_pending.age";

    /// <summary>Dead-lettered deliveries waiting to be replayed.</summary>
    public const string DeadLettersGauge = "salla.inbox.dead_letters";
}

/// <summary>One instance per service provider, so hosts sharing a process keep separate figures.</summary>
internal sealed class SallaInboxMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _stored;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _processed;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _deadLettered;
    private volatile SallaInboxStats? _stats;

    public SallaInboxMetrics(IMeterFactory? meterFactory)
    {
        _meter = meterFactory?.Create(new MeterOptions(SallaInboxTelemetry.Name)) ?? new Meter(SallaInboxTelemetry.Name);
        _stored = _meter.CreateCounter<long>(SallaInboxTelemetry.StoredCounter, "{delivery}", "Salla deliveries stored in the inbox.");
        _duplicates = _meter.CreateCounter<long>(SallaInboxTelemetry.DuplicateCounter, "{delivery}", "Salla redeliveries acknowledged without dispatch.");
        _processed = _meter.CreateCounter<long>(SallaInboxTelemetry.ProcessedCounter, "{delivery}", "Salla deliveries dispatched from the inbox.");
        _retries = _meter.CreateCounter<long>(SallaInboxTelemetry.RetriedCounter, "{attempt}", "Failed inbox dispatch attempts scheduled for a retry.");
        _deadLettered = _meter.CreateCounter<long>(SallaInboxTelemetry.DeadLetterCounter, "{delivery}", "Salla deliveries moved to the dead-letter state.");
        _meter.CreateObservableGauge(SallaInboxTelemetry.DepthGauge, () => Observe(s => s.Pending), "{delivery}", "Pending Salla deliveries in the inbox.");
        _meter.CreateObservableGauge(SallaInboxTelemetry.OldestPendingAgeGauge, ObserveOldestAge, "s", "Age of the oldest pending Salla delivery.");
        _meter.CreateObservableGauge(SallaInboxTelemetry.DeadLettersGauge, () => Observe(s => s.DeadLettered), "{delivery}", "Dead-lettered Salla deliveries.");
    }

    public Meter Meter => _meter;

    /// <summary>The last figures the worker measured, or null before the first measurement.</summary>
    public SallaInboxStats? Stats => _stats;

    public void Update(SallaInboxStats stats) => _stats = stats;

    public void Stored(string eventName) => _stored.Add(1, Event(eventName));

    public void Duplicate(string eventName) => _duplicates.Add(1, Event(eventName));

    public void Processed(string eventName) => _processed.Add(1, Event(eventName));

    public void Retried(string eventName) => _retries.Add(1, Event(eventName));

    public void DeadLettered(string eventName) => _deadLettered.Add(1, Event(eventName));

    public void Dispose() => _meter.Dispose();

    private static KeyValuePair<string, object?> Event(string eventName) => new("salla.event", eventName);

    private IEnumerable<Measurement<long>> Observe(Func<SallaInboxStats, long> value) =>
        _stats is { } stats ? new[] { new Measurement<long>(value(stats)) } : Array.Empty<Measurement<long>>();

    private IEnumerable<Measurement<double>> ObserveOldestAge() =>
        _stats is { } stats ? new[] { new Measurement<double>(stats.OldestPendingAge?.TotalSeconds ?? 0) } : Array.Empty<Measurement<double>>();
}
