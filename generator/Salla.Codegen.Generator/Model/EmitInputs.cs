namespace Salla.Codegen.Generator.Model;

/// <summary>One object type to emit, with the options it is emitted under.</summary>
internal sealed record TypeToEmit(TypeSpec Type, GeneratorOptions Options);

/// <summary>One event class and handler interface to emit.</summary>
internal sealed record EventToEmit(EventSpec Event, GeneratorOptions Options);

/// <summary>One <c>SallaTestEvents</c> factory: the event's name and the class name its types are derived from.</summary>
internal sealed record TestEventRef(string Name, string ClassName);

/// <summary>
/// The event catalogue and dispatcher to emit, with <paramref name="Facts"/> about every event and field of the
/// specs, those the event filter leaves out included.
/// </summary>
internal sealed record CatalogueToEmit(EquatableArray<EventSpec> Events, GeneratorOptions Options, SpecFacts Facts);
