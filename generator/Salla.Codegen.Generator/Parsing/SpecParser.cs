using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Reads spec documents (JSON Schema plus the <c>x-salla-*</c> keywords of <c>specs/README.md</c>)
/// into the equatable <see cref="SpecCatalogue"/> the emitters work from. Never throws: every problem
/// becomes a <see cref="SpecProblem"/> naming the file.
/// </summary>
internal static class SpecParser
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
        var session = new SpecLoadSession((referenceOnly ?? Array.Empty<SpecDocument>()).Concat(documents));
        var walker = new TypeWalker();
        var events = new List<EventSpec>();

        foreach (var document in documents)
        {
            if (!IsWellFormedJson(document, problems))
            {
                continue;
            }

            JsonSchema root;
            try
            {
                root = session.Load(document.FileName);
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

    private static bool IsWellFormedJson(SpecDocument document, List<SpecProblem> problems)
    {
        try
        {
            JToken.Parse(document.Text);
            return true;
        }
        catch (JsonReaderException ex)
        {
            problems.Add(new SpecProblem(document.Path, Math.Max(ex.LineNumber, 1), Math.Max(ex.LinePosition, 1), $"not valid JSON: {ex.Message}"));
            return false;
        }
    }

    private static void ReadDocument(SpecDocument document, JsonSchema root, TypeWalker walker, List<EventSpec> events, List<SpecProblem> problems)
    {
        var eventEntries = Extensions.Get(root, "x-salla-events");
        var isRequest = Extensions.Get(root, "x-salla-request") is not null;
        if (eventEntries is null && !isRequest)
        {
            // A file of shared definitions only: its types are emitted where models reference them.
            if (root.Definitions.Count == 0)
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

        if (eventEntries is not JArray array)
        {
            throw new SpecException("x-salla-events must be an array of {name, group, description, added, deprecated}", new SpecLocation(Keyword: "x-salla-events"));
        }

        var index = -1;
        foreach (var entry in array)
        {
            index++;
            var where = $"x-salla-events[{index}]";
            var at = new SpecLocation(EventIndex: index);
            if (entry is not JObject item)
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
            if (item["deprecated"] is JObject deprecated)
            {
                var replacedBy = deprecated["replacedBy"] is JArray replacements
                    ? replacements.Select(r => r.ToString()).ToEquatableArray()
                    : EquatableArray<string>.Empty;
                deprecation = new EventDeprecation(RequiredString(deprecated, "since", where + ".deprecated", at with { Keyword = "deprecated" }), replacedBy, OptionalString(deprecated, "note"));
            }

            events.Add(new EventSpec(name, Naming.EventBaseName(name), group, description, added, deprecation, dataTypeName, document.FileName));
        }
    }

    private static string RequiredString(JObject item, string key, string where, SpecLocation? at)
    {
        var value = OptionalString(item, key);
        return string.IsNullOrWhiteSpace(value) ? throw new SpecException($"{where} has no '{key}'", at is not null && at.Keyword is null && item[key] is not null ? at with { Keyword = key } : at) : value!;
    }

    private static string? OptionalString(JObject item, string key) =>
        item[key] is JValue { Type: JTokenType.String } value ? (string?)value.Value : null;

    /// <summary>Walks object schemas into <see cref="TypeSpec"/>s, each schema object once, shared ones once overall.</summary>
    private sealed class TypeWalker
    {
        private readonly Dictionary<JsonSchema, string> _namesBySchema = new();
        private readonly Dictionary<string, TypeSpec> _typesByName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonSchema> _schemaByName = new(StringComparer.Ordinal);

        public IEnumerable<TypeSpec> Types => _typesByName.Values;

        public string Collect(JsonSchema schema, string sourceFile)
        {
            schema = schema.ActualSchema;
            if (_namesBySchema.TryGetValue(schema, out var known))
            {
                return known;
            }

            var name = schema.Title;
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new SpecException("an object schema with properties has no title; the title names its generated C# type");
            }

            if (Naming.ToPascalCase(name!) != name)
            {
                throw new SpecException($"title '{name}' is not a PascalCase C# identifier", new SpecLocation(Title: name, Keyword: "title"));
            }

            if (_schemaByName.TryGetValue(name!, out var other) && !ReferenceEquals(other, schema))
            {
                throw new SpecException($"title '{name}' names two different object schemas ({_typesByName[name!].SourceFile} and {sourceFile}); titles must be unique across all specs", new SpecLocation(Title: name, Keyword: "title"));
            }

            _namesBySchema[schema] = name!;
            _schemaByName[name!] = schema;
            var origin = Extensions.Origin(schema) ?? sourceFile;
            _typesByName[name!] = new TypeSpec(name!, schema.Description ?? string.Empty, origin, EquatableArray<PropertySpec>.Empty);

            var properties = new List<PropertySpec>();
            var usedNames = new HashSet<string>(StringComparer.Ordinal) { name! };
            foreach (var pair in schema.Properties)
            {
                try
                {
                    properties.Add(ReadProperty(name!, pair.Key, pair.Value, origin, schema.RequiredProperties.Contains(pair.Key), usedNames));
                }
                catch (SpecException ex) when (ex.At is null || (ex.At.Title is null && ex.At.Reference is null))
                {
                    // The innermost object schema a problem is in names it: its title and the property.
                    throw new SpecException(ex.Message, new SpecLocation(Title: name, Property: pair.Key, Keyword: ex.At?.Keyword));
                }
            }

            var scalarMember = Extensions.GetString(schema, "x-salla-scalar-member");
            if (scalarMember is not null && !properties.Any(p => p.JsonName == scalarMember && p.Value.Element is null && p.Value.ObjectTypeName is null))
            {
                throw new SpecException($"{name}: x-salla-scalar-member '{scalarMember}' is not a scalar property of the object", new SpecLocation(Title: name, Keyword: "x-salla-scalar-member"));
            }

            _typesByName[name!] = _typesByName[name!] with { Properties = properties.ToEquatableArray(), ScalarMember = scalarMember };
            return name!;
        }

        private PropertySpec ReadProperty(string name, string key, JsonSchemaProperty node, string origin, bool required, HashSet<string> usedNames)
        {
            var where = $"{name}.{key}";
            var resolved = Resolve(node, origin, where);
            var clrName = Naming.ToPascalCase(key);
            if (ReservedMemberNames.Contains(clrName))
            {
                clrName += "Value";
            }

            var candidate = clrName;
            for (var suffix = 2; !usedNames.Add(candidate); suffix++)
            {
                candidate = clrName + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            // Missing descriptions are the spec tests' business (built-in specs); a user's spec still generates.
            var description = node.Description ?? node.ActualSchema.Description ?? string.Empty;

            return new PropertySpec(
                key,
                candidate,
                description,
                resolved.Value,
                resolved.Nullable || !required,
                required,
                resolved.EnumValues,
                ReadFieldDeprecation(node, where),
                node.MaxLength ?? node.ActualSchema.MaxLength);
        }

        private (ValueSpec Value, bool Nullable, EquatableArray<string> EnumValues) Resolve(JsonSchema node, string sourceFile, string where)
        {
            var nullable = false;
            var target = node;
            var alternatives = node.AnyOf.Concat(node.OneOf).ToList();
            if (alternatives.Count > 0)
            {
                var nonNull = alternatives.Where(a => a.ActualSchema.Type != JsonObjectType.Null).ToList();
                nullable = nonNull.Count < alternatives.Count;
                if (nonNull.Count != 1)
                {
                    throw new SpecException($"{where}: anyOf/oneOf may only make one schema nullable ([{{$ref}}, {{type: null}}])", new SpecLocation(Keyword: node.AnyOf.Count > 0 ? "anyOf" : "oneOf"));
                }

                target = nonNull[0];
            }

            var actual = target.ActualSchema;
            var declaredKind = Extensions.GetString(node, "x-salla-type") ?? Extensions.GetString(target, "x-salla-type") ?? Extensions.GetString(actual, "x-salla-type");
            var types = actual.Type;
            nullable |= (types & JsonObjectType.Null) != 0;
            var nonNullTypes = types & ~JsonObjectType.Null;

            ValueKind kind;
            if (declaredKind is not null)
            {
                kind = ParseKind(declaredKind, where);
            }
            else if (nonNullTypes == JsonObjectType.None)
            {
                kind = actual.Properties.Count > 0 ? ValueKind.Object : ValueKind.Any;
            }
            else
            {
                kind = SingleKind(nonNullTypes) ?? throw new SpecException($"{where}: type lists {nonNullTypes} but no x-salla-type says which one is canonical", new SpecLocation(Keyword: "type"));
            }

            if (kind == ValueKind.String && string.Equals(actual.Format, "date-time", StringComparison.Ordinal))
            {
                kind = ValueKind.DateTime;
            }

            var enumValues = ReadEnum(node, where);
            if (enumValues.Count == 0 && !ReferenceEquals(node, actual))
            {
                enumValues = ReadEnum(actual, where);
            }

            ValueSpec value = kind switch
            {
                ValueKind.Object when actual.Properties.Count > 0 => ValueSpec.Object(Collect(actual, sourceFile)),
                ValueKind.Object => ValueSpec.Scalar(ValueKind.Any),
                ValueKind.Array => ValueSpec.ArrayOf(actual.Item is null ? ValueSpec.Scalar(ValueKind.Any) : Resolve(actual.Item, sourceFile, where + "[]").Value),
                _ => ValueSpec.Scalar(kind),
            };
            return (value, nullable, enumValues);
        }

        private static EquatableArray<string> ReadEnum(JsonSchema schema, string where)
        {
            var token = Extensions.Get(schema, "x-salla-enum");
            if (token is null)
            {
                return EquatableArray<string>.Empty;
            }

            if (token is not JArray values || values.Any(v => v.Type != JTokenType.String))
            {
                throw new SpecException($"{where}: x-salla-enum must be an array of strings", new SpecLocation(Keyword: "x-salla-enum"));
            }

            return values.Select(v => (string)v!).ToEquatableArray();
        }

        private static FieldDeprecation? ReadFieldDeprecation(JsonSchema property, string where)
        {
            var token = Extensions.Get(property, "x-salla-deprecated");
            if (token is null)
            {
                return null;
            }

            if (token is not JObject deprecated)
            {
                throw new SpecException($"{where}: x-salla-deprecated must be an object {{since, replacement, note}}", new SpecLocation(Keyword: "x-salla-deprecated"));
            }

            return new FieldDeprecation(
                RequiredString(deprecated, "since", where + " x-salla-deprecated", new SpecLocation(Keyword: "x-salla-deprecated")),
                RequiredString(deprecated, "replacement", where + " x-salla-deprecated", new SpecLocation(Keyword: "x-salla-deprecated")),
                OptionalString(deprecated, "note"));
        }

        private static ValueKind ParseKind(string text, string where) => text switch
        {
            "string" => ValueKind.String,
            "integer" => ValueKind.Integer,
            "number" => ValueKind.Number,
            "boolean" => ValueKind.Boolean,
            "date-time" => ValueKind.DateTime,
            "object" => ValueKind.Object,
            "array" => ValueKind.Array,
            "any" => ValueKind.Any,
            _ => throw new SpecException($"{where}: x-salla-type '{text}' is not one of string, integer, number, boolean, date-time, object, array, any", new SpecLocation(Keyword: "x-salla-type")),
        };

        private static ValueKind? SingleKind(JsonObjectType type) => type switch
        {
            JsonObjectType.String => ValueKind.String,
            JsonObjectType.Integer => ValueKind.Integer,
            JsonObjectType.Number => ValueKind.Number,
            JsonObjectType.Boolean => ValueKind.Boolean,
            JsonObjectType.Object => ValueKind.Object,
            JsonObjectType.Array => ValueKind.Array,
            _ => null,
        };

        // Members every generated object inherits or C# reserves; a JSON member of that name gets a suffix.
        private static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
        {
            "ExtensionData", "Read", "GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "Finalize",
        };
    }

    /// <summary>Reads <c>x-salla-*</c> keywords, which NJsonSchema keeps in <see cref="JsonSchema.ExtensionData"/>.</summary>
    private static class Extensions
    {
        public static JToken? Get(JsonSchema schema, string key)
        {
            if (schema.ExtensionData is null || !schema.ExtensionData.TryGetValue(key, out var value))
            {
                return null;
            }

            return value switch
            {
                null => JValue.CreateNull(),
                JToken token => token,
                _ => JToken.FromObject(value),
            };
        }

        public static string? GetString(JsonSchema schema, string key) =>
            Get(schema, key) is JValue { Type: JTokenType.String } value ? (string?)value.Value : null;

        /// <summary>The spec file a schema was loaded from, so a shared type is attributed to the file that defines it.</summary>
        public static string? Origin(JsonSchema schema)
        {
            var documentPath = FindRoot(schema).DocumentPath;
            return documentPath is null ? null : System.IO.Path.GetFileName(documentPath);
        }

        private static JsonSchema FindRoot(JsonSchema schema)
        {
            object current = schema;
            while (current is JsonSchema { Parent: { } parent })
            {
                current = parent;
            }

            return current as JsonSchema ?? schema;
        }
    }
}
