using System.Threading;
using System.Threading.Tasks;
using NJsonSchema;
using NJsonSchema.References;

namespace Salla.Codegen.Generator.Parsing;

/// <summary>
/// Resolves <c>other.schema.json#/definitions/X</c> from the documents in memory: a generator may
/// not touch the file system, and every spec it needs is embedded or passed as an additional file.
/// </summary>
internal sealed class InMemoryReferenceResolver : JsonReferenceResolver
{
    private readonly SpecLoadSession _session;

    public InMemoryReferenceResolver(JsonSchema root, SpecLoadSession session)
        : base(new JsonSchemaAppender(root, new DefaultTypeNameGenerator()))
    {
        _session = session;
    }

    public override Task<IJsonReference> ResolveFileReferenceAsync(string filePath, CancellationToken cancellationToken = default) =>
        Task.FromResult<IJsonReference>(_session.Load(System.IO.Path.GetFileName(filePath)));

    public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default) =>
        throw new SpecException($"'{url}' is a URL; a spec may reference only other spec files by name, such as common.schema.json#/definitions/Money", new SpecLocation(Reference: url));
}
