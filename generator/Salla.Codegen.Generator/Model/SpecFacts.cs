using System.Linq;

namespace Salla.Codegen.Generator.Model;

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
