using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA104: code names the event class or handler interface of an event the <c>SallaCodegenEvents</c> property leaves
/// out (<c>ProductCreatedEvent</c>, <c>IProductCreatedHandler</c>). The compiler says only that the type is not found;
/// this says which event it belongs to and what to add. Without the property the generator generates every event the
/// code names, so there is nothing to report. An event is known by its <c>SallaEvents</c> constant, which the generator
/// writes for every event of the specs, generated or not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotGeneratedEventTypeAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.EventTypeNotGenerated);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var global = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            if (SallaBuildProperties.Read(global, SallaBuildProperties.Events) is null)
            {
                return;
            }

            var missing = MissingTypes(start.Compilation, SallaBuildProperties.ReadNamespace(global));
            if (missing.Count == 0)
            {
                return;
            }

            start.RegisterSyntaxNodeAction(
                node =>
                {
                    var identifier = (IdentifierNameSyntax)node.Node;
                    if (!missing.TryGetValue(identifier.Identifier.ValueText, out var eventName)
                        || node.SemanticModel.GetSymbolInfo(identifier, node.CancellationToken) is not { Symbol: null, CandidateSymbols.IsEmpty: true })
                    {
                        return;
                    }

                    node.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.EventTypeNotGenerated, identifier.GetLocation(), identifier.Identifier.ValueText, eventName));
                },
                SyntaxKind.IdentifierName);
        });
    }

    /// <summary>
    /// The class and interface names of every event <c>SallaEvents</c> has a constant for and the compilation has no
    /// event class of; empty when the project generates (or references) every event, or none at all.
    /// </summary>
    private static Dictionary<string, string> MissingTypes(Compilation compilation, string ns)
    {
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        if (compilation.GetTypeByMetadataName(ns + ".SallaEvents") is not { } catalogue)
        {
            return missing;
        }

        foreach (var constant in catalogue.GetMembers().OfType<IFieldSymbol>())
        {
            if (constant is { IsConst: true, DeclaredAccessibility: Accessibility.Public, ConstantValue: string name }
                && compilation.GetTypeByMetadataName(ns + "." + constant.Name + "Event") is null)
            {
                missing[constant.Name + "Event"] = name;
                missing["I" + constant.Name + "Handler"] = name;
            }
        }

        return missing;
    }
}
