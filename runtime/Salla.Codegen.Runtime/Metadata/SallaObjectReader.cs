using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

/// <summary>A member of a generated type as its reader sees it: the JSON name, the type the spec gives it, and whether it must be sent.</summary>
/// <param name="JsonName">The member's name as Salla sends it.</param>
/// <param name="Type">The spec's type for the member (<c>integer</c>, <c>date-time</c>, a model name, …), named in errors.</param>
/// <param name="IsRequired">Whether a body without the member is refused.</param>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct SallaMemberSpec(string JsonName, string Type, bool IsRequired = false);

/// <summary>Reads the value of member number <paramref name="member"/> (its index in the type's member table) into <paramref name="target"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate void SallaMemberReader<in T>(ref Utf8JsonReader reader, T target, int member);

/// <summary>
/// The reading loop every generated type shares. The type supplies its member table and a switch that
/// reads one member; the loop matches names, refuses a member sent twice, keeps unknown members in
/// <see cref="SallaObject.ExtensionData"/>, puts the member's name on the path of any failure, and
/// checks that required members were sent.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SallaObjectReader<T>
    where T : SallaObject
{
    private readonly SallaMemberSpec[] _members;
    private readonly byte[][] _utf8Names;
    private readonly SallaMemberReader<T> _readMember;
    private readonly int _scalarMember;
    private readonly ulong[] _required;

    /// <param name="readMember">Reads one member, given its index in <paramref name="members"/>.</param>
    /// <param name="members">The type's members, in the order Salla usually sends them.</param>
    /// <param name="scalarMember">The index of the member a bare number or string stands for (Salla sends some amounts either way), or -1.</param>
    public SallaObjectReader(SallaMemberReader<T> readMember, SallaMemberSpec[] members, int scalarMember = -1)
    {
        _readMember = readMember ?? throw new ArgumentNullException(nameof(readMember));
        _members = members ?? throw new ArgumentNullException(nameof(members));
        if (scalarMember < -1 || scalarMember >= members.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(scalarMember), scalarMember, "The scalar member is not in the member table.");
        }

        _scalarMember = scalarMember;
        _utf8Names = Array.ConvertAll(members, m => Encoding.UTF8.GetBytes(m.JsonName));
        _required = new ulong[(members.Length + 63) / 64];
        for (var i = 0; i < members.Length; i++)
        {
            if (Array.FindIndex(members, 0, i, m => m.JsonName == members[i].JsonName) >= 0)
            {
                throw new ArgumentException($"The member table names '{members[i].JsonName}' twice.", nameof(members));
            }

            if (members[i].IsRequired)
            {
                _required[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>
    /// Reads the object at the reader's position into <paramref name="target"/>; PHP's empty <c>[]</c>
    /// is an object with no members. The reader ends on the object's last token.
    /// </summary>
    /// <exception cref="SallaPayloadException">The value is not an object, a member cannot be read, is sent twice, or a required one is missing.</exception>
    public T Read(ref Utf8JsonReader reader, T target) => Read(ref reader, target, isWholeBody: false);

    /// <summary>Reads as <see cref="Read(ref Utf8JsonReader, T)"/>; a whole body must end with the object, before its members are checked.</summary>
    internal T Read(ref Utf8JsonReader reader, T target, bool isWholeBody)
    {
        if (_scalarMember >= 0 && reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
        {
            _readMember(ref reader, target, _scalarMember);
            return target;
        }

        // One word covers the usual type; a constant-size buffer is cheaper to clear than a sized one.
        Span<ulong> seen = _required.Length <= 1 ? stackalloc ulong[1] : stackalloc ulong[_required.Length];
        if (SallaJson.TryStartObject(ref reader))
        {
            ReadMembers(ref reader, target, seen);
        }

        if (isWholeBody)
        {
            try
            {
                // Anything after the object is malformed; the reader throws on it.
                reader.Read();
            }
            catch (JsonException ex)
            {
                throw SallaJson.AtPath(ex, string.Empty, ref reader);
            }
        }

        for (var word = 0; word < _required.Length; word++)
        {
            var missing = _required[word] & ~seen[word];
            if (missing != 0)
            {
                var i = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(missing);
                throw SallaRequired.Missing(_members[i].JsonName, _members[i].Type);
            }
        }

        return target;
    }

    private void ReadMembers(ref Utf8JsonReader reader, T target, scoped Span<ulong> seen)
    {
        string? member = null;
        var expected = 0;
        try
        {
            while (SallaJson.NextMember(ref reader))
            {
                var index = IndexOf(ref reader, expected);
                if (index < 0)
                {
                    member = reader.GetString()!;
                    ReadExtensionMember(ref reader, target, member);
                }
                else
                {
                    member = _members[index].JsonName;
                    ref var word = ref seen[index >> 6];
                    var bit = 1UL << (index & 63);
                    if ((word & bit) != 0)
                    {
                        throw SallaRequired.Duplicate();
                    }

                    word |= bit;
                    reader.Read();
                    _readMember(ref reader, target, index);
                    expected = index + 1;
                }

                member = null;
            }
        }
        catch (Exception ex) when (SallaJson.IsReadFailure(ex))
        {
            throw SallaJson.AtMember(ex, member, ref reader);
        }
    }

    // Out of line: the copies of the reader that unknown values need would otherwise enlarge, and be
    // zeroed in, the frame of every object read.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ReadExtensionMember(ref Utf8JsonReader reader, T target, string member)
    {
        reader.Read();
        target.AddExtensionMember(member, SallaExtensionValue.Read(ref reader));
    }

    // Salla sends members in a stable order, so the member after the last one read is tried first.
    private int IndexOf(ref Utf8JsonReader reader, int expected)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // From the expected member on, then the ones before it: a body that leaves optional members
            // out still finds the next one after a few comparisons.
            var name = reader.ValueSpan;
            for (var i = expected; i < _utf8Names.Length; i++)
            {
                if (name.SequenceEqual(_utf8Names[i]))
                {
                    return i;
                }
            }

            for (var i = 0; i < expected && i < _utf8Names.Length; i++)
            {
                if (name.SequenceEqual(_utf8Names[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < _utf8Names.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
