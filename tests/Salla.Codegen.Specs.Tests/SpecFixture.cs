using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NJsonSchema;
using Salla.Codegen.Generator.Model;
using Salla.Codegen.Generator.Parsing;
using Salla.Codegen.TestSupport;

namespace Salla.Codegen.Specs.Tests;

/// <summary>The repo's specs, read once: by the generator's parser and by NJsonSchema straight from disk.</summary>
public static class Specs
{
    private static readonly Lazy<SpecParseResult> LazyParsed = new(() =>
        SpecParser.Parse(RepoPaths.SpecFiles().Select(f => new SpecDocument(Path.GetFileName(f), File.ReadAllText(f))).ToList()));

    private static readonly Dictionary<string, JsonSchema> Loaded = new(StringComparer.Ordinal);

    internal static SpecParseResult Parsed => LazyParsed.Value;

    internal static SpecCatalogue Catalogue => Parsed.Catalogue;

    /// <summary>A spec file loaded by NJsonSchema with its ordinary file resolver.</summary>
    public static JsonSchema Load(string fileName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fileName, out var schema))
            {
                schema = JsonSchema.FromFileAsync(Path.Combine(RepoPaths.Specs, fileName)).GetAwaiter().GetResult();
                Loaded[fileName] = schema;
            }

            return schema;
        }
    }

    public static JsonSchema Envelope => Load("common.schema.json").Definitions["Envelope"];

    /// <summary>The spec file that maps <paramref name="eventName"/> to its model.</summary>
    public static string ModelFileOf(string eventName) =>
        Catalogue.Events.SingleOrDefault(e => e.Name == eventName)?.SourceFile
        ?? throw new InvalidOperationException($"No spec maps the event '{eventName}'.");
}
