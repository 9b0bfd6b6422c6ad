namespace Salla.Codegen.Generator.Parsing;

/// <summary>The text of one spec file and the path it is known by (a file name for embedded specs).</summary>
internal sealed record SpecDocument(string Path, string Text)
{
    public string FileName => System.IO.Path.GetFileName(Path);

    /// <summary>
    /// One of the specs embedded in the generator, which the spec tests hold to the rules; any other document (a
    /// consumer's) is first checked by <see cref="UserSpecChecks"/>.
    /// </summary>
    public bool IsBuiltIn { get; init; }
}
