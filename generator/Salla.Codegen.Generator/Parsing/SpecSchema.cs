using System;
using System.Collections.Generic;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// The JSON types a schema's <c>type</c> admits. The names and values are NJsonSchema's <c>JsonObjectType</c>, so a
/// message that prints a set of types reads as it did when NJsonSchema read every spec.
/// </summary>
[Flags]
internal enum SchemaTypes
{
    None = 0,
    Array = 1,
    Boolean = 2,
    Integer = 4,
    Null = 8,
    Number = 16,
    Object = 32,
    String = 64,
    File = 128,
}

/// <summary>
/// A JSON Schema (the subset <c>specs/README.md</c> describes) seen through one node of a spec's JSON. There is one
/// <see cref="SpecSchema"/> per node (<see cref="SpecSchemaSet"/> hands them out), and every <c>$ref</c> to a node
/// arrives at that same object: shared types are recognised by identity.
/// </summary>
internal sealed class SpecSchema
{
    private static readonly IReadOnlyList<SpecSchema> None = Array.Empty<SpecSchema>();

    private readonly SpecSchemaSet _set;
    private readonly JsonObject? _object;
    private readonly JsonNode? _properties;
    private readonly JsonNode? _required;
    private readonly JsonNode? _items;
    private readonly JsonNode? _anyOf;
    private readonly JsonNode? _oneOf;
    private readonly JsonNode? _allOf;
    private readonly JsonNode? _definitions;
    private readonly bool _hasReferenceBlockers;
    private IReadOnlyList<KeyValuePair<string, SpecSchema>>? _propertyList;
    private SpecSchema? _actual;

    internal SpecSchema(SpecSchemaSet set, JsonNode node, string fileName)
    {
        _set = set;
        Node = node;
        FileName = fileName;
        _object = node as JsonObject;
        if (_object is null)
        {
            return;
        }

        foreach (var member in _object.Members)
        {
            var value = member.Value;
            switch (member.Name)
            {
                case "title": Title = (value as JsonValue)?.ScalarText; break;
                case "description": Description = (value as JsonValue)?.ScalarText; break;
                case "format": Format = (value as JsonValue)?.ScalarText; break;
                case "maxLength": MaxLength = ReadInt(value); break;
                case "type": Type = ReadTypes(value); break;
                case "$ref": Reference = value.AsString; break;
                case "properties": _properties = value; break;
                case "required": _required = value; break;
                case "items": _items = value; break;
                case "anyOf": _anyOf = value; break;
                case "oneOf": _oneOf = value; break;
                case "allOf": _allOf = value; break;
                case "definitions": _definitions = value; break;

                // What keeps a lone anyOf/oneOf/allOf entry from standing for its schema (see ReferenceStep).
                case "patternProperties": _hasReferenceBlockers |= value is JsonObject { Members.Count: > 0 }; break;
                case "additionalProperties": _hasReferenceBlockers |= value is JsonObject; break;
                case "multipleOf": _hasReferenceBlockers |= value.Kind != JsonKind.Null; break;
                case "enum": _hasReferenceBlockers |= value is JsonArray { Items.Count: > 0 }; break;
            }
        }
    }

    /// <summary>The JSON this schema is read from.</summary>
    public JsonNode Node { get; }

    /// <summary>The spec file that holds this schema (which is where a shared type is attributed).</summary>
    public string FileName { get; }

    public string? Title { get; }

    public string? Description { get; }

    public string? Format { get; }

    public int? MaxLength { get; }

    public SchemaTypes Type { get; }

    /// <summary>The <c>$ref</c> as written, or null.</summary>
    public string? Reference { get; }

    /// <summary>The members of <c>properties</c>, in document order.</summary>
    public IReadOnlyList<KeyValuePair<string, SpecSchema>> Properties => _propertyList ??= ReadProperties();

    /// <summary>The schema of <c>items</c> when it is one schema (not a list of them).</summary>
    public SpecSchema? Item => _items is JsonObject items ? _set.View(items, FileName) : null;

    public IReadOnlyList<SpecSchema> AnyOf => ReadSchemaList(_anyOf);

    public IReadOnlyList<SpecSchema> OneOf => ReadSchemaList(_oneOf);

