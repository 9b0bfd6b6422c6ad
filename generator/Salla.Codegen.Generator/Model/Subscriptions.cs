namespace Salla.Codegen.Generator.Model;

/// <summary>
/// What <c>[assembly: SallaSubscriptions(...)]</c> lists in the project's own source, read from its syntax (the
/// <c>SallaEvents</c> constants it names are this generator's output, so the compiler cannot give their values yet).
/// </summary>
/// <param name="Declared">Whether the project has the attribute at all.</param>
/// <param name="Entries">The events listed, by name or by the generated constant's name.</param>
/// <param name="HasUnreadableEntry">An argument that is neither a string nor a <c>SallaEvents</c> constant (a constant of the project's own, say): the selection cannot be known from syntax, so everything is generated.</param>
internal sealed record Subscriptions(bool Declared, EquatableArray<SubscriptionEntry> Entries, bool HasUnreadableEntry)
{
    public static readonly Subscriptions None = new(false, EquatableArray<SubscriptionEntry>.Empty, false);
}

/// <summary>One subscribed event: an event name (<c>"order.created"</c>) or a <c>SallaEvents</c> constant's name (<c>OrderCreated</c>).</summary>
internal sealed record SubscriptionEntry(string Text, bool IsConstantName);
