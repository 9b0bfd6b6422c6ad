using System;
using System.Collections.Generic;
using System.Linq;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Where in a spec a problem is, in the spec's own terms: the object schema (by its title), one of its
/// properties, a keyword, an <c>x-salla-events</c> entry (by index or name), or a <c>$ref</c> target.
/// </summary>
internal sealed record SpecLocation(
    string? Title = null,
    string? Property = null,
    string? Keyword = null,
    int? EventIndex = null,
    string? EventName = null,
    string? Reference = null);

/// <summary>
/// Finds a <see cref="SpecLocation"/> in a spec's text, so a problem is reported at its line and column rather than
/// at the top of the file.
/// </summary>
/// <remarks>
/// The position given is the one NJsonSchema's Newtonsoft.Json gave when it read every spec, so a consumer's problems
/// keep their places: a member is at its colon, an object or array at its opening bracket, a string at its closing
/// quote, any other value at its last character.
/// </remarks>
internal static class SpecLocator
{
    /// <summary>The 1-based line and column of <paramref name="at"/> in <paramref name="text"/>; the file's start when it cannot be found.</summary>
    public static (int Line, int Column) Locate(string? text, SpecLocation? at)
    {
        if (text is null || at is null)
        {
            return (1, 1);
        }

        JsonNode root;
        try
        {
            root = JsonText.Parse(text);
        }
        catch (JsonTextException)
        {
            return (1, 1);
        }

        if (root is not (JsonObject or JsonArray))
        {
            return (1, 1);
        }

        return Find(text, root, at) ?? PositionOf(text, root);
    }

    private static (int Line, int Column)? Find(string text, JsonNode root, SpecLocation at)
    {
        if (at.Reference is { } reference)
        {
            return FirstReference(root, reference) is { } member ? PositionOf(text, member) : null;
        }

        var rootObject = root as JsonObject;
        if (at.EventIndex is not null || at.EventName is not null)
        {
            if (rootObject?["x-salla-events"] is not JsonArray events)
            {
                return rootObject?.Member("x-salla-events") is { } eventsMember ? PositionOf(text, eventsMember) : null;
            }

            var entry = at.EventIndex is { } index
                ? (index < events.Items.Count ? events.Items[index] : null)
                : events.Items.FirstOrDefault(e => e is JsonObject o && o["name"]?.AsString is { } name && name == at.EventName);
            return entry is null ? null : Within(text, entry, at.Keyword) ?? PositionOf(text, entry);
        }

        JsonNode? schema = root;
        if (at.Title is { } title)
        {
            schema = FirstObjectTitled(root, title);
            if (schema is null)
            {
                return null;
            }
        }

        if (at.Property is { } property)
        {
            var member = ((schema as JsonObject)?["properties"] as JsonObject)?.Member(property);
            return member is null ? PositionOf(text, schema) : Within(text, member.Value, at.Keyword) ?? PositionOf(text, member);
        }

        return Within(text, schema, at.Keyword) ?? PositionOf(text, schema);
    }

    private static (int Line, int Column)? Within(string text, JsonNode node, string? keyword) =>
        keyword is not null && (node as JsonObject)?.Member(keyword) is { } member ? PositionOf(text, member) : null;

    /// <summary>The first <c>$ref</c> member, in document order, whose target starts with <paramref name="reference"/>.</summary>
    private static JsonMember? FirstReference(JsonNode node, string reference)
    {
        foreach (var child in Children(node))
        {
            if (child.Member is { Name: "$ref" } member && member.Value.AsString is { } target && target.StartsWith(reference, StringComparison.Ordinal))
            {
                return member;
            }

            if (FirstReference(child.Value, reference) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>The first object, in document order (the node itself first), whose <c>title</c> is <paramref name="title"/>.</summary>
    private static JsonObject? FirstObjectTitled(JsonNode node, string title)
    {
        if (node is JsonObject obj && obj["title"]?.AsString == title)
        {
            return obj;
        }

        foreach (var child in Children(node))
        {
            if (FirstObjectTitled(child.Value, title) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static IEnumerable<(JsonMember? Member, JsonNode Value)> Children(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var member in obj.Members)
            {
                yield return (member, member.Value);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array.Items)
            {
                yield return (null, item);
            }
        }
    }

    private static (int Line, int Column) PositionOf(string text, JsonMember member)
    {
        var colon = JsonText.SkipTrivia(text, ClosingQuote(text, member.Offset) + 1);
        return Advance(text, member.Offset, member.Line, member.Column, colon);
    }

    private static (int Line, int Column) PositionOf(string text, JsonNode node)
    {
        switch (node.Kind)
        {
            case JsonKind.Object:
            case JsonKind.Array:
                return (node.Line, node.Column);
            case JsonKind.String:
                return (node.Line, node.Column + ClosingQuote(text, node.Offset) - node.Offset);
            default:
                var last = node.Offset;
                while (last + 1 < text.Length && (char.IsLetterOrDigit(text[last + 1]) || text[last + 1] is '.' or '+' or '-'))
                {
                    last++;
                }

                return (node.Line, node.Column + last - node.Offset);
        }
    }

    /// <summary>The offset of the quote that closes the string opening at <paramref name="openingQuote"/>.</summary>
    private static int ClosingQuote(string text, int openingQuote)
    {
        var i = openingQuote + 1;
        while (i < text.Length && text[i] != '"')
        {
            i += text[i] == '\\' ? 2 : 1;
        }

        return i;
    }

    /// <summary>The line and column of <paramref name="offset"/>, counting on from a known position before it.</summary>
    private static (int Line, int Column) Advance(string text, int fromOffset, int line, int column, int offset)
    {
        for (var i = fromOffset; i < offset && i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
            {
                line++;
                column = 1;
            }
            else if (text[i] != '\r')
            {
                column++;
            }
        }

        return (line, column);
    }
}
