namespace Salla.Codegen.Generator.Model;

/// <summary>One object type to emit, with the options it is emitted under.</summary>
internal sealed record TypeToEmit(TypeSpec Type, GeneratorOptions Options);

/// <summary>One event class and handler interface to emit.</summary>
internal sealed record EventToEmit(EventSpec Event, GeneratorOptions Options);

/// <summary>One <c>SallaTestEvents</c> factory: the event's name and the class name its types are derived from.</summary>
internal sealed record TestEventRef(string Name, string ClassName);

/// <summary>
/// The event catalogue and dispatcher to emit: <paramref name="Events"/> are those generated (what
/// <paramref name="Selection"/> keeps), <paramref name="Known"/> every event of the specs (each gets its name constant,
/// so a project can subscribe to one it does not generate yet), <paramref name="Facts"/> what the analyzers read.
/// </summary>
internal sealed record CatalogueToEmit(EquatableArray<EventSpec> Events, EquatableArray<EventSpec> Known, EventSelection Selection, GeneratorOptions Options, SpecFacts Facts);
