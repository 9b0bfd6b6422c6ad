using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Generator.Diagnostics;

/// <summary>The diagnostics the generator reports about specs and options.</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "Salla.Codegen";

    public static readonly DiagnosticDescriptor InvalidSpec = new(
        "SALLA001",
        "A Salla spec cannot be used",
        "{0}",
        Category,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A *.salla.json file (or a built-in spec) is not valid JSON, not readable as JSON Schema, or breaks the spec conventions; the types it describes are not generated.",
        helpLinkUri: HelpLink("SALLA001"));

    public static readonly DiagnosticDescriptor UnknownEventInFilter = new(
        "SALLA002",
        "SallaCodegenEvents names no known event",
        "SallaCodegenEvents names '{0}', which matches no documented or user-specified Salla event",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An entry of the SallaCodegenEvents MSBuild property matches no event, so nothing is generated for it; check its spelling.",
        helpLinkUri: HelpLink("SALLA002"));

    public static string HelpLink(string id) => $"https://github.com/salla-codegen/salla-codegen/blob/main/docs/diagnostics/{id}.md";
}
