using System;
using System.Collections.Generic;
using System.Linq;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Loads spec documents with NJsonSchema, each once per parse, for <see cref="UserSpecChecks"/>: a consumer's spec is
/// first checked the way NJsonSchema reads JSON Schema, so what it reports about a broken spec stays what it was.
/// </summary>
internal sealed class SpecLoadSession
{
    private readonly SpecDocumentIndex _documents;
    private readonly Dictionary<string, JsonSchema> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

    public SpecLoadSession(IEnumerable<SpecDocument> documents)
    {
        _documents = new SpecDocumentIndex(documents);
    }

    public JsonSchema Load(string fileName)
    {
        if (_loaded.TryGetValue(fileName, out var schema))
        {
            return schema;
        }

        var document = _documents.Get(fileName);

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
            throw new SpecException($"cannot read '{fileName}' as JSON Schema: {ex.Message}", FirstUnresolvableReference(document.Text));
        }
        finally
        {
            _loading.Remove(fileName);
        }

        _loaded[fileName] = schema;
        return schema;
    }

    /// <summary>
    /// Where a schema that NJsonSchema could not load most likely goes wrong: the first <c>$ref</c> that is a
    /// URL, names a spec file this build does not have, or a local definition the file lacks.
    /// </summary>
    private SpecLocation? FirstUnresolvableReference(string text)
    {
        JContainer? root;
        try
        {
            root = JToken.Parse(text) as JContainer;
        }
        catch (JsonReaderException)
        {
            return null;
        }

        foreach (var reference in root?.Descendants().OfType<JProperty>().Where(p => p.Name == "$ref").Select(p => p.Value).OfType<JValue>() ?? Enumerable.Empty<JValue>())
        {
            if (reference.Value is not string target)
            {
                continue;
            }

            var hash = target.IndexOf('#');
            var file = hash < 0 ? target : target.Substring(0, hash);
            var pointer = hash < 0 ? string.Empty : target.Substring(hash + 1);
            var unresolvable = target.Contains("://")
                || (file.Length > 0 && !_documents.Contains(file))
                || (file.Length == 0 && pointer.StartsWith("/definitions/", StringComparison.Ordinal) && root!.SelectToken("definitions")?[pointer.Substring("/definitions/".Length)] is null);
            if (unresolvable)
            {
                return new SpecLocation(Reference: target);
            }
        }

        return null;
    }
}
