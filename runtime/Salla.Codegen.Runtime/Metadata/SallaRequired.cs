using System.ComponentModel;

namespace Salla.Codegen.Metadata;

/// <summary>Failures for members the spec requires, and for members sent twice; generated readers refuse a null required member with <see cref="Null"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SallaRequired
{
    /// <summary>A required member is present but null (or a placeholder that reads as null).</summary>
    public static SallaPayloadException Null(string expectedType) =>
        new(string.Empty, expectedType, "a required member is null", -1);

    /// <summary>A required member is absent.</summary>
    internal static SallaPayloadException Missing(string member, string expectedType) =>
        new("." + member, expectedType, "a required member is missing", -1);

    /// <summary>A member appears a second time in its object; the reader adds the member's name to the path.</summary>
    internal static SallaPayloadException Duplicate() =>
        new(string.Empty, null, "the member appears more than once in its object", -1);
}
