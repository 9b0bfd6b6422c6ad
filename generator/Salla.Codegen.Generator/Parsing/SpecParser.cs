using System;
using System.Collections.Generic;
using System.Linq;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Reads spec documents (JSON Schema plus the <c>x-salla-*</c> keywords of <c>specs/README.md</c>)
/// into the equatable <see cref="SpecCatalogue"/> the emitters work from. Never throws: every problem
/// becomes a <see cref="SpecProblem"/> naming the file.
/// </summary>
internal static partial class SpecParser
{
    public static readonly IReadOnlyCollection<string> Groups = new[]
    {
        "order", "product", "shipping", "shipment", "customer", "category", "brand", "store", "cart",
        "invoice", "special-offer", "review", "app", "communication", "recurring-payments",
    };

    /// <summary>Parses <paramref name="documents"/>; <paramref name="referenceOnly"/> may be referenced but yields nothing by itself.</summary>
    public static SpecParseResult Parse(IReadOnlyList<SpecDocument> documents, IReadOnlyList<SpecDocument>? referenceOnly = null)
    {
        var problems = new List<SpecProblem>();
        var all = (referenceOnly ?? Array.Empty<SpecDocument>()).Concat(documents).ToList();
        var schemas = new SpecSchemaSet(all);
        var walker = new TypeWalker();
        var events = new List<EventSpec>();
        UserSpecChecks? userChecks = null;

        foreach (var document in documents)
        {
            if (!document.IsBuiltIn)
            {
                userChecks ??= UserSpecChecks.For(all);
                if (userChecks.Check(document) is { } problem)
                {
                    problems.Add(problem);
                    continue;
                }
            }

            SpecSchema root;
            try
            {
                root = schemas.Load(document.FileName);
            }
            catch (JsonTextException ex)
            {
                problems.Add(new SpecProblem(document.Path, ex.Line, ex.Column, $"not valid JSON: {ex.Message}"));
                continue;
            }
            catch (SpecException ex)
            {
                problems.Add(Problem(document, ex.Message, ex.At));
                continue;
            }

            try
            {
                ReadDocument(document, root, walker, events, problems);
            }
            catch (SpecException ex)
            {
                problems.Add(Problem(document, ex.Message, ex.At));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The generator must never throw (a thrown generator is CS8785 and generates nothing).
                problems.Add(new SpecProblem(document.Path, 1, 1, $"cannot be read as a Salla spec: {ex.GetType().Name}: {ex.Message}"));
            }
        }

        foreach (var duplicate in events.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var second = duplicate.Skip(1).First().SourceFile;
            var document = documents.FirstOrDefault(d => d.FileName == second);
            var message = $"event '{duplicate.Key}' is mapped to a model more than once ({string.Join(", ", duplicate.Select(e => e.SourceFile))})";
            problems.Add(document is null ? new SpecProblem(second, 1, 1, message) : Problem(document, message, new SpecLocation(EventName: duplicate.Key)));
        }

        var catalogue = new SpecCatalogue(
            events.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
            walker.Types.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray());
        return new SpecParseResult(catalogue, problems.ToEquatableArray());
    }

    /// <summary>A problem in <paramref name="document"/>, at the line and column of <paramref name="at"/>.</summary>
    internal static SpecProblem Problem(SpecDocument document, string message, SpecLocation? at)
    {
        var (line, column) = SpecLocator.Locate(document.Text, at);
        return new SpecProblem(document.Path, line, column, message);
    }

    private static void ReadDocument(SpecDocument document, SpecSchema root, TypeWalker walker, List<EventSpec> events, List<SpecProblem> problems)
    {
        var eventEntries = root.Extension("x-salla-events");
        var isRequest = root.Extension("x-salla-request") is not null;
        if (eventEntries is null && !isRequest)
        {
            // A file of shared definitions only: its types are emitted where models reference them.
            if (root.DefinitionCount == 0)
            {
                problems.Add(new SpecProblem(document.Path, 1, 1, "the spec has no x-salla-events, no x-salla-request and no definitions, so it describes nothing"));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(root.Title))
        {
            throw new SpecException("the root schema has no title; the title names the generated C# type of the event's data", new SpecLocation());
        }

        var dataTypeName = walker.Collect(root, document.FileName);

        if (eventEntries is null)
        {
            return;
        }

        if (eventEntries is not JsonArray array)
        {
            throw new SpecException("x-salla-events must be an array of {name, group, description, added, deprecated}", new SpecLocation(Keyword: "x-salla-events"));
        }

        var index = -1;
        foreach (var entry in array.Items)
        {
            index++;
            var where = $"x-salla-events[{index}]";
            var at = new SpecLocation(EventIndex: index);
            if (entry is not JsonObject item)
            {
                throw new SpecException($"{where} must be an object", at);
            }

            var name = RequiredString(item, "name", where, at);
            var group = RequiredString(item, "group", where, at);
            if (!Groups.Contains(group, StringComparer.Ordinal))
            {
                problems.Add(Problem(document, $"{where} ('{name}') has group '{group}', which is not one of: {string.Join(", ", Groups)}", at with { Keyword = "group" }));
            }

            var description = RequiredString(item, "description", where, at);
            var added = OptionalString(item, "added");
            EventDeprecation? deprecation = null;
            if (item["deprecated"] is JsonObject deprecated)
            {
                var replacedBy = deprecated["replacedBy"] is JsonArray replacements
                    ? replacements.Items.Select(r => (r as JsonValue)?.ScalarText ?? string.Empty).ToEquatableArray()
                    : EquatableArray<string>.Empty;
                deprecation = new EventDeprecation(RequiredString(deprecated, "since", where + ".deprecated", at with { Keyword = "deprecated" }), replacedBy, OptionalString(deprecated, "note"));
            }

            events.Add(new EventSpec(name, Naming.EventBaseName(name), group, description, added, deprecation, dataTypeName, document.FileName));
        }
    }

    private static string RequiredString(JsonObject item, string key, string where, SpecLocation? at)
    {
        var value = OptionalString(item, key);
        return string.IsNullOrWhiteSpace(value) ? throw new SpecException($"{where} has no '{key}'", at is not null && at.Keyword is null && item[key] is not null ? at with { Keyword = key } : at) : value!;
    }

    private static string? OptionalString(JsonObject item, string key) => item[key]?.AsString;
}
