using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>Combines the built-in specs with a consumer's <c>*.salla.json</c> files and narrows them to the events asked for.</summary>
internal static class CatalogueBuilder
{
    /// <summary>
    /// The built-in catalogue with <paramref name="userDocuments"/> laid over it: a user event replaces the
    /// built-in event of the same name, a user type the built-in type of the same title.
    /// </summary>
    public static SpecParseResult Build(ImmutableArray<SpecDocument> userDocuments)
    {
        var builtIn = BuiltInSpecs.Parsed;
        if (userDocuments.IsDefaultOrEmpty)
        {
            return builtIn;
        }

        var user = SpecParser.Parse(userDocuments, BuiltInSpecs.Documents);
        // Built-in first, so that where a user's name clashes with a built-in one (see Deconflict) the built-in stays.
        var events = builtIn.Catalogue.Events
            .Where(e => !user.Catalogue.Events.Any(u => u.Name == e.Name))
            .Concat(user.Catalogue.Events);
        var types = builtIn.Catalogue.Types
            .Where(t => !user.Catalogue.Types.Any(u => u.Name == t.Name))
            .Concat(user.Catalogue.Types);
        var problems = builtIn.Problems.Concat(user.Problems).ToList();
        var catalogue = Deconflict(events, types, problems, userDocuments);
        return new SpecParseResult(catalogue, problems.ToEquatableArray());
    }

    /// <summary>
    /// Keeps one event per C# class name and drops types whose title another generated type already has, reporting
    /// each: every generated type is its own file (hint names are unique ignoring case), so a clash would otherwise
    /// make the generator throw and generate nothing. The first of two clashing items stays; the result is in name order.
    /// </summary>
    private static SpecCatalogue Deconflict(IEnumerable<EventSpec> events, IEnumerable<TypeSpec> types, List<SpecProblem> problems, ImmutableArray<SpecDocument> documents)
    {
        SpecProblem Problem(string sourceFile, string message, SpecLocation at) =>
            documents.FirstOrDefault(d => d.FileName == sourceFile) is { } document
                ? SpecParser.Problem(document, message, at)
                : new SpecProblem(sourceFile, 1, 1, message);

        var keptEvents = new List<EventSpec>();
        var eventsByClass = new Dictionary<string, EventSpec>(StringComparer.OrdinalIgnoreCase);
        foreach (var e in events)
        {
            if (eventsByClass.TryGetValue(e.ClassName, out var first))
            {
                // The same name twice is already reported by the parser ("mapped to a model more than once").
                if (first.Name != e.Name)
                {
                    problems.Add(Problem(e.SourceFile, $"events '{first.Name}' and '{e.Name}' would both be generated as {first.ClassName}Event; '{e.Name}' is left out", new SpecLocation(EventName: e.Name, Keyword: "name")));
                }

                continue;
            }

            eventsByClass.Add(e.ClassName, e);
            keptEvents.Add(e);
        }

        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["SallaEvents"] = "the generated event catalogue",
            ["SallaEventDispatcher"] = "the generated dispatcher",
        };
        foreach (var e in keptEvents)
        {
            taken[e.ClassName + "Event"] = $"the event class of '{e.Name}'";
            taken["I" + e.ClassName + "Handler"] = $"the handler interface of '{e.Name}'";
        }

        var keptTypes = new List<TypeSpec>();
        foreach (var type in types)
        {
            if (taken.TryGetValue(type.Name, out var owner))
            {
                problems.Add(Problem(type.SourceFile, $"title '{type.Name}' is also the name of {owner}; give the schema another title", new SpecLocation(Title: type.Name, Keyword: "title")));
                continue;
            }

            taken.Add(type.Name, $"the type of title '{type.Name}'");
            keptTypes.Add(type);
        }

        return new SpecCatalogue(
            keptEvents.OrderBy(e => e.Name, StringComparer.Ordinal).ToEquatableArray(),
            keptTypes.OrderBy(t => t.Name, StringComparer.Ordinal).ToEquatableArray());
    }

    /// <summary>The events <paramref name="selection"/> includes and every type they reach; request types always.</summary>
    public static SpecCatalogue Narrow(SpecCatalogue catalogue, EventSelection selection)
    {
        if (selection.Source == SelectionSource.Everything)
        {
            return catalogue;
        }

        var events = catalogue.Events.Where(e => selection.Includes(e.Name)).ToList();
        var typesByName = catalogue.Types.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(events.Select(e => e.DataTypeName));
        var dataTypes = new HashSet<string>(catalogue.Events.Select(e => e.DataTypeName), StringComparer.Ordinal);
        foreach (var type in catalogue.Types.Where(t => !dataTypes.Contains(t.Name) && IsRoot(t, catalogue)))
        {
            pending.Push(type.Name);
        }

        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!reachable.Add(name) || !typesByName.TryGetValue(name, out var type))
            {
                continue;
            }

            foreach (var property in type.Properties)
            {
                for (var value = property.Value; value is not null; value = value.Element)
                {
                    if (value.ObjectTypeName is not null)
                    {
                        pending.Push(value.ObjectTypeName);
                    }
                }
            }
        }

        return new SpecCatalogue(events.ToEquatableArray(), catalogue.Types.Where(t => reachable.Contains(t.Name)).ToEquatableArray());
    }

    // A type no other type references and no event carries: a request body such as UpdateShipmentDetailsRequest.
    private static bool IsRoot(TypeSpec type, SpecCatalogue catalogue) =>
        !catalogue.Types.Any(t => t.Properties.Any(p => References(p.Value, type.Name)));

    private static bool References(ValueSpec value, string typeName) =>
        value.ObjectTypeName == typeName || (value.Element is not null && References(value.Element, typeName));
}
