using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using Salla.Codegen;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>
/// Walks a JSON payload beside the typed object read from it and lists every member that is neither
/// a typed property holding the same value nor kept verbatim in an extension bag.
/// </summary>
public static class PayloadWalker
{
    public static List<string> FindLosses(JsonElement json, object? typed, string path)
    {
        var losses = new List<string>();
        Walk(json, typed, path, losses);
        return losses;
    }

    /// <summary>How many JSON members the walk saw typed (not in a bag), to show the models do the work.</summary>
    public static int CountTyped(JsonElement json, object? typed)
    {
        if (typed is not SallaObject obj || json.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        var count = 0;
        foreach (var member in json.EnumerateObject())
        {
            var property = PropertyFor(obj.GetType(), member.Name);
            if (property is not null)
            {
                count++;
                var value = property.GetValue(obj);
                count += value switch
                {
                    SallaObject nested => CountTyped(member.Value, nested),
                    IEnumerable list and not string when member.Value.ValueKind == JsonValueKind.Array =>
                        member.Value.EnumerateArray().Zip(list.Cast<object?>()).Sum(p => CountTyped(p.First, p.Second)),
                    _ => 0,
                };
            }
        }

        return count;
    }

    private static void Walk(JsonElement json, object? typed, string path, List<string> losses)
    {
        switch (typed)
        {
            case null:
                if (!IsEmpty(json))
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as null");
                }

                return;
            case SallaObject obj:
                WalkObject(json, obj, path, losses);
                return;
            case JsonElement element:
                if (element.GetRawText() != json.GetRawText())
                {
                    losses.Add($"{path}: raw JSON differs");
                }

                return;
            case string text:
                var expected = json.ValueKind switch
                {
                    JsonValueKind.String => json.GetString(),
                    JsonValueKind.Number => json.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (expected != text)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as \"{text}\"");
                }

                return;
            case long whole:
                if (AsDecimal(json) != whole)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as {whole}");
                }

                return;
            case decimal number:
                if (AsDecimal(json) != number)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as {number}");
                }

                return;
            case bool flag:
                var expectedFlag = json.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False => false,
                    JsonValueKind.Number => json.GetInt64() == 1,
                    JsonValueKind.String => json.GetString() is "1" or "true",
                    _ => (bool?)null,
                };
                if (expectedFlag != flag)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as {flag}");
                }

                return;
            case DateTimeOffset moment:
                WalkDate(json, moment, path, losses);
                return;
            case IEnumerable list:
                if (json.ValueKind == JsonValueKind.Object && !json.EnumerateObject().Any())
                {
                    return;
                }

                if (json.ValueKind != JsonValueKind.Array)
                {
                    losses.Add($"{path}: {json.ValueKind} was read as a list");
                    return;
                }

                var items = list.Cast<object?>().ToList();
                // A null item keeps its place in the list read.
                var sent = json.EnumerateArray().ToList();
                if (items.Count != sent.Count)
                {
                    losses.Add($"{path}: {sent.Count} items sent, {items.Count} read");
                    return;
                }

                for (var i = 0; i < sent.Count; i++)
                {
                    Walk(sent[i], items[i], $"{path}[{i}]", losses);
                }

                return;
            default:
                losses.Add($"{path}: read as an unexpected {typed.GetType()}");
                return;
        }
    }

    private static void WalkObject(JsonElement json, SallaObject obj, string path, List<string> losses)
    {
        if (json.ValueKind == JsonValueKind.Array && json.GetArrayLength() == 0)
        {
            return;
        }

        if (json.ValueKind is JsonValueKind.Number or JsonValueKind.String)
        {
            // A bare scalar read into the type's scalar member (a cart total sent as a number).
            var scalar = obj.GetType().GetProperties().Where(p => p.GetCustomAttribute<SallaMemberAttribute>() is not null).Select(p => p.GetValue(obj)).FirstOrDefault(v => v is not null);
            Walk(json, scalar, path, losses);
            return;
        }

        if (json.ValueKind != JsonValueKind.Object)
        {
            losses.Add($"{path}: {json.ValueKind} was read as an object");
            return;
        }

        foreach (var member in json.EnumerateObject())
        {
            var memberPath = path + "." + member.Name;
            var property = PropertyFor(obj.GetType(), member.Name);
            if (property is not null)
            {
                Walk(member.Value, property.GetValue(obj), memberPath, losses);
            }
            else if (!obj.ExtensionData.TryGetValue(member.Name, out var kept))
            {
                losses.Add($"{memberPath}: neither a typed property nor in ExtensionData");
            }
            else if (kept.GetRawText() != member.Value.GetRawText())
            {
                losses.Add($"{memberPath}: ExtensionData holds {kept.GetRawText()} instead of {member.Value.GetRawText()}");
            }
        }
    }

    private static void WalkDate(JsonElement json, DateTimeOffset when, string path, List<string> losses)
    {
        switch (json.ValueKind)
        {
            case JsonValueKind.String:
                if (!SallaDateTime.TryParse(json.GetString(), out var expected) || expected != when)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as {when:O}");
                }

                return;
            case JsonValueKind.Object:
                var local = json.GetProperty("date").GetString()!;
                if (when.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) != local.Substring(0, 19))
                {
                    losses.Add($"{path}: {local} was read as {when:O}");
                }

                return;
            case JsonValueKind.Array:
                Walk(json.EnumerateArray().Single(), when, path, losses);
                return;
            case JsonValueKind.Number:
                if (DateTimeOffset.FromUnixTimeSeconds(json.GetInt64()) != when)
                {
                    losses.Add($"{path}: {json.GetRawText()} was read as {when:O}");
                }

                return;
            default:
                losses.Add($"{path}: {json.ValueKind} was read as a date");
                return;
        }
    }

    private static PropertyInfo? PropertyFor(Type type, string jsonName) =>
        type.GetProperties().FirstOrDefault(p => p.GetCustomAttribute<SallaMemberAttribute>()?.JsonName == jsonName);

    private static decimal? AsDecimal(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number => json.GetDecimal(),
        JsonValueKind.String => decimal.TryParse(json.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null,
        _ => null,
    };

    private static bool IsEmpty(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Null => true,
        JsonValueKind.String => json.GetString()!.Trim() is "" or "null",
        JsonValueKind.Array => json.GetArrayLength() == 0,
        JsonValueKind.Object => !json.EnumerateObject().Any(),
        _ => false,
    };
}
