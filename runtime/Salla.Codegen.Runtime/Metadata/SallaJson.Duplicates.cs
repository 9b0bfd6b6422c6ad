using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

public static partial class SallaJson
{
    /// <summary>
    /// Walks the object or array at <paramref name="reader"/> to its last token, where the reader ends (pass a
    /// copy to keep one's place), and refuses an object that names a member twice. With two members of one name, which one a reader
    /// keeps decides what the body means; what is verified, routed and handled must be one thing.
    /// </summary>
    internal static void RejectDuplicateMembers(ref Utf8JsonReader reader)
    {
        // Names are compared by hash first, which allocates nothing; only a repeated hash (a duplicate, or
        // a rare collision) walks again comparing the names themselves, and names the duplicate.
        var start = reader;
        if (!HasRepeatedNameHash(ref reader))
        {
            return;
        }

        reader = start;
        RejectDuplicateMembersByName(ref reader);
    }

    private static bool HasRepeatedNameHash(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && HasRepeatedNameHash(ref reader))
                {
                    return true;
                }
            }

            return false;
        }

        Span<ulong> initial = stackalloc ulong[16];
        var hashes = initial;
        ulong[]? rented = null;
        var count = 0;
        try
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (NameHash(ref reader) is not { } hash || hashes[..count].Contains(hash))
                {
                    return true;
                }

                if (count == hashes.Length)
                {
                    var larger = System.Buffers.ArrayPool<ulong>.Shared.Rent(count * 2);
                    hashes.CopyTo(larger);
                    if (rented is not null)
                    {
                        System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
                    }

                    rented = larger;
                    hashes = larger;
                }

                hashes[count++] = hash;
                reader.Read();
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && HasRepeatedNameHash(ref reader))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
            }
        }
    }

    // FNV-1a over the name as text (escapes resolved); null for a name too long to unescape on the stack.
    private static ulong? NameHash(ref Utf8JsonReader reader)
    {
        scoped ReadOnlySpan<byte> name;
        Span<byte> unescaped = stackalloc byte[256];
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            name = reader.ValueSpan;
        }
        else if ((reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length) <= unescaped.Length)
        {
            name = unescaped[..reader.CopyString(unescaped)];
        }
        else
        {
            return null;
        }

        var hash = 14695981039346656037UL;
        foreach (var b in name)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static void RejectDuplicateMembersByName(ref Utf8JsonReader reader)
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
                        RejectDuplicateMembersByName(ref reader);
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
                    RejectDuplicateMembersByName(ref reader);
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
