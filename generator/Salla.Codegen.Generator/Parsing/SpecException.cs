using System;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>A spec is malformed; the message says how, in words a spec author can act on, and <see cref="At"/> where.</summary>
internal sealed class SpecException : Exception
{
    public SpecException(string message, SpecLocation? at = null)
        : base(message)
    {
        At = at;
    }

    public SpecLocation? At { get; }
}
