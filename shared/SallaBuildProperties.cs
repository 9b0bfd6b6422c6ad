using Microsoft.CodeAnalysis.Diagnostics;

namespace Salla.Codegen.Generator.Diagnostics;

/// <summary>
/// The MSBuild properties the package makes compiler-visible (<c>buildTransitive/Salla.Codegen.props</c>), read the
/// same way by the generator and the analyzers.
/// </summary>
internal static class SallaBuildProperties
{
    public const string Namespace = "build_property.SallaCodegenNamespace";
    public const string Visibility = "build_property.SallaCodegenVisibility";
    public const string Events = "build_property.SallaCodegenEvents";

    /// <summary>The namespace of the generated types when <c>SallaCodegenNamespace</c> is not set.</summary>
    public const string DefaultNamespace = "Salla.Events";

    /// <summary>The property's value, trimmed; null when it is not set or blank.</summary>
    public static string? Read(AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The namespace the generated types are in.</summary>
    public static string ReadNamespace(AnalyzerConfigOptions options) => Read(options, Namespace) ?? DefaultNamespace;
}
