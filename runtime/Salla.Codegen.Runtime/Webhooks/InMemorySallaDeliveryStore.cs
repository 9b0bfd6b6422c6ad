using System;
using System.Buffers.Binary;
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
    private readonly Dictionary<StoredKey, Entry> _entries = new();

    // Every entry lives for the same window, so insertion order is expiry order: the queue's head
    // is always the next to expire or to be evicted. Abandoned keys leave stale queue items, which
    // the stamp tells apart from a later entry of the same key.
    private readonly Queue<(StoredKey Key, long Stamp)> _order = new();
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
        var key = new StoredKey(deliveryKey);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            Sweep(now);
            if (_entries.TryGetValue(key, out var existing) && existing.ExpiresAt > now)
            {
                return new ValueTask<bool>(false);
            }

            while (_entries.Count >= _capacity && EvictOldest())
            {
            }

            var stamp = _nextStamp++;
            _entries[key] = new Entry(now + _window, stamp, Completed: false);
            _order.Enqueue((key, stamp));
            return new ValueTask<bool>(true);
        }
    }

    /// <inheritdoc />
    public ValueTask CompleteAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryKey);
        var key = new StoredKey(deliveryKey);
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                _entries[key] = entry with { Completed = true };
            }
        }

        return default;
    }

    /// <inheritdoc />
    public ValueTask AbandonAsync(string deliveryKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deliveryKey);
        var key = new StoredKey(deliveryKey);
        lock (_gate)
        {
            _entries.Remove(key);
        }

        return default;
    }

    /// <summary>Whether <paramref name="deliveryKey"/> is remembered as completed.</summary>
    internal bool IsCompleted(string deliveryKey)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(new StoredKey(deliveryKey), out var entry) && entry.Completed && entry.ExpiresAt > _time.GetUtcNow();
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

    /// <summary>
    /// A key as the store holds it. A delivery key (64 lowercase hexadecimal characters) is kept as its
    /// 32 bytes, so a full store holds no string per entry: a key outlives the request that made it,
    /// and 100,000 of them as strings would be promoted through every generation and scanned by each
    /// collection. Any other key is kept as given. The two forms never equal each other, and lowercase
    /// hexadecimal maps to bytes one to one, so equality is exactly ordinal string equality.
    /// </summary>
    private readonly struct StoredKey : IEquatable<StoredKey>
    {
        private readonly ulong _bytes0;
        private readonly ulong _bytes1;
        private readonly ulong _bytes2;
        private readonly ulong _bytes3;
        private readonly string? _other;

        public StoredKey(string key)
        {
            // Lowercase only: an uppercase spelling is another key, as it is to an ordinal comparison.
            Span<byte> bytes = stackalloc byte[SallaDeliveryKey.HashBytes];
            if (key.Length == 2 * SallaDeliveryKey.HashBytes && !key.AsSpan().ContainsAnyInRange('A', 'F') && SallaDeliveryKey.TryDecodeHex(key, bytes))
            {
                _bytes0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                _bytes1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
                _bytes2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]);
                _bytes3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
                _other = null;
            }
            else
            {
                (_bytes0, _bytes1, _bytes2, _bytes3) = (0, 0, 0, 0);
                _other = key;
            }
        }

        public bool Equals(StoredKey other) =>
            _bytes0 == other._bytes0 && _bytes1 == other._bytes1 && _bytes2 == other._bytes2 && _bytes3 == other._bytes3
            && string.Equals(_other, other._other, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is StoredKey other && Equals(other);

        // HashCode is seeded per process, as string hashing is: keys chosen to collide cannot be precomputed.
        public override int GetHashCode() =>
            _other is null ? HashCode.Combine(_bytes0, _bytes1, _bytes2, _bytes3) : StringComparer.Ordinal.GetHashCode(_other);
    }
}
