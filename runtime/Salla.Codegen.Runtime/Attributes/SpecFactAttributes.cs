using System;
using System.ComponentModel;

namespace Salla.Codegen;

/// <summary>
/// Marks a string parameter, property or field that holds a Salla event name (<c>order.created</c>), in the
/// spirit of <c>[StringSyntax]</c>: the Salla.Codegen analyzers check the constants passed to it against the
/// events the specs know (SALLA301). A <c>string[]</c> parameter so marked takes a list of event names.
/// </summary>
/// <example><code>public void Subscribe([SallaEventName] string eventName) { }</code></example>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.ReturnValue, Inherited = false)]
public sealed class SallaEventNameAttribute : Attribute
{
}

/// <summary>
/// An event the build's specs know, whether or not <c>SallaCodegenEvents</c> let it be generated. The generator
/// writes one per event on the assembly so the analyzers read what the specs say from the compilation and its
/// references, without parsing any spec again.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class SallaKnownEventAttribute : Attribute
{
    /// <summary>Creates the record of one event.</summary>
    /// <param name="name">The event name, such as <c>order.created</c>.</param>
    /// <param name="group">The event's group: order, product, app, …</param>
    public SallaKnownEventAttribute([SallaEventName] string name, string group)
    {
        Name = name;
        Group = group;
    }

    /// <summary>The event name, such as <c>order.created</c>.</summary>
    public string Name { get; }

    /// <summary>The event's group: order, product, app, …</summary>
    public string Group { get; }

    /// <summary>When Salla deprecated the event (yyyy-MM-dd), or null while it is current.</summary>
    public string? DeprecatedSince { get; set; }

    /// <summary>The events that replace a deprecated one, or null.</summary>
    public string[]? ReplacedBy { get; set; }

    /// <summary>What the specs say of a deprecation that names no replacement event, or null.</summary>
    public string? DeprecationNote { get; set; }
}

/// <summary>
/// A JSON member some spec of the build marks deprecated, by its name as Salla sends it. The generator writes one
/// per distinct deprecation on the assembly, for the analyzers that check raw JSON reads.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class SallaDeprecatedFieldAttribute : Attribute
{
    /// <summary>Creates the record of one deprecated member.</summary>
    /// <param name="jsonName">The member's name exactly as Salla sends it (<c>checkout_url</c>).</param>
    /// <param name="since">The date (yyyy-MM-dd) from which Salla deprecates it.</param>
    /// <param name="replacement">The path of the field to read instead, from the envelope (<c>data.urls.checkout</c>).</param>
    public SallaDeprecatedFieldAttribute(string jsonName, string since, string replacement)
    {
        JsonName = jsonName;
        Since = since;
        Replacement = replacement;
    }

    /// <summary>The member's name exactly as Salla sends it.</summary>
    public string JsonName { get; }

    /// <summary>The date (yyyy-MM-dd) from which Salla deprecates it.</summary>
    public string Since { get; }

    /// <summary>The path of the field to read instead, from the envelope.</summary>
    public string Replacement { get; }

    /// <summary>What else the spec says of the deprecation, or null.</summary>
    public string? Note { get; set; }
}
