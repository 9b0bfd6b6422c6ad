using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen.Tool;

/// <summary>
/// Applies <see cref="BodyEdit"/>s to a JSON body by splicing bytes: the value at a path is replaced, a member is
/// added after the last one of its object in that object's layout, a member or item is cut with its comma. Every
/// byte not edited stays as it was, so numbers keep their spelling (<c>"196.00"</c>, <c>1.10</c>), members their
/// order, and the layout its whitespace.
/// </summary>
internal static class BodyEditor
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    /// <summary><paramref name="body"/> with <paramref name="edits"/> applied in order.</summary>
    /// <exception cref="BodyEditException">The body is not JSON, or an edit's path is not in it.</exception>
    public static byte[] Apply(byte[] body, IReadOnlyList<BodyEdit> edits)
    {
        if (edits.Count == 0)
        {
            return body;
        }

        CheckIsJson(body, edits[0]);
        foreach (var edit in edits)
        {
            try
            {
                body = Apply(body, edit);
            }
            catch (BodyEditException e)
            {
                throw new BodyEditException(edit.Argument + ": " + e.Message);
            }
        }

        return body;
    }

    private static byte[] Apply(byte[] body, BodyEdit edit)
    {
        var steps = edit.Path.Steps;
        var value = ReadValue(body, RootStart(body), body.Length);
        for (var i = 0; i < steps.Count - 1; i++)
        {
            var item = Find(value, edit.Path, i, mustExist: true)!.Value;
            value = ReadValue(body, item.ValueStart, item.ValueEnd);
        }

        var last = steps.Count - 1;
        // Only --set on an object may name a member that is not there yet: it adds it.
        var target = Find(value, edit.Path, last, mustExist: edit.Value is null || value.Kind != JsonTokenType.StartObject);
        if (edit.Value is null)
        {
            return Remove(body, value, target!.Value);
        }

        return target is { } existing
            ? Splice(body, existing.ValueStart, existing.ValueEnd, edit.Value)
            : AddMember(body, value, steps[last].Name!, edit.Value);
    }

    /// <summary>The item of <paramref name="container"/> that step <paramref name="step"/> of <paramref name="path"/> names, or null for a member not there when it need not exist.</summary>
    private static Item? Find(JsonValue container, BodyPath path, int step, bool mustExist)
    {
        var where = path.Prefix(step);
        var wanted = path.Steps[step];
        switch (container.Kind)
        {
            case JsonTokenType.StartObject:
                if (wanted.Name is null)
                {
                    throw new BodyEditException($"{where} is an object, not an array, so it has no item {wanted}.");
                }

                foreach (var member in container.Items)
                {
                    if (member.Name == wanted.Name)
                    {
                        return member;
                    }
                }

                if (!mustExist)
                {
                    return null;
                }

                throw new BodyEditException(container.Items.Count == 0
                    ? $"{where} has no member '{wanted.Name}'; it is an empty object."
                    : $"{where} has no member '{wanted.Name}'; its members are {Members(container)}.");
            case JsonTokenType.StartArray:
                if (wanted.Index is not { } index)
                {
                    throw new BodyEditException($"{where} is an array, so '{wanted.Name}' is not one of its items; give an index, such as {path.Prefix(step) switch { "the body" => "[0]", var prefix => prefix + "[0]" }}.");
                }

                if (index >= container.Items.Count)
                {
                    throw new BodyEditException(container.Items.Count == 0
                        ? $"{where} is an empty array, so it has no item [{index.ToString(CultureInfo.InvariantCulture)}]."
                        : $"{where} has {Count(container.Items.Count, "item")} ([0]{(container.Items.Count == 1 ? string.Empty : " to [" + (container.Items.Count - 1).ToString(CultureInfo.InvariantCulture) + "]")}), so it has no item [{index.ToString(CultureInfo.InvariantCulture)}].");
                }

                return container.Items[index];
            default:
                throw new BodyEditException($"{where} is {container.Describe()}, not an object or an array, so it has no {(wanted.Name is null ? "item " + wanted : "member '" + wanted.Name + "'")}.");
        }
    }

    private static byte[] Remove(byte[] body, JsonValue container, Item item)
    {
        var items = container.Items;
        var index = items.IndexOf(item);
        if (items.Count == 1)
        {
            // The only one: what is left is the empty container, "{}" or "[]".
            return Splice(body, container.Start + 1, container.ValueEnd - 1, []);
        }

        // The comma before it goes with it; the first one takes the comma after it instead.
        return index > 0
            ? Splice(body, items[index - 1].ValueEnd, item.ValueEnd, [])
            : Splice(body, item.Start, items[1].Start, []);
    }

    private static byte[] AddMember(byte[] body, JsonValue container, string name, byte[] value)
    {
        var encodedName = Encoding.UTF8.GetBytes("\"" + JsonEncodedText.Encode(name, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) + "\"");
        if (container.Items.Count == 0)
        {
            return Splice(body, container.Start + 1, container.Start + 1, [.. encodedName, (byte)':', .. value]);
        }

        // Laid out as the last member is: the same indentation before the name, the same spacing around the colon.
        var last = container.Items[^1];
        var indentStart = last.Start;
        while (indentStart > container.Start + 1 && IsWhitespace(body[indentStart - 1]))
        {
            indentStart--;
        }

        ReadOnlySpan<byte> colon = body.AsSpan(last.NameEnd, last.ValueStart - last.NameEnd);
        if (colon.IndexOfAnyExcept(" \t\r\n:"u8) >= 0)
        {
            colon = ":"u8;
        }

        byte[] member = [(byte)',', .. body.AsSpan(indentStart, last.Start - indentStart), .. encodedName, .. colon, .. value];
        return Splice(body, last.ValueEnd, last.ValueEnd, member);
    }

    private static byte[] Splice(byte[] body, int start, int end, ReadOnlySpan<byte> replacement)
    {
        var result = new byte[body.Length - (end - start) + replacement.Length];
        body.AsSpan(0, start).CopyTo(result);
        replacement.CopyTo(result.AsSpan(start));
        body.AsSpan(end).CopyTo(result.AsSpan(start + replacement.Length));
        return result;
    }

    private static void CheckIsJson(byte[] body, BodyEdit first)
    {
        if (body.AsSpan(RootStart(body)).Trim(" \t\r\n"u8).IsEmpty)
        {
            throw new BodyEditException($"the body is empty, so {first.Argument} cannot edit it.");
        }

        var reader = new Utf8JsonReader(body.AsSpan(RootStart(body)), SallaJson.ReaderOptions);
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException e)
        {
            throw new BodyEditException($"the body is not JSON, so {first.Argument} cannot edit it: {e.Message}");
        }
    }

    // A byte order mark is kept where it is; the JSON starts after it.
    private static int RootStart(byte[] body) => body.AsSpan().StartsWith(Utf8Bom) ? Utf8Bom.Length : 0;

    /// <summary>The value starting at <paramref name="start"/>, and for an object or array where each of its items is.</summary>
    private static JsonValue ReadValue(byte[] body, int start, int end)
    {
        var reader = new Utf8JsonReader(body.AsSpan(start, end - start), SallaJson.ReaderOptions);
        reader.Read();
        var kind = reader.TokenType;
        var valueStart = start + (int)reader.TokenStartIndex;
        var items = new List<Item>();
        if (kind is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
            {
                var itemStart = start + (int)reader.TokenStartIndex;
                string? name = null;
                var nameEnd = itemStart;
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    name = reader.GetString();
                    nameEnd = itemStart + reader.ValueSpan.Length + 2;
                    reader.Read();
                }

                var itemValueStart = start + (int)reader.TokenStartIndex;
                reader.Skip();
                items.Add(new Item(name, itemStart, nameEnd, itemValueStart, start + (int)reader.BytesConsumed));
            }
        }
        else
        {
            reader.Skip();
        }

        var text = kind is JsonTokenType.StartObject or JsonTokenType.StartArray ? null : Encoding.UTF8.GetString(body, valueStart, start + (int)reader.BytesConsumed - valueStart);
        return new JsonValue(kind, valueStart, start + (int)reader.BytesConsumed, items, text);
    }

    private static string Members(JsonValue container)
    {
        const int Shown = 12;
        var names = container.Items.Take(Shown).Select(i => i.Name).ToList();
        return string.Join(", ", names) + (container.Items.Count > Shown ? $", ... ({Count(container.Items.Count, "member")})" : string.Empty);
    }

    private static string Count(int count, string noun) => count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>A member (with its name) or an array item, by byte offsets into the body.</summary>
    private readonly record struct Item(string? Name, int Start, int NameEnd, int ValueStart, int ValueEnd);

    /// <summary>A value by byte offsets into the body; its items when it is an object or array, its text otherwise.</summary>
    private sealed record JsonValue(JsonTokenType Kind, int Start, int ValueEnd, List<Item> Items, string? Text)
    {
        public string Describe()
        {
            var text = Text is null ? string.Empty : Text.Length > 40 ? Text[..40] + "..." : Text;
            return Kind switch
            {
                JsonTokenType.String => "the string " + text,
                JsonTokenType.Number => "the number " + text,
                JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => text,
                _ => "an object or array",
            };
        }
    }
}
