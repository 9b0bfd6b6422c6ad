using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace Salla.Codegen.Benchmarks;

/// <summary>Lists the members a parsed object graph kept as unknown (extension data), by path; for the setup's printout only.</summary>
internal static class UnknownMembers
{
    public static IReadOnlyList<string> Of(object? root)
    {
        var found = new List<string>();
        Walk(root, "$", found, depth: 0);
        return found;
    }

    private static void Walk(object? value, string path, List<string> found, int depth)
    {
        if (value is null || depth > 32 || value is string || value.GetType().IsValueType)
        {
            return;
        }

        if (value is IEnumerable items && value is not IDictionary)
        {
            var index = 0;
            foreach (var item in items)
            {
                Walk(item, $"{path}[{index++}]", found, depth + 1);
            }

            return;
        }

        foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name is "UntypedData" or "RawBody")
            {
                continue;
            }

            var member = property.GetValue(value);
            if (property.Name is "ExtensionData" or "NewtonsoftExtensionData")
            {
                if (member is IEnumerable entries)
                {
                    foreach (var entry in entries)
                    {
                        var key = entry.GetType().GetProperty("Key")!.GetValue(entry);
                        found.Add(path + "." + key);
                    }
                }

                continue;
            }

            Walk(member, path + "." + property.Name, found, depth + 1);
        }
    }
}
