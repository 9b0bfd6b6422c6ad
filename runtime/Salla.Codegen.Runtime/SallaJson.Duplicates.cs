using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Salla.Codegen;

public static partial class SallaJson
{
    /// <summary>
    /// Walks the object or array at <paramref name="reader"/> (a copy: the caller's reader does not move) and
    /// refuses an object that names a member twice. With two members of one name, which one a reader
    /// keeps decides what the body means; what is verified, routed and handled must be one thing.
    /// </summary>
    private static void RejectDuplicateMembers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    try
                    {
                        RejectDuplicateMembers(ref reader);
                    }
                    catch (SallaPayloadException ex)
                    {
                        throw ex.Under("[" + index.ToString(CultureInfo.InvariantCulture) + "]");
                    }
                }

                index++;
            }

            return;
        }

        // Most objects are small: names are compared in a list until a set pays for itself.
        List<string>? names = null;
        HashSet<string>? set = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (set is not null ? !set.Add(name) : names?.Contains(name) == true)
            {
                throw DuplicateMember(name, ref reader);
            }

            if (set is null)
            {
                (names ??= new List<string>(4)).Add(name);
                if (names.Count > 8)
                {
                    set = new HashSet<string>(names, StringComparer.Ordinal);
                }
            }

            reader.Read();
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                try
                {
                    RejectDuplicateMembers(ref reader);
                }
                catch (SallaPayloadException ex)
                {
                    throw ex.Under("." + name);
                }
            }
        }
    }

    /// <summary>The failure for a member that appears twice in one object; the caller adds the object's path.</summary>
    internal static SallaPayloadException DuplicateMember(string name, ref Utf8JsonReader reader) =>
        new("." + name, null, "the member appears more than once in its object", reader.TokenStartIndex);
}
