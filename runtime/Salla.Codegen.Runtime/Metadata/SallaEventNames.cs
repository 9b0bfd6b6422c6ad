using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;

namespace Salla.Codegen.Metadata;

/// <summary>
/// The event names a build has specs for. A body's <c>event</c> is matched against them byte for byte,
/// so routing a known event allocates nothing: the name returned is the generated constant.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SallaEventNames
{
    private readonly HashSet<string> _names;

    // By UTF-8 length: a body's name is compared only with the names as long as it.
    private readonly (byte[] Utf8, string Name)[][] _byLength;

    /// <param name="names">Every event name the build knows.</param>
    public SallaEventNames([SallaEventName] params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new HashSet<string>(names, StringComparer.Ordinal);
        var encoded = new List<(byte[] Utf8, string Name)>();
        foreach (var name in _names)
        {
            encoded.Add((Encoding.UTF8.GetBytes(name), name));
        }

        var longest = 0;
        foreach (var (utf8, _) in encoded)
        {
            longest = Math.Max(longest, utf8.Length);
        }

        _byLength = new (byte[], string)[longest + 1][];
        for (var length = 0; length <= longest; length++)
        {
            _byLength[length] = encoded.FindAll(e => e.Utf8.Length == length).ToArray();
        }
    }

    /// <summary>Whether <paramref name="eventName"/> is one of the names, compared ordinally.</summary>
    public bool Contains([SallaEventName] string eventName) => _names.Contains(eventName);

    /// <summary>The <c>event</c> member of a webhook body: the known name's own string, or the name as sent.</summary>
    /// <exception cref="SallaPayloadException">The body is empty, not a JSON object, or has no non-empty string <c>event</c>.</exception>
    [return: SallaEventName]
    public string ReadEventName(ReadOnlySpan<byte> body) => SallaEnvelopeHead.Read(body, withMerchant: false, this).EventName;

    internal string? Find(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length >= _byLength.Length)
        {
            return null;
        }

        foreach (var (candidate, name) in _byLength[utf8.Length])
        {
            if (utf8.SequenceEqual(candidate))
            {
                return name;
            }
        }

        return null;
    }
}
