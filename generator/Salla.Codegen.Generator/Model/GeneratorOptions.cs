using System.Linq;

namespace Salla.Codegen.Generator.Model;

/// <summary>What a consumer set through MSBuild properties (<c>SallaCodegenNamespace</c>, <c>SallaCodegenVisibility</c>, <c>SallaCodegenEvents</c>).</summary>
internal sealed record GeneratorOptions(string Namespace, bool IsPublic, EquatableArray<string> EventFilter)
{
    public const string DefaultNamespace = "Salla.Events";

    public static readonly GeneratorOptions Default = new(DefaultNamespace, true, EquatableArray<string>.Empty);

    public string Visibility => IsPublic ? "public" : "internal";
}

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

/// <summary>
/// What the analyzers need to know of the specs, written on the generated assembly (<c>[SallaKnownEvent]</c>,
/// <c>[SallaDeprecatedField]</c>): they read it there and in referenced assemblies instead of parsing the specs.
/// </summary>
internal sealed record SpecFacts(EquatableArray<KnownEventFact> Events, EquatableArray<DeprecatedFieldFact> Fields)
{
    public static readonly SpecFacts Empty = new(EquatableArray<KnownEventFact>.Empty, EquatableArray<DeprecatedFieldFact>.Empty);

    public bool IsEmpty => Events.Count == 0 && Fields.Count == 0;

    public static SpecFacts From(SpecCatalogue catalogue)
    {
        var events = catalogue.Events
            .Select(e => new KnownEventFact(e.Name, e.Group, e.Deprecation))
            .OrderBy(e => e.Name, System.StringComparer.Ordinal)
            .ToEquatableArray();

        // Distinct deprecations in spec order: an analyzer that meets a name in JSON it cannot type takes the first.
        var seen = new System.Collections.Generic.HashSet<DeprecatedFieldFact>();
        var fields = new System.Collections.Generic.List<DeprecatedFieldFact>();
        foreach (var property in catalogue.Types.SelectMany(t => t.Properties))
        {
            if (property.Deprecation is { } deprecation)
            {
                var fact = new DeprecatedFieldFact(property.JsonName, deprecation);
                if (seen.Add(fact))
                {
                    fields.Add(fact);
                }
            }
        }

        return new SpecFacts(events, fields.ToEquatableArray());
    }
}

/// <summary>One event of the specs: its name, group and deprecation.</summary>
internal sealed record KnownEventFact(string Name, string Group, EventDeprecation? Deprecation);

/// <summary>A deprecated JSON member of some spec, by the name Salla sends.</summary>
internal sealed record DeprecatedFieldFact(string JsonName, FieldDeprecation Deprecation);
