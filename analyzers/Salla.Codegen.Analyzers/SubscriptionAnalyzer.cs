using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA101: an event listed in <c>[assembly: SallaSubscriptions(...)]</c> that no class handles.
/// SALLA102: a handler for an event the declaration does not list.
/// SALLA302: subscribing to or handling an event the specs mark deprecated.
/// All live: 101 and 302 (subscription) run on the attribute's syntax, 102 and 302 (handler) on the
/// handler's symbol; what the rest of the compilation holds comes from a per-compilation index.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SubscriptionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property under which SALLA101 carries the subscribed event name, for the code fix.</summary>
    public const string EventNameKey = "EventName";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        SallaDiagnostics.UnhandledSubscribedEvent,
        SallaDiagnostics.HandlerForUnsubscribedEvent,
        SallaDiagnostics.DeprecatedEvent);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SallaSymbols.From(start.Compilation);
            if (!symbols.IsSallaProject || symbols.EventHandlerOfT is null)
            {
                return;
            }

            var index = SallaEventIndex.For(start.Compilation, symbols, start.Options);
            start.RegisterSyntaxNodeAction(c => AnalyzeAttribute(c, index), SyntaxKind.Attribute);
            start.RegisterSymbolAction(c => AnalyzeType(c, index), SymbolKind.NamedType);
        });
    }

    private static void AnalyzeAttribute(SyntaxNodeAnalysisContext context, SallaEventIndex index)
    {
        var attribute = (AttributeSyntax)context.Node;
        if (!index.IsSubscriptionsAttribute(attribute, context.SemanticModel, context.CancellationToken))
        {
            return;
        }

        var specs = index.GetSpecs(context.CancellationToken);
        foreach (var (syntax, name) in SallaEventIndex.SubscribedArguments(attribute, context.SemanticModel, context.CancellationToken))
        {
            if (specs.Events.TryGetValue(name, out var spec) && spec.Deprecation is { } deprecation)
            {
                context.ReportDiagnostic(DeprecatedEvent(syntax.GetLocation(), name, deprecation));
            }

            if (index.GetEvent(name, context.CancellationToken) is { } generated && !index.IsHandled(name, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    SallaDiagnostics.UnhandledSubscribedEvent,
                    syntax.GetLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(EventNameKey, name),
                    name,
                    generated.HandlerDisplayName));
            }
        }
    }

    private static void AnalyzeType(SymbolAnalysisContext context, SallaEventIndex index)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (!SallaEventIndex.IsHandlerCandidate(type) || type.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
        {
            return;
        }

        var handled = index.OwnHandledEvents(type);
        if (handled.Count == 0)
        {
            return;
        }

        var specs = index.GetSpecs(context.CancellationToken);
        var subscriptions = index.GetSubscriptions(context.CancellationToken);
        foreach (var name in handled)
        {
            if (specs.Events.TryGetValue(name, out var spec) && spec.Deprecation is { } deprecation)
            {
                context.ReportDiagnostic(DeprecatedEvent(location, name, deprecation));
            }

            if (subscriptions is not null && !subscriptions.Contains(name))
            {
                context.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.HandlerForUnsubscribedEvent, location, type.Name, name));
            }
        }
    }

    private static Diagnostic DeprecatedEvent(Location location, string name, SallaEventDeprecation deprecation)
    {
        var replacements = deprecation.ReplacedBy.Length > 0
            ? string.Join(", ", deprecation.ReplacedBy)
            : deprecation.Note ?? "the events the specs name instead";
        return Diagnostic.Create(SallaDiagnostics.DeprecatedEvent, location, name, deprecation.Since, replacements);
    }
}
