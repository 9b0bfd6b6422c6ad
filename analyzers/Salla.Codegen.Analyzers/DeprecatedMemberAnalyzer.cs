using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA201: reading a generated member that Salla deprecated. Driven by the [SallaDeprecated]
/// attribute the generator puts on the member from the specs, so no field list lives here.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeprecatedMemberAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name under which the diagnostic carries the replacement path, for the code fix.</summary>
    public const string ReplacementKey = "Replacement";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.DeprecatedMember);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SallaSymbols.From(start.Compilation);
            if (symbols.DeprecatedAttribute is null || symbols.SallaObject is null)
            {
                return;
            }

            start.RegisterOperationAction(c => Analyze(c, symbols), OperationKind.PropertyReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, SallaSymbols symbols)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;

        // Most property reads in a project are of other types (string.Length, List<T>.Count): a base-type walk
        // rules them out without decoding their attributes.
        if (!SallaSymbols.DerivesFrom(reference.Property.ContainingType, symbols.SallaObject) || symbols.DeprecationOf(reference.Property) is not { } deprecation)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(ReplacementKey, deprecation.Replacement);
        context.ReportDiagnostic(Diagnostic.Create(
            SallaDiagnostics.DeprecatedMember,
            reference.Syntax.GetLocation(),
            properties,
            reference.Property.ContainingType.Name + "." + reference.Property.Name,
            deprecation.Since,
            deprecation.Replacement));
    }
}
