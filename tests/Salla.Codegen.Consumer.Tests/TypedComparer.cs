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
/// Compares two typed payloads property by property (by reflection, so a member the writer forgets shows up):
/// decimals with their scale, dates with their offset, raw JSON and extension members by JSON equality.
/// </summary>
public static class TypedComparer
{
    public static List<string> Differences(object? expected, object? actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (null, _) or (_, null):
                differences.Add($"{path}: {Show(expected)} != {Show(actual)}");
                return;
            case (decimal a, decimal b):
                // 196.00 and 196 are equal decimals; the scale is part of the value Salla sent.
                if (a.ToString(CultureInfo.InvariantCulture) != b.ToString(CultureInfo.InvariantCulture))
                {
                    differences.Add($"{path}: {a.ToString(CultureInfo.InvariantCulture)} != {b.ToString(CultureInfo.InvariantCulture)}");
                }

                return;
            case (DateTimeOffset a, DateTimeOffset b):
                if (!a.EqualsExact(b))
                {
                    differences.Add($"{path}: {a:o} != {b:o}");
                }

                return;
            case (JsonElement a, JsonElement b):
                if (!JsonElement.DeepEquals(a, b))
                {
                    differences.Add($"{path}: {a.GetRawText()} != {b.GetRawText()}");
                }

                return;
            case (string a, string b):
                if (a != b)
                {
                    differences.Add($"{path}: '{a}' != '{b}'");
                }

                return;
            case (SallaObject a, SallaObject b):
                CompareObjects(a, b, path, differences);
                return;
            case (IEnumerable a, IEnumerable b):
                var left = a.Cast<object?>().ToList();
                var right = b.Cast<object?>().ToList();
                if (left.Count != right.Count)
                {
                    differences.Add($"{path}: {left.Count} items != {right.Count} items");
                    return;
                }

                for (var i = 0; i < left.Count; i++)
                {
                    Compare(left[i], right[i], $"{path}[{i}]", differences);
                }

                return;
            default:
                if (!expected.Equals(actual))
                {
                    differences.Add($"{path}: {Show(expected)} != {Show(actual)}");
                }

                return;
        }
    }

    private static void CompareObjects(SallaObject expected, SallaObject actual, string path, List<string> differences)
    {
        if (expected.GetType() != actual.GetType())
        {
            differences.Add($"{path}: {expected.GetType().Name} != {actual.GetType().Name}");
            return;
        }

        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.Name is nameof(SallaEvent.RawBody) or nameof(SallaEvent.UntypedData) or nameof(SallaObject.ExtensionData) || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            var name = property.GetCustomAttribute<SallaMemberAttribute>()?.JsonName ?? property.Name;
            Compare(property.GetValue(expected), property.GetValue(actual), path + "." + name, differences);
        }

        var keys = expected.ExtensionData.Keys.Union(actual.ExtensionData.Keys, StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var hasLeft = expected.ExtensionData.TryGetValue(key, out var left);
            var hasRight = actual.ExtensionData.TryGetValue(key, out var right);
            if (hasLeft != hasRight)
            {
                differences.Add($"{path}.{key} (extension): present {hasLeft} != {hasRight}");
            }
            else
            {
                Compare(left, right, $"{path}.{key} (extension)", differences);
            }
        }
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
