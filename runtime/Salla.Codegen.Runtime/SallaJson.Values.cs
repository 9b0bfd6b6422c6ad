using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Salla.Codegen;

public static partial class SallaJson
{
    /// <summary>
    /// Reads an array of values (numbers, booleans, dates, raw JSON) with <paramref name="readItem"/>;
    /// an empty <c>{}</c> is an empty list and <c>null</c> items are left out.
    /// </summary>
    public static IReadOnlyList<T>? ReadValueList<T>(ref Utf8JsonReader reader, SallaReader<T?> readItem)
        where T : struct
    {
        // ReadList already drops null items; only the element type changes from T? to T.
        var items = ReadList<T?>(ref reader, readItem);
        if (items is null || items.Count == 0)
        {
            return items is null ? null : Array.Empty<T>();
        }

        var values = new T[items.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = items[i]!.Value;
        }

        return values;
    }
}