    public int DefinitionCount
    {
        get
        {
            var count = 0;
            foreach (var member in (_definitions as JsonObject)?.Members ?? Array.Empty<JsonMember>())
            {
                count += member.Value.Kind == JsonKind.Null ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>This schema with every reference followed: the schema a <c>$ref</c> (or chain of them) ends at.</summary>
    /// <exception cref="SpecException">A reference cannot be resolved, or the references go round in a circle.</exception>
    public SpecSchema ActualSchema => _actual ??= _set.Follow(this);

    /// <summary>Whether <c>required</c> lists <paramref name="propertyName"/>.</summary>
    public bool Requires(string propertyName)
    {
        foreach (var item in (_required as JsonArray)?.Items ?? Array.Empty<JsonNode>())
        {
            if (string.Equals(item.AsString, propertyName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value of a keyword this view does not interpret, such as <c>x-salla-enum</c>; JSON null is a value, a missing keyword is null.</summary>
    public JsonNode? Extension(string keyword) => _object?[keyword];

    public string? ExtensionString(string keyword) => Extension(keyword)?.AsString;

    /// <summary>
    /// The schema this one stands for, one step along, or null when it is not a reference. Besides <c>$ref</c>, a schema
    /// whose only content is a single <c>allOf</c>, <c>oneOf</c> or <c>anyOf</c> entry that is itself a reference stands
    /// for that entry (as NJsonSchema's <c>ActualSchema</c> has it; the specs never write one).
    /// </summary>
    internal SpecSchema? ReferenceStep()
    {
        if (IsSingleReferenceList(_allOf, _anyOf, _oneOf, out var allOf))
        {
            return allOf;
        }

        if (IsSingleReferenceList(_oneOf, _anyOf, _allOf, out var oneOf))
        {
            return oneOf;
        }

        if (IsSingleReferenceList(_anyOf, _allOf, _oneOf, out var anyOf))
        {
            return anyOf;
        }

        return Reference is null ? null : _set.Resolve(this, Reference);
    }

    private bool IsReference => Reference is not null
        || IsSingleReferenceList(_allOf, _anyOf, _oneOf, out _)
        || IsSingleReferenceList(_oneOf, _anyOf, _allOf, out _)
        || IsSingleReferenceList(_anyOf, _allOf, _oneOf, out _);

    private bool IsSingleReferenceList(JsonNode? list, JsonNode? other1, JsonNode? other2, out SpecSchema? entry)
    {
        entry = null;

        // A $ref makes the type unset, so a schema with one counts as untyped here.
        var untyped = Type == SchemaTypes.None || Reference is not null;
        if (!untyped || _hasReferenceBlockers || !IsEmptyList(other1) || !IsEmptyList(other2) || _properties is JsonObject { Members.Count: > 0 })
        {
            return false;
        }

        if (list is not JsonArray { Items.Count: 1 } array)
        {
            return false;
        }

        var candidate = _set.View(array.Items[0], FileName);
        if (!candidate.IsReference)
        {
            return false;
        }

        entry = candidate;
        return true;
    }

    private static bool IsEmptyList(JsonNode? list) => list is not JsonArray { Items.Count: > 0 };

    private IReadOnlyList<KeyValuePair<string, SpecSchema>> ReadProperties()
    {
        if (_properties is not JsonObject properties || properties.Members.Count == 0)
        {
            return Array.Empty<KeyValuePair<string, SpecSchema>>();
        }

        var list = new List<KeyValuePair<string, SpecSchema>>(properties.Members.Count);
        foreach (var member in properties.Members)
        {
            list.Add(new KeyValuePair<string, SpecSchema>(member.Name, _set.View(member.Value, FileName)));
        }

        return list;
    }

    private IReadOnlyList<SpecSchema> ReadSchemaList(JsonNode? node)
    {
        if (node is not JsonArray { Items.Count: > 0 } array)
        {
            return None;
        }

        var list = new SpecSchema[array.Items.Count];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = _set.View(array.Items[i], FileName);
        }

        return list;
    }

    private static SchemaTypes ReadTypes(JsonNode node)
    {
        if (node is not JsonArray array)
        {
            return TypeNamed(node.AsString);
        }

        var types = SchemaTypes.None;
        foreach (var item in array.Items)
        {
            types |= TypeNamed(item.AsString);
        }

        return types;
    }

    // An unknown name admits nothing, as NJsonSchema reads it.
    private static SchemaTypes TypeNamed(string? name) => name switch
    {
        "array" => SchemaTypes.Array,
        "boolean" => SchemaTypes.Boolean,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number,
        "null" => SchemaTypes.Null,
        "object" => SchemaTypes.Object,
        "string" => SchemaTypes.String,
        "file" => SchemaTypes.File,
        _ => SchemaTypes.None,
    };

    private static int? ReadInt(JsonNode node)
    {
        if (node.Kind != JsonKind.Number)
        {
            return null;
        }

        var text = ((JsonValue)node).Text!;
        var value = 0L;
        var negative = text[0] == '-';
        for (var i = negative ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < '0' || c > '9' || value > int.MaxValue)
            {
                return null;
            }

            value = (value * 10) + (c - '0');
        }

        value = negative ? -value : value;
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : null;
    }
}
