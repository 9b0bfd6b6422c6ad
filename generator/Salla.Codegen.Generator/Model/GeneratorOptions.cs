namespace Salla.Codegen.Generator.Model;

/// <summary>What a consumer set through MSBuild properties (<c>SallaCodegenNamespace</c>, <c>SallaCodegenVisibility</c>, <c>SallaCodegenEvents</c>).</summary>
internal sealed record GeneratorOptions(string Namespace, bool IsPublic, EquatableArray<string> EventFilter)
{
    public static readonly GeneratorOptions Default = new(Diagnostics.SallaBuildProperties.DefaultNamespace, true, EquatableArray<string>.Empty);

    public string Visibility => IsPublic ? "public" : "internal";
}
