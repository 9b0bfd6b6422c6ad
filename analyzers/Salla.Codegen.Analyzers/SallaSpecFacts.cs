using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Analyzers;

/// <summary>An event deprecation as the generator recorded it.</summary>
internal sealed record SallaEventDeprecation(string Since, ImmutableArray<string> ReplacedBy, string? Note);

/// <summary>One event the specs know (<c>[assembly: SallaKnownEvent]</c>).</summary>
internal sealed record SallaKnownEvent(string Name, string Group, SallaEventDeprecation? Deprecation);

/// <summary>A JSON member some spec marks deprecated (<c>[assembly: SallaDeprecatedField]</c>).</summary>
internal sealed record SallaFieldDeprecation(string Since, string Replacement, string? Note);

/// <summary>
/// What the specs say, as the generator wrote it on the compilation's assembly and on the referenced assemblies
/// built with Salla.Codegen: every event name (those the project's event filter leaves out and those of its
/// <c>*.salla.json</c> files included), deprecated events and deprecated JSON fields. Nothing here parses a spec,
/// so the analyzers see exactly what the build generated from.
/// </summary>
internal sealed class SallaSpecFacts
{
    private readonly ImmutableArray<string> _sortedNames;

    private SallaSpecFacts(ImmutableDictionary<string, SallaKnownEvent> events, ImmutableDictionary<string, SallaFieldDeprecation> fields)
    {
        Events = events;
        DeprecatedJsonFields = fields;
        _sortedNames = events.Keys.OrderBy(k => k, StringComparer.Ordinal).ToImmutableArray();
    }

    /// <summary>Every documented or user-specified event, by name.</summary>
    public ImmutableDictionary<string, SallaKnownEvent> Events { get; }

    /// <summary>JSON member names some spec marks deprecated, with the first deprecation found.</summary>
    public ImmutableDictionary<string, SallaFieldDeprecation> DeprecatedJsonFields { get; }

    /// <summary>
    /// Reads the facts of <paramref name="compilation"/>: its own assembly first (generated into this project),
    /// then the referenced assemblies built against the runtime (a library that generated the types the project
    /// reuses, or one with specs of its own). The first record of a name wins.
    /// </summary>
    public static SallaSpecFacts Read(Compilation compilation, SallaSymbols symbols, CancellationToken cancellationToken)
    {
        var events = ImmutableDictionary.CreateBuilder<string, SallaKnownEvent>(StringComparer.Ordinal);
        var fields = ImmutableDictionary.CreateBuilder<string, SallaFieldDeprecation>(StringComparer.Ordinal);
        if (symbols.KnownEventAttribute is null && symbols.DeprecatedFieldAttribute is null)
        {
            return new SallaSpecFacts(events.ToImmutable(), fields.ToImmutable());
        }

        foreach (var assembly in SallaAssemblies(compilation, symbols))
        {
            foreach (var attribute in assembly.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.KnownEventAttribute))
                {
                    if (ReadEvent(attribute) is { } known && !events.ContainsKey(known.Name))
                    {
                        events.Add(known.Name, known);
                    }
                }
                else if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, symbols.DeprecatedFieldAttribute))
                {
                    if (ReadField(attribute) is { } field && !fields.ContainsKey(field.JsonName))
                    {
                        fields.Add(field.JsonName, field.Deprecation);
                    }
                }
            }
        }

        return new SallaSpecFacts(events.ToImmutable(), fields.ToImmutable());
    }

    /// <summary>The known event closest to <paramref name="name"/>, or null when nothing is close.</summary>
    public string? Suggest(string name)
    {
        string? best = null;
        var bestScore = int.MaxValue;
        var squashed = Squash(name);
        foreach (var known in _sortedNames)
        {
            // "store.tax.created" and "storetax.created" differ only in dots: compare without them too.
            var score = Math.Min(Distance(name, known), Distance(squashed, Squash(known)));
            if (score < bestScore)
            {
                bestScore = score;
                best = known;
            }
        }

        return best is not null && bestScore <= Math.Max(2, name.Length / 4) ? best : null;
    }

    private static IEnumerable<IAssemblySymbol> SallaAssemblies(Compilation compilation, SallaSymbols symbols)
    {
        yield return compilation.Assembly;
        var runtime = symbols.SallaObject?.ContainingAssembly;
        if (runtime is null)
        {
            yield break;
        }

        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            // Only an assembly built against the runtime can carry the attributes; skipping the rest keeps this cheap.
            if (!SymbolEqualityComparer.Default.Equals(assembly, runtime)
                && assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == runtime.Identity.Name)))
            {
                yield return assembly;
            }
        }
    }

    private static SallaKnownEvent? ReadEvent(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 2
            || attribute.ConstructorArguments[0].Value is not string name
            || attribute.ConstructorArguments[1].Value is not string group)
        {
            return null;
        }

        string? since = null;
        string? note = null;
        var replacedBy = ImmutableArray<string>.Empty;
        foreach (var named in attribute.NamedArguments)
        {
            switch (named.Key)
            {
                case "DeprecatedSince":
                    since = named.Value.Value as string;
                    break;
                case "DeprecationNote":
                    note = named.Value.Value as string;
                    break;
                case "ReplacedBy" when named.Value.Kind == TypedConstantKind.Array:
                    replacedBy = named.Value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToImmutableArray();
                    break;
            }
        }

        return new SallaKnownEvent(name, group, since is null ? null : new SallaEventDeprecation(since, replacedBy, note));
    }

    private static (string JsonName, SallaFieldDeprecation Deprecation)? ReadField(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 3
            || attribute.ConstructorArguments[0].Value is not string jsonName
            || attribute.ConstructorArguments[1].Value is not string since
            || attribute.ConstructorArguments[2].Value is not string replacement)
        {
            return null;
        }

        var note = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Note").Value.Value as string;
        return (jsonName, new SallaFieldDeprecation(since, replacement, note));
    }

    private static string Squash(string name) => name.Replace(".", string.Empty).ToLowerInvariant();

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], previous[j - 2 < 0 ? 0 : j - 2] + 1);
                }
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
