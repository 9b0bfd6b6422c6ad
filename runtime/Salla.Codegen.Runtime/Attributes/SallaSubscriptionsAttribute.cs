using System;

namespace Salla.Codegen;

/// <summary>
/// States the Salla events this app subscribes to in the Partner Portal (app events included). The generator
/// generates the types of these events and of those whose class or handler interface the code names (unless the
/// <c>SallaCodegenEvents</c> property says otherwise), and the analyzers report a subscribed event without a handler
/// and a handler for an event not subscribed.
/// </summary>
/// <remarks>
/// The generator reads the arguments from source: write each as a <c>SallaEvents</c> constant, an event's
/// <c>Name</c> or a string literal. Any other expression makes the project generate every event.
/// </remarks>
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
