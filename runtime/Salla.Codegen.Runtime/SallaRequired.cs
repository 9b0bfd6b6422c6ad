using System.ComponentModel;

namespace Salla.Codegen;

/// <summary>Failures for members the spec requires.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SallaRequired
{
    /// <summary>A required member is present but null.</summary>
    public static SallaPayloadException Null(string expectedType) =>
        new(string.Empty, expectedType, "a required member is null", -1);

    /// <summary>A required member is absent.</summary>
    public static SallaPayloadException Missing(string member, string expectedType) =>
        new("." + member, expectedType, "a required member is missing", -1);
}
