using System;
using System.Linq;
using System.Threading.Tasks;
using Salla.Codegen.Webhooks;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>The default in-memory delivery store: atomic, expiring, bounded.</summary>
public class DeliveryStoreTests
{
    [Fact]
    public async Task A_key_begins_once_until_abandoned()
    {
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(1));

        Assert.True(await store.TryBeginAsync("a"));
        Assert.False(await store.TryBeginAsync("a"));
        await store.AbandonAsync("a");
        Assert.True(await store.TryBeginAsync("a"));
        await store.CompleteAsync("a");
        Assert.True(store.IsCompleted("a"));
        Assert.False(await store.TryBeginAsync("a"));
    }

    [Fact]
    public async Task Delivery_keys_and_other_keys_are_told_apart_exactly_as_strings_are()
    {
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(1));
        var key = SallaDeliveryKey.Compute("{\"event\":\"order.created\"}"u8);
        var upper = key.ToUpperInvariant();
        var otherBody = SallaDeliveryKey.Compute("{\"event\":\"order.updated\"}"u8);
        var lastDigitChanged = key[..^1] + (key[^1] == '0' ? '1' : '0');
        var zeros = new string('0', 64);

        Assert.True(await store.TryBeginAsync(key));
        Assert.False(await store.TryBeginAsync(new string(key.AsSpan())));
        Assert.True(await store.TryBeginAsync(upper));
        Assert.False(await store.TryBeginAsync(upper));
        Assert.True(await store.TryBeginAsync(otherBody));
        Assert.True(await store.TryBeginAsync(lastDigitChanged));
        Assert.True(await store.TryBeginAsync(zeros));
        Assert.True(await store.TryBeginAsync(key + "0"));
        Assert.True(await store.TryBeginAsync(""));
        Assert.False(await store.TryBeginAsync(""));

        await store.CompleteAsync(key);
        Assert.True(store.IsCompleted(key));
        Assert.False(store.IsCompleted(upper));
        await store.AbandonAsync(upper);
        Assert.True(await store.TryBeginAsync(upper));
        Assert.False(await store.TryBeginAsync(key));
        Assert.Equal(7, store.Count);
    }

    [Fact]
    public async Task A_remembered_delivery_key_does_not_keep_its_string_alive()
    {
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(1));
        var weak = await BeginWithAKeyOnlyTheStoreCouldHold(store);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(weak.IsAlive);
        Assert.False(await store.TryBeginAsync(SallaDeliveryKey.Compute("remembered"u8)));
    }

    [Fact]
    public async Task Entries_expire_after_the_window()
    {
        var clock = new ManualTimeProvider();
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(24), timeProvider: clock);
        await store.TryBeginAsync("a");
        await store.CompleteAsync("a");

        clock.Advance(TimeSpan.FromHours(23));
        Assert.False(await store.TryBeginAsync("a"));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.True(await store.TryBeginAsync("b"));
        Assert.Equal(1, store.Count);
        Assert.True(await store.TryBeginAsync("a"));
    }

    [Fact]
    public async Task The_store_is_bounded_and_forgets_the_oldest_first()
    {
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(1), capacity: 3);
        foreach (var key in new[] { "1", "2", "3", "4" })
        {
            Assert.True(await store.TryBeginAsync(key));
        }

        Assert.Equal(3, store.Count);
        Assert.True(await store.TryBeginAsync("1"));
        Assert.False(await store.TryBeginAsync("4"));
    }

    [Fact]
    public async Task Abandoned_keys_leave_no_stale_entry_behind()
    {
        var clock = new ManualTimeProvider();
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromMinutes(10), capacity: 2, timeProvider: clock);
        await store.TryBeginAsync("a");
        await store.AbandonAsync("a");
        clock.Advance(TimeSpan.FromMinutes(5));
        await store.TryBeginAsync("a");
        clock.Advance(TimeSpan.FromMinutes(6));

        // The first "a" would have expired now; the second must not be swept with it.
        Assert.True(await store.TryBeginAsync("b"));
        Assert.False(await store.TryBeginAsync("a"));
    }

    [Fact]
    public async Task Concurrent_begins_of_one_key_let_exactly_one_through()
    {
        var store = new InMemorySallaDeliveryStore(TimeSpan.FromHours(1));

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => store.TryBeginAsync("same").AsTask())));

        Assert.Single(results, r => r);
    }

    // Not inlined, so no local of the caller's frame holds the key when it collects.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> BeginWithAKeyOnlyTheStoreCouldHold(InMemorySallaDeliveryStore store)
    {
        var key = SallaDeliveryKey.Compute("remembered"u8);
        Assert.True(await store.TryBeginAsync(key));
        await store.CompleteAsync(key);
        return new WeakReference(key);
    }

    [Fact]
    public void Invalid_window_or_capacity_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemorySallaDeliveryStore(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => new InMemorySallaDeliveryStore(TimeSpan.FromHours(1), capacity: 0));
    }
}
