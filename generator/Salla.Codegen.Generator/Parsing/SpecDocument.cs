using System;
using System.Collections.Generic;

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

/// <summary>Spec documents by file name, as references name them: a later document (a consumer's) replaces an earlier one (a built-in spec) of the same name.</summary>
internal sealed class SpecDocumentIndex
{
    private readonly Dictionary<string, SpecDocument> _byFileName = new(StringComparer.Ordinal);

    public SpecDocumentIndex(IEnumerable<SpecDocument> documents)
    {
        foreach (var document in documents)
        {
            _byFileName[document.FileName] = document;
        }
    }

    public bool Contains(string fileName) => _byFileName.ContainsKey(fileName);

    /// <exception cref="SpecException">No document has that name.</exception>
    public SpecDocument Get(string fileName) =>
        _byFileName.TryGetValue(fileName, out var document)
            ? document
            : throw new SpecException($"no spec named '{fileName}' is known; references must name a spec file such as common.schema.json", new SpecLocation(Reference: fileName));
}
