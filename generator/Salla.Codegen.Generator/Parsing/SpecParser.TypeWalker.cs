using System;
using System.Collections.Generic;
using System.Linq;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Parsing;

internal static partial class SpecParser
{
    /// <summary>Walks object schemas into <see cref="TypeSpec"/>s, each schema object once, shared ones once overall.</summary>
    private sealed class TypeWalker
    {
        private readonly Dictionary<SpecSchema, string> _namesBySchema = new();
        private readonly Dictionary<string, TypeSpec> _typesByName = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SpecSchema> _schemaByName = new(StringComparer.Ordinal);

        public IEnumerable<TypeSpec> Types => _typesByName.Values;

        public string Collect(SpecSchema schema, string sourceFile)
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
            var origin = schema.FileName;
            _typesByName[name!] = new TypeSpec(name!, schema.Description ?? string.Empty, origin, EquatableArray<PropertySpec>.Empty);

            var properties = new List<PropertySpec>();
            var usedNames = new HashSet<string>(StringComparer.Ordinal) { name! };
            foreach (var pair in schema.Properties)
            {
                try
                {
                    properties.Add(ReadProperty(name!, pair.Key, pair.Value, origin, schema.Requires(pair.Key), usedNames));
                }
                catch (SpecException ex) when (ex.At is null || (ex.At.Title is null && ex.At.Reference is null))
                {
                    // The innermost object schema a problem is in names it: its title and the property.
                    throw new SpecException(ex.Message, new SpecLocation(Title: name, Property: pair.Key, Keyword: ex.At?.Keyword));
                }
            }

            var scalarMember = schema.ExtensionString("x-salla-scalar-member");
            if (scalarMember is not null && !properties.Any(p => p.JsonName == scalarMember && p.Value.Element is null && p.Value.ObjectTypeName is null))
            {
                throw new SpecException($"{name}: x-salla-scalar-member '{scalarMember}' is not a scalar property of the object", new SpecLocation(Title: name, Keyword: "x-salla-scalar-member"));
            }

            _typesByName[name!] = _typesByName[name!] with { Properties = properties.ToEquatableArray(), ScalarMember = scalarMember };
            return name!;
        }

        private PropertySpec ReadProperty(string name, string key, SpecSchema node, string origin, bool required, HashSet<string> usedNames)
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

        private (ValueSpec Value, bool Nullable, EquatableArray<string> EnumValues) Resolve(SpecSchema node, string sourceFile, string where)
        {
            var nullable = false;
            var target = node;
            var alternatives = node.AnyOf.Concat(node.OneOf).ToList();
            if (alternatives.Count > 0)
            {
                var nonNull = alternatives.Where(a => a.ActualSchema.Type != SchemaTypes.Null).ToList();
                nullable = nonNull.Count < alternatives.Count;
                if (nonNull.Count != 1)
                {
                    throw new SpecException($"{where}: anyOf/oneOf may only make one schema nullable ([{{$ref}}, {{type: null}}])", new SpecLocation(Keyword: node.AnyOf.Count > 0 ? "anyOf" : "oneOf"));
                }

                target = nonNull[0];
            }

            var actual = target.ActualSchema;
            var declaredKind = node.ExtensionString("x-salla-type") ?? target.ExtensionString("x-salla-type") ?? actual.ExtensionString("x-salla-type");
            var types = actual.Type;
            nullable |= (types & SchemaTypes.Null) != 0;
            var nonNullTypes = types & ~SchemaTypes.Null;

            ValueKind kind;
            if (declaredKind is not null)
            {
                kind = ParseKind(declaredKind, where);
            }
            else if (nonNullTypes == SchemaTypes.None)
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

        private static EquatableArray<string> ReadEnum(SpecSchema schema, string where)
        {
            var token = schema.Extension("x-salla-enum");
            if (token is null)
            {
                return EquatableArray<string>.Empty;
            }

            if (token is not JsonArray values || values.Items.Any(v => v.Kind != JsonKind.String))
            {
                throw new SpecException($"{where}: x-salla-enum must be an array of strings", new SpecLocation(Keyword: "x-salla-enum"));
            }

            return values.Items.Select(v => v.AsString!).ToEquatableArray();
        }

        private static FieldDeprecation? ReadFieldDeprecation(SpecSchema property, string where)
        {
            var token = property.Extension("x-salla-deprecated");
            if (token is null)
            {
                return null;
            }

            if (token is not JsonObject deprecated)
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

        private static ValueKind? SingleKind(SchemaTypes type) => type switch
        {
            SchemaTypes.String => ValueKind.String,
            SchemaTypes.Integer => ValueKind.Integer,
            SchemaTypes.Number => ValueKind.Number,
            SchemaTypes.Boolean => ValueKind.Boolean,
            SchemaTypes.Object => ValueKind.Object,
            SchemaTypes.Array => ValueKind.Array,
            _ => null,
        };

        // Members every generated object inherits or C# reserves; a JSON member of that name gets a suffix.
        private static readonly HashSet<string> ReservedMemberNames = new(StringComparer.Ordinal)
        {
            "ExtensionData", "Read", "GetType", "ToString", "Equals", "GetHashCode", "MemberwiseClone", "Finalize",
            "ToJson", "WriteTo", "WriteMembers", "Reader", "ReadMember",
        };
    }
}
