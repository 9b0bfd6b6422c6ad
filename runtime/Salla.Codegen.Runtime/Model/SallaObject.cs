using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen;

/// <summary>
/// Base of every generated payload type. Members the spec does not know land in
/// <see cref="ExtensionData"/> exactly as sent, so a field Salla adds tomorrow is not lost, and are
/// written back by <see cref="WriteTo"/>.
/// </summary>
public abstract class SallaObject
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoMembers = new Dictionary<string, JsonElement>(0);

    // Unknown members as read: their bytes, parsed only when ExtensionData is first read.
    private List<SallaExtensionMember>? _extensionMembers;
    private HashSet<string>? _extensionNames;
    private Dictionary<string, JsonElement>? _extensionData;
    private List<SallaSentDate>? _sentDates;

    /// <summary>The members of this object that have no typed property, by their JSON name, in the order sent.</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionData => _extensionData ?? BuildExtensionData();

    /// <summary>
    /// Writes this object as Salla sends it: members under their JSON names, a date that is unchanged
    /// since it was read in the encoding it was sent in (any other date as ISO 8601), then the
    /// extension data as it was sent. A null member is written as null when the spec requires the
    /// member, and left out otherwise.
    /// </summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteMembers(writer);
        if (_extensionMembers is not null)
        {
            foreach (var (name, value) in ExtensionData)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>This object as UTF-8 JSON, written by <see cref="WriteTo"/>.</summary>
    public byte[] ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, SallaJson.WriterOptions))
        {
            WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the typed members, each with its JSON name; <see cref="WriteTo"/> adds the braces and the extension data.</summary>
    protected abstract void WriteMembers(Utf8JsonWriter writer);

    /// <summary>Keeps a member that has no typed property; a name kept already is refused, never overwritten.</summary>
    /// <exception cref="SallaPayloadException">The object names the member twice.</exception>
    internal void AddExtensionMember(string name, SallaExtensionValue value)
    {
        var members = _extensionMembers ??= new List<SallaExtensionMember>(2);
        if (_extensionNames is not null)
        {
            if (!_extensionNames.Add(name))
            {
                throw SallaRequired.Duplicate();
            }
        }
        else
        {
            foreach (var member in members)
            {
                if (member.Name == name)
                {
                    throw SallaRequired.Duplicate();
                }
            }

            // Past a handful of names, a set keeps a body of many unknown members from costing quadratic time.
            if (members.Count == 16)
            {
                _extensionNames = new HashSet<string>(members.ConvertAll(m => m.Name), StringComparer.Ordinal) { name };
            }
        }

        members.Add(new SallaExtensionMember(name, value));
    }

    private IReadOnlyDictionary<string, JsonElement> BuildExtensionData()
    {
        if (_extensionMembers is not { } members)
        {
            return NoMembers;
        }

        var built = new Dictionary<string, JsonElement>(members.Count, StringComparer.Ordinal);
        foreach (var member in members)
        {
            built.Add(member.Name, member.Value.ToElement());
        }

        // Two threads reading it first build equal dictionaries; every caller sees the one that was kept.
        return Interlocked.CompareExchange(ref _extensionData, built, null) ?? built;
    }

    private readonly record struct SallaExtensionMember(string Name, SallaExtensionValue Value);

    internal void RememberSentDate(SallaSentDate sent) => (_sentDates ??= new List<SallaSentDate>(2)).Add(sent);

    /// <summary>How the date member <paramref name="member"/> was sent, when it still holds the value read.</summary>
    internal SallaSentDate? SentDate(string member, DateTimeOffset value)
    {
        if (_sentDates is not null)
        {
            foreach (var sent in _sentDates)
            {
                // EqualsExact: the same instant at another offset is a changed value.
                if (sent.Member == member)
                {
                    return sent.Value.EqualsExact(value) ? sent : null;
                }
            }
        }

        return null;
    }
}
