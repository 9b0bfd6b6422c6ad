using System;
using System.Collections.Generic;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// The spec documents one parse reads, by file name, each read into JSON once and only when first needed. It hands
/// out one <see cref="SpecSchema"/> per JSON node and resolves <c>$ref</c> between documents, so every reference to a
/// shared definition lands on the same schema object (which is how shared types are recognised and emitted once).
/// </summary>
internal sealed class SpecSchemaSet
{
    private const string LocalPointerStart = "#/";

    private readonly SpecDocumentIndex _documents;
    private readonly Dictionary<string, SpecSchema> _roots = new(StringComparer.Ordinal);
    private readonly Dictionary<JsonNode, SpecSchema> _views = new();

    public SpecSchemaSet(IEnumerable<SpecDocument> documents)
    {
        _documents = new SpecDocumentIndex(documents);
    }

    /// <summary>The root schema of the document named <paramref name="fileName"/>.</summary>
    /// <exception cref="SpecException">No document has that name.</exception>
    /// <exception cref="JsonTextException">The document is not JSON.</exception>
    public SpecSchema Load(string fileName)
    {
        if (_roots.TryGetValue(fileName, out var root))
        {
            return root;
        }

        var document = _documents.Get(fileName);

        root = View(JsonText.Parse(document.Text), fileName);
        _roots.Add(fileName, root);
        return root;
    }

    /// <summary>The one schema view of <paramref name="node"/>, a node of the document <paramref name="fileName"/>.</summary>
    internal SpecSchema View(JsonNode node, string fileName)
    {
        if (!_views.TryGetValue(node, out var schema))
        {
            schema = new SpecSchema(this, node, fileName);
            _views.Add(node, schema);
        }

        return schema;
    }

    /// <summary>Where <paramref name="schema"/> ends up once every reference is followed.</summary>
    internal SpecSchema Follow(SpecSchema schema)
    {
        List<SpecSchema>? visited = null;
        var current = schema;
        while (current.ReferenceStep() is { } next)
        {
            visited ??= new List<SpecSchema>();
            visited.Add(current);
            if (visited.Contains(next))
            {
                var reference = schema.Reference ?? current.Reference ?? string.Empty;
                throw new SpecException($"'{reference}' leads back to itself through other references and never reaches a schema", new SpecLocation(Reference: reference));
            }

            current = next;
        }

        return current;
    }

    /// <summary>
    /// The schema <paramref name="reference"/> (a <c>$ref</c> written in <paramref name="from"/>) names:
    /// <c>#/definitions/X</c>, <c>other.schema.json#/definitions/X</c>, or a whole file. A file is found by its name
    /// alone, whatever folder the reference puts in front of it.
    /// </summary>
    internal SpecSchema Resolve(SpecSchema from, string reference)
    {
        if (reference == "#")
        {
            return Load(from.FileName);
        }

        if (reference.StartsWith(LocalPointerStart, StringComparison.Ordinal))
        {
            return AtPointer(Load(from.FileName), from.FileName, reference.Substring(1), reference);
        }

        if (reference.StartsWith("http://", StringComparison.Ordinal) || reference.StartsWith("https://", StringComparison.Ordinal))
        {
            throw new SpecException($"'{reference}' is a URL; a spec may reference only other spec files by name, such as common.schema.json#/definitions/Money", new SpecLocation(Reference: reference));
        }

        var hash = reference.IndexOf('#');
        var fileName = System.IO.Path.GetFileName(hash < 0 ? reference : reference.Substring(0, hash));
        var fragment = hash < 0 ? "#" : reference.Substring(hash);
        if (fileName.Length == 0 || (fragment != "#" && !fragment.StartsWith(LocalPointerStart, StringComparison.Ordinal)))
        {
            throw new SpecException($"'{reference}' is not a reference this generator can follow; write #/definitions/Name, other.schema.json#/definitions/Name or other.schema.json", new SpecLocation(Reference: reference));
        }

        SpecSchema root;
        try
        {
            root = Load(fileName);
        }
        catch (JsonTextException ex)
        {
            throw new SpecException($"'{fileName}', which '{reference}' names, is not valid JSON: {ex.Message}", new SpecLocation(Reference: reference));
        }

        return fragment == "#" ? root : AtPointer(root, fileName, fragment.Substring(1), reference);
    }

    /// <summary>The node a JSON pointer (<c>/definitions/Money</c>) names in a document.</summary>
    private SpecSchema AtPointer(SpecSchema root, string fileName, string pointer, string reference)
    {
        var node = root.Node;
        foreach (var rawSegment in pointer.Substring(1).Split('/'))
        {
            var segment = Uri.UnescapeDataString(rawSegment).Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject obj => obj[segment],
                JsonArray array when TryParseIndex(segment, out var index) && index < array.Items.Count => array.Items[index],
                _ => null,
            };

            if (node is null)
            {
                throw new SpecException($"'{reference}' names nothing: {fileName} has nothing at '{pointer}'", new SpecLocation(Reference: reference));
            }
        }

        return View(node, fileName);
    }

    private static bool TryParseIndex(string segment, out int index)
    {
        index = 0;
        if (segment.Length is 0 or > 9)
        {
            return false;
        }

        foreach (var c in segment)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            index = (index * 10) + (c - '0');
        }

        return true;
    }
}
