using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Generator;
using Salla.Codegen.Generator.Model;
using Salla.Codegen.Generator.Parsing;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// What the analyzers know from the specs (built-in plus the project's <c>*.salla.json</c>): event
/// names, deprecated events and deprecated JSON fields. The same specs as the generator, never a copy.
/// </summary>
internal sealed class SallaSpecIndex
{
    private static readonly object Gate = new();
    private static (string Key, SallaSpecIndex Index)? _last;

    private SallaSpecIndex(SpecCatalog catalog)
    {
        Events = catalog.Events.ToImmutableDictionary(e => e.Name, StringComparer.Ordinal);
        var fields = ImmutableDictionary.CreateBuilder<string, FieldDeprecation>(StringComparer.Ordinal);
        foreach (var property in catalog.Types.SelectMany(t => t.Properties))
        {
            if (property.Deprecation is not null && !fields.ContainsKey(property.JsonName))
            {
                fields.Add(property.JsonName, property.Deprecation);
            }
        }

        DeprecatedJsonFields = fields.ToImmutable();
    }

    /// <summary>Every documented or user-specified event, by name.</summary>
    public ImmutableDictionary<string, EventSpec> Events { get; }

    /// <summary>JSON member names some spec marks deprecated, with the first deprecation found.</summary>
    public ImmutableDictionary<string, FieldDeprecation> DeprecatedJsonFields { get; }

    /// <summary>The index for a project: built-in specs plus its <c>*.salla.json</c> additional files, cached per distinct content.</summary>
    public static SallaSpecIndex For(AnalyzerOptions options, CancellationToken cancellationToken)
    {
        var documents = options.AdditionalFiles
            .Where(f => f.Path.EndsWith(SallaEventsGenerator.UserSpecSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(f => new SpecDocument(f.Path, f.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .OrderBy(d => d.Path, StringComparer.Ordinal)
            .ToImmutableArray();
        var key = string.Join("\u0000", documents.Select(d => d.Path + "\u0001" + d.Text));
        lock (Gate)
        {
            if (_last is { } last && last.Key == key)
            {
                return last.Index;
            }
        }

        var index = new SallaSpecIndex(CatalogBuilder.Build(documents).Catalog);
        lock (Gate)
        {
            _last = (key, index);
        }

        return index;
    }

    /// <summary>The known event closest to <paramref name="name"/>, or null when nothing is close.</summary>
    public string? Suggest(string name)
    {
        string? best = null;
        var bestScore = int.MaxValue;
        var squashed = Squash(name);
        foreach (var known in Events.Keys.OrderBy(k => k, StringComparer.Ordinal))
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
