using System;
using System.Collections.Generic;
using System.Globalization;
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
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return SkipEmptyContainer(ref reader) ? Array.Empty<T>() : throw Unexpected(ref reader, "array");
        }

        var items = new List<T>();
        var index = 0;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Null && readItem(ref reader) is { } item)
                {
                    items.Add(item);
                }

                index++;
            }
        }
        catch (Exception ex) when (IsReadFailure(ex))
        {
            throw AtPath(ex, "[" + index.ToString(CultureInfo.InvariantCulture) + "]", ref reader);
        }

        return items;
    }
}
