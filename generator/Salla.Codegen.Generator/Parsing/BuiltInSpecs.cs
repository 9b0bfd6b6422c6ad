using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>The specs embedded in this assembly, read and parsed once per process.</summary>
internal static class BuiltInSpecs
{
    private const string ResourcePrefix = "Salla.Codegen.Specs.";

    private static readonly Lazy<IReadOnlyList<SpecDocument>> LazyDocuments = new(LoadDocuments);

    private static readonly Lazy<SpecParseResult> LazyParsed = new(() => SpecParser.Parse(Documents));

    public static IReadOnlyList<SpecDocument> Documents => LazyDocuments.Value;

    public static SpecParseResult Parsed => LazyParsed.Value;

    private static IReadOnlyList<SpecDocument> LoadDocuments()
    {
        var assembly = typeof(BuiltInSpecs).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .OrderBy(n => n, StringComparer.Ordinal)
            .Select(n => new SpecDocument(n.Substring(ResourcePrefix.Length), Read(assembly, n)) { IsBuiltIn = true })
            .ToList();
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
