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
/// SALLA104: code names the event class or handler interface of an event the project does not generate
/// (<c>ProductCreatedEvent</c>, <c>IProductCreatedHandler</c>). The compiler says only that the type is not found; this
/// says which event it belongs to and the one line that generates it. An event is known by its <c>SallaEvents</c>
/// constant, which the generator writes for every event of the specs, generated or not.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NotGeneratedEventTypeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property under which the diagnostic carries the <c>SallaEvents</c> constant to subscribe to.</summary>
    public const string ConstantKey = "Constant";

    /// <summary>Property under which the diagnostic carries the event name.</summary>
    public const string EventKey = "Event";

    /// <summary>Property set when the <c>SallaCodegenEvents</c> property, not the subscriptions, chooses what is generated.</summary>
    public const string PropertyKey = "ChosenByProperty";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.EventTypeNotGenerated);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var global = start.Options.AnalyzerConfigOptionsProvider.GlobalOptions;
            var ns = global.TryGetValue("build_property.SallaCodegenNamespace", out var n) && !string.IsNullOrWhiteSpace(n) ? n.Trim() : "Salla.Events";
            var missing = MissingTypes(start.Compilation, ns);
            if (missing.Count == 0)
            {
                return;
            }

            var byProperty = global.TryGetValue("build_property.SallaCodegenEvents", out var filter) && !string.IsNullOrWhiteSpace(filter);
            start.RegisterSyntaxNodeAction(
                node =>
                {
                    var identifier = (IdentifierNameSyntax)node.Node;
                    if (!missing.TryGetValue(identifier.Identifier.ValueText, out var owner)
                        || node.SemanticModel.GetSymbolInfo(identifier, node.CancellationToken) is not { Symbol: null, CandidateSymbols.IsEmpty: true })
                    {
                        return;
                    }

                    var remedy = byProperty
                        ? $"add '{owner.Event}' to the SallaCodegenEvents property"
                        : $"add SallaEvents.{owner.Constant} to [assembly: SallaSubscriptions(...)]";
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(ConstantKey, owner.Constant)
                        .Add(EventKey, owner.Event);
                    if (byProperty)
                    {
                        properties = properties.Add(PropertyKey, "true");
                    }

                    node.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.EventTypeNotGenerated, identifier.GetLocation(), properties, identifier.Identifier.ValueText, owner.Event, remedy));
                },
                SyntaxKind.IdentifierName);
        });
    }

    /// <summary>
    /// The class and interface names of every event <c>SallaEvents</c> has a constant for and the compilation has no
    /// event class of; empty when the project generates (or references) every event, or none at all.
    /// </summary>
    private static Dictionary<string, (string Event, string Constant)> MissingTypes(Compilation compilation, string ns)
    {
        var missing = new Dictionary<string, (string Event, string Constant)>(StringComparer.Ordinal);
        if (compilation.GetTypeByMetadataName(ns + ".SallaEvents") is not { } catalogue)
        {
            return missing;
        }

        foreach (var constant in catalogue.GetMembers().OfType<IFieldSymbol>())
        {
            if (constant is { IsConst: true, DeclaredAccessibility: Accessibility.Public, ConstantValue: string name }
                && compilation.GetTypeByMetadataName(ns + "." + constant.Name + "Event") is null)
            {
                missing[constant.Name + "Event"] = (name, constant.Name);
                missing["I" + constant.Name + "Handler"] = (name, constant.Name);
            }
        }

        return missing;
    }
}
