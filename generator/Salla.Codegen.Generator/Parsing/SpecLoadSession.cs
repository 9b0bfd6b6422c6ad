using System;
using System.Collections.Generic;
using NJsonSchema;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Loads each spec document once per parse, so every reference to a shared definition lands on the
/// same schema object (which is how shared types are recognised and emitted once).
/// </summary>
internal sealed class SpecLoadSession
{
    private readonly Dictionary<string, SpecDocument> _documentsByFileName;
    private readonly Dictionary<string, JsonSchema> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

    public SpecLoadSession(IEnumerable<SpecDocument> documents)
    {
        _documentsByFileName = new Dictionary<string, SpecDocument>(StringComparer.Ordinal);
        foreach (var document in documents)
        {
            // Later documents (a consumer's) replace earlier ones (the built-in specs) of the same name.
            _documentsByFileName[document.FileName] = document;
        }
    }

    public JsonSchema Load(string fileName)
    {
        if (_loaded.TryGetValue(fileName, out var schema))
        {
            return schema;
        }

        if (!_documentsByFileName.TryGetValue(fileName, out var document))
        {
            throw new SpecException($"no spec named '{fileName}' is known; references must name a spec file such as common.schema.json");
        }

        if (!_loading.Add(fileName))
        {
            throw new SpecException($"'{fileName}' references itself through other files; references between spec files must not form a cycle");
        }

        try
        {
            schema = JsonSchema.FromJsonAsync(document.Text, document.Path, root => new InMemoryReferenceResolver(root, this))
                .GetAwaiter()
                .GetResult();
        }
        catch (SpecException)
        {
            throw;
        }
        catch (Exception ex)
        {
            throw new SpecException($"cannot read '{fileName}' as JSON Schema: {ex.Message}");
        }
        finally
        {
            _loading.Remove(fileName);
        }

        _loaded[fileName] = schema;
        return schema;
    }
}

/// <summary>A spec is malformed; the message says how, in words a spec author can act on.</summary>
internal sealed class SpecException : Exception
{
    public SpecException(string message)
        : base(message)
    {
    }
}
