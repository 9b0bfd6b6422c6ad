namespace Salla.Codegen.Generator.Model;

/// <summary>What a consumer set through MSBuild properties (<c>SallaCodegenNamespace</c>, <c>SallaCodegenVisibility</c>, <c>SallaCodegenEvents</c>).</summary>
internal sealed record GeneratorOptions(string Namespace, bool IsPublic, EquatableArray<string> EventFilter)
{
    public const string DefaultNamespace = "Salla.Events";

    public static readonly GeneratorOptions Default = new(DefaultNamespace, true, EquatableArray<string>.Empty);

    public string Visibility => IsPublic ? "public" : "internal";
}

/// <summary>One object type to emit, with the options it is emitted under.</summary>
internal sealed record TypeToEmit(TypeSpec Type, GeneratorOptions Options);

/// <summary>One event class and handler interface to emit.</summary>
internal sealed record EventToEmit(EventSpec Event, GeneratorOptions Options);

/// <summary>The event catalogue and dispatcher to emit.</summary>
internal sealed record CatalogueToEmit(EquatableArray<EventSpec> Events, GeneratorOptions Options);
