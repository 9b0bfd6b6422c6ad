using System;

namespace Salla.Codegen;

/// <summary>
/// States the Salla events this app subscribes to in the Partner Portal (app events included), so the
/// analyzers can report a subscribed event without a handler and a handler for an event not subscribed.
/// </summary>
/// <example><code>[assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppStoreAuthorize)]</code></example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class SallaSubscriptionsAttribute : Attribute
{
    /// <summary>Declares the subscribed events.</summary>
    /// <param name="events">Event names, best given as the generated <c>SallaEvents</c> constants.</param>
    public SallaSubscriptionsAttribute([SallaEventName] params string[] events) => Events = events;

    /// <summary>The subscribed event names.</summary>
    public string[] Events { get; }
}
