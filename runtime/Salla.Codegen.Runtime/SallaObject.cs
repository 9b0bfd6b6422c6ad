using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Salla.Codegen;

/// <summary>
/// Base of every generated payload type. Members the spec does not know land in
/// <see cref="ExtensionData"/> exactly as sent, so a field Salla adds tomorrow is not lost.
/// </summary>
public abstract class SallaObject
{
    private static readonly IReadOnlyDictionary<string, JsonElement> NoMembers = new Dictionary<string, JsonElement>(0);

    private Dictionary<string, JsonElement>? _extensionData;

    /// <summary>The members of this object that have no typed property, by their JSON name.</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtensionData => _extensionData ?? NoMembers;

    /// <summary>Keeps a member that has no typed property; a name kept already is refused, never overwritten.</summary>
    /// <exception cref="SallaPayloadException">The object names the member twice.</exception>
    internal void AddExtensionMember(string name, JsonElement? value)
    {
        _extensionData ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (!_extensionData.TryAdd(name, value ?? NullElement))
        {
            throw SallaRequired.Duplicate();
        }
    }

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();
}
