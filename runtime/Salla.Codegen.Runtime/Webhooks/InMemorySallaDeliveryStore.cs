using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The default <see cref="ISallaDeliveryStore"/>: a bounded, expiring set in this process's memory.
/// Thread-safe. It deduplicates within one instance of the app and forgets everything on restart;
/// register another store to deduplicate across instances.
/// </summary>
public sealed class InMemorySallaDeliveryStore : ISallaDeliveryStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // Every entry lives for the same window, so insertion order is expiry order: the queue's head
    // is always the next to expire or to be evicted. Abandoned keys leave stale queue items, which
    // the stamp tells apart from a later entry of the same key.
    private readonly Queue<(string Key, long Stamp)> _order = new();
    private readonly TimeSpan _window;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private long _nextStamp;

    /// <summary>Creates a store that remembers a delivery for <paramref name="window"/>, at most <paramref name="capacity"/> of them.</summary>
    public InMemorySallaDeliveryStore(TimeSpan window, int capacity = SallaWebhookOptions.DefaultDeduplicationCapacity, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(capacity, 0);
        _window = window;
        _capacity = capacity;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Creates a store with the window and capacity of <paramref name="options"/>.</summary>
    public InMemorySallaDeliveryStore(SallaWebhookOptions options, TimeProvider? timeProvider = null)
        : this(
            (options ?? throw new ArgumentNullException(nameof(options))).DeduplicationWindow > TimeSpan.Zero ? options.DeduplicationWindow : TimeSpan.FromHours(24),
            options.DeduplicationCapacity > 0 ? options.DeduplicationCapacity : SallaWebhookOptions.DefaultDeduplicationCapacity,
            timeProvider)
    {
    }

    /// <summary>How many deliveries are remembered now, expired ones not yet swept included.</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryBeginAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryKey);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (_entries.TryGetValue(deliveryKey, out var existing) && existing.ExpiresAt > now)
            {
                return new ValueTask<bool>(false);
            }

            while (_entries.Count >= _capacity && EvictOldest())
            {
            }

            var stamp = _nextStamp++;
            _entries[deliveryKey] = new Entry(now + _window, stamp, Completed: false);
            _order.Enqueue((deliveryKey, stamp));
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryKey);
        lock (_gate)
        {
            if (_entries.TryGetValue(deliveryKey, out var entry))
            {
                _entries[deliveryKey] = entry with { Completed = true };
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask AbandonAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryKey);
        lock (_gate)
        {
            _entries.Remove(deliveryKey);
        }

        return default;
    }

    /// <summary>Whether <paramref name="deliveryKey"/> is remembered as completed.</summary>
    internal bool IsCompleted(string deliveryKey)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(deliveryKey, out var entry) && entry.Completed && entry.ExpiresAt > _time.GetUtcNow();
        }
    }

    private void Sweep(DateTimeOffset now)
    {
        while (_order.TryPeek(out var head))
        {
            if (_entries.TryGetValue(head.Key, out var entry) && entry.Stamp == head.Stamp)
            {
                if (entry.ExpiresAt > now)
                {
                    return;
                }

                _entries.Remove(head.Key);
            }

            _order.Dequeue();
        }
    }

    private bool EvictOldest()
    {
        while (_order.TryDequeue(out var head))
        {
            if (_entries.TryGetValue(head.Key, out var entry) && entry.Stamp == head.Stamp)
            {
                _entries.Remove(head.Key);
                return true;
            }
        }

        return false;
    }

    private readonly record struct Entry(DateTimeOffset ExpiresAt, long Stamp, bool Completed);
}
