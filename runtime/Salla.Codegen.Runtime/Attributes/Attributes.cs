using System;

namespace Salla.Codegen;

/// <summary>Marks a generated member that Salla has deprecated; it is still read and populated.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class SallaDeprecatedAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="since">The date (yyyy-MM-dd) from which Salla deprecates the field.</param>
    /// <param name="replacement">The path of the field to read instead, from the envelope (<c>data.urls.checkout</c>).</param>
    public SallaDeprecatedAttribute(string since, string replacement)
    {
        Since = since;
        Replacement = replacement;
    }

    /// <summary>The date (yyyy-MM-dd) from which Salla deprecates the field.</summary>
    public string Since { get; }

    /// <summary>The path of the field to read instead, from the envelope (<c>data.urls.checkout</c>).</summary>
    public string Replacement { get; }
}

/// <summary>Names the JSON member a generated property is read from.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class SallaMemberAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="jsonName">The member's name exactly as Salla sends it.</param>
    public SallaMemberAttribute(string jsonName) => JsonName = jsonName;

    /// <summary>The member's name exactly as Salla sends it.</summary>
    public string JsonName { get; }
}

/// <summary>Marks a generated event class with the Salla event name it carries.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SallaEventAttribute : Attribute
{
    /// <summary>Creates the marker.</summary>
    /// <param name="name">The event name, such as <c>order.created</c>.</param>
    public SallaEventAttribute([SallaEventName] string name) => Name = name;

    /// <summary>The event name, such as <c>order.created</c>.</summary>
    public string Name { get; }
}
