using System;
using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Salla.Codegen.EntityFrameworkCore.Tests;

/// <summary>Listens to one host's inbox meter (each service provider has its own), adding counters and keeping gauges' last values.</summary>
internal sealed class InboxMeter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, double> _values = new();

    public InboxMeter(IServiceProvider services)
    {
        var meter = services.GetRequiredService<SallaInboxMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Record(instrument, value));
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Record(instrument, value));
        _listener.Start();
    }

    public double Counter(string name) => _values.TryGetValue(name, out var value) ? value : 0;

    public double? Gauge(string name)
    {
        _values.TryRemove(name, out _);
        _listener.RecordObservableInstruments();
        return _values.TryGetValue(name, out var value) ? value : null;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value)
    {
        if (instrument.IsObservable)
        {
            _values[instrument.Name] = value;
        }
        else
        {
            _values.AddOrUpdate(instrument.Name, value, (_, total) => total + value);
        }
    }
}
