using System;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

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
/// Finds a <see cref="SpecLocation"/> in a spec's text, so a problem is reported at its line and column
/// rather than at the top of the file. NJsonSchema's schema objects carry no positions; the text, read again
/// with line information, does.
/// </summary>
internal static class SpecLocator
{
    /// <summary>The 1-based line and column of <paramref name="at"/> in <paramref name="text"/>; the file's start when it cannot be found.</summary>
    public static (int Line, int Column) Locate(string? text, SpecLocation? at)
    {
        if (text is null || at is null)
        {
            return (1, 1);
        }

        JContainer? root;
        try
        {
            root = JToken.Parse(text, new JsonLoadSettings { LineInfoHandling = LineInfoHandling.Load }) as JContainer;
        }
        catch (JsonReaderException)
        {
            return (1, 1);
        }

        if (root is null)
        {
            return (1, 1);
        }

        return Position(Find(root, at) ?? root);
    }

    private static JToken? Find(JContainer root, SpecLocation at)
    {
        if (at.Reference is { } reference)
        {
            return root.Descendants().OfType<JProperty>()
                .FirstOrDefault(p => p.Name == "$ref" && p.Value is JValue { Type: JTokenType.String } v && ((string)v!).StartsWith(reference, StringComparison.Ordinal));
        }

        if (at.EventIndex is not null || at.EventName is not null)
        {
            if (root["x-salla-events"] is not JArray events)
            {
                return (root as JObject)?.Property("x-salla-events");
            }

            var entry = at.EventIndex is { } index
                ? (index < events.Count ? events[index] : null)
                : events.FirstOrDefault(e => e is JObject o && o["name"] is JValue name && (string?)name == at.EventName);
            return Within(entry, at.Keyword) ?? entry;
        }

        JToken? schema = root;
        if (at.Title is { } title)
        {
            schema = root.DescendantsAndSelf().OfType<JObject>()
                .FirstOrDefault(o => o["title"] is JValue { Type: JTokenType.String } t && (string)t! == title);
            if (schema is null)
            {
                return null;
            }
        }

        if (at.Property is { } property)
        {
            var member = (schema["properties"] as JObject)?.Property(property);
            return member is null ? schema : Within(member.Value, at.Keyword) ?? member;
        }

        return Within(schema, at.Keyword) ?? schema;
    }

    private static JToken? Within(JToken? token, string? keyword) =>
        keyword is null ? null : (token as JObject)?.Property(keyword);

    private static (int Line, int Column) Position(JToken token) =>
        token is IJsonLineInfo info && info.HasLineInfo() ? (info.LineNumber, Math.Max(info.LinePosition, 1)) : (1, 1);
}
