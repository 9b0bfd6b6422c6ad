using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// The System.Text.Json and BCL types the raw-JSON trace recognises, resolved once per compilation, so a type
/// is recognised by its symbol rather than by its name (a user's own <c>JsonElement</c> is not Salla's JSON).
/// </summary>
internal sealed class JsonSymbols
{
    private JsonSymbols(Compilation compilation)
    {
        JsonElement = compilation.GetTypeByMetadataName("System.Text.Json.JsonElement");
        JsonDocument = compilation.GetTypeByMetadataName("System.Text.Json.JsonDocument");
        JsonProperty = compilation.GetTypeByMetadataName("System.Text.Json.JsonProperty");
        JsonObject = compilation.GetTypeByMetadataName("System.Text.Json.Nodes.JsonObject");
        Enumerable = compilation.GetTypeByMetadataName("System.Linq.Enumerable");
        Encoding = compilation.GetTypeByMetadataName("System.Text.Encoding");
        Memory = compilation.GetTypeByMetadataName("System.Memory`1");
        ReadOnlyMemory = compilation.GetTypeByMetadataName("System.ReadOnlyMemory`1");
        JsonNamespace = JsonElement?.ContainingNamespace;
        NodesNamespace = compilation.GetTypeByMetadataName("System.Text.Json.Nodes.JsonNode")?.ContainingNamespace;
    }

    public INamedTypeSymbol? JsonElement { get; }

    public INamedTypeSymbol? JsonDocument { get; }

    public INamedTypeSymbol? JsonProperty { get; }

    public INamedTypeSymbol? JsonObject { get; }

    public INamedTypeSymbol? Enumerable { get; }

    public INamedTypeSymbol? Encoding { get; }

    private INamedTypeSymbol? Memory { get; }

    private INamedTypeSymbol? ReadOnlyMemory { get; }

    private INamespaceSymbol? JsonNamespace { get; }

    private INamespaceSymbol? NodesNamespace { get; }

    public static JsonSymbols From(Compilation compilation) => new(compilation);

    /// <summary>Whether <paramref name="type"/> is <paramref name="known"/> (its generic definition, for a constructed type).</summary>
    public static bool Is(ITypeSymbol? type, INamedTypeSymbol? known) =>
        type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>A <c>JsonElement</c> or <c>JsonElement?</c>.</summary>
    public bool IsJsonElement(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return Is(type, JsonElement);
    }

    /// <summary>A <c>Memory&lt;T&gt;</c> or <c>ReadOnlyMemory&lt;T&gt;</c>.</summary>
    public bool IsMemory(ITypeSymbol type) => Is(type, Memory) || Is(type, ReadOnlyMemory);

    /// <summary>A type of <c>System.Text.Json</c> itself.</summary>
    public bool InJsonNamespace(ITypeSymbol? type) => InNamespace(type, JsonNamespace);

    /// <summary>A type of <c>System.Text.Json.Nodes</c>.</summary>
    public bool InNodesNamespace(ITypeSymbol? type) => InNamespace(type, NodesNamespace);

    private static bool InNamespace(ITypeSymbol? type, INamespaceSymbol? ns) =>
        type is not null && ns is not null && SymbolEqualityComparer.Default.Equals(type.ContainingNamespace, ns);
}
