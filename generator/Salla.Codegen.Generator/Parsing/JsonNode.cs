using System.Collections.Generic;

namespace Salla.Codegen.Generator.Parsing;

internal enum JsonKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>
/// One value of a JSON text as <see cref="JsonText.Parse"/> read it: immutable, and knowing where it starts
/// (<see cref="Offset"/> into the text, 1-based <see cref="Line"/> and <see cref="Column"/>), so a problem found in
/// it can be reported at its place in the file.
/// </summary>
internal abstract class JsonNode
{
    protected JsonNode(JsonKind kind, int offset, int line, int column)
    {
        Kind = kind;
        Offset = offset;
        Line = line;
        Column = column;
    }

    public JsonKind Kind { get; }

    public int Offset { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The text of a string, or null for any other value.</summary>
    public string? AsString => Kind == JsonKind.String ? ((JsonValue)this).Text : null;
}

/// <summary>A JSON object; its members keep the order of the document.</summary>
internal sealed class JsonObject : JsonNode
{
    public JsonObject(IReadOnlyList<JsonMember> members, int offset, int line, int column)
        : base(JsonKind.Object, offset, line, column)
    {
        Members = members;
    }

    public IReadOnlyList<JsonMember> Members { get; }

    /// <summary>The value of the member named <paramref name="name"/> (names compare ordinally), or null when there is none.</summary>
    public JsonNode? this[string name] => Member(name)?.Value;

    public JsonMember? Member(string name)
    {
        foreach (var member in Members)
        {
            if (string.Equals(member.Name, name, System.StringComparison.Ordinal))
            {
                return member;
            }
        }

        return null;
    }
}

/// <summary>A name and its value in a <see cref="JsonObject"/>; the position is where the name's opening quote is.</summary>
internal sealed class JsonMember
{
    public JsonMember(string name, JsonNode value, int offset, int line, int column)
    {
        Name = name;
        Value = value;
        Offset = offset;
        Line = line;
        Column = column;
    }

    public string Name { get; }

    public JsonNode Value { get; }

    public int Offset { get; }

    public int Line { get; }

    public int Column { get; }
}

internal sealed class JsonArray : JsonNode
{
    public JsonArray(IReadOnlyList<JsonNode> items, int offset, int line, int column)
        : base(JsonKind.Array, offset, line, column)
    {
        Items = items;
    }

    public IReadOnlyList<JsonNode> Items { get; }
}

/// <summary>A string (<see cref="Text"/> is its value), a number (<see cref="Text"/> is its text as written), true, false or null.</summary>
internal sealed class JsonValue : JsonNode
{
    public JsonValue(JsonKind kind, string? text, int offset, int line, int column)
        : base(kind, offset, line, column)
    {
        Text = text;
    }

    public string? Text { get; }

    /// <summary>
    /// The value as text where a schema keyword expects text: a string as it is, a number as written, true and false
    /// as .NET spells them (which is what reading them into a string property gave before); null for null.
    /// </summary>
    public string? ScalarText => Kind switch
    {
        JsonKind.True => "True",
        JsonKind.False => "False",
        JsonKind.Null => null,
        _ => Text,
    };
}
