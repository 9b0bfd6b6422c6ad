using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA103: a <c>switch</c> (statement or expression) over Salla events without a default that misses
/// events. Two shapes count: type patterns on the generated event types over a <c>SallaEvent</c> value,
/// and string cases that are Salla event names (the <c>SallaEvents</c> constants or literals). Missing
/// is measured against the subscribed events when the project declares them, else against every
/// generated event; a name no spec knows (SALLA301's typo) is neither missing nor covered. The missing
/// names travel in the diagnostic's properties, so the code fix adds exactly what the message lists.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EventSwitchAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property under which the diagnostic carries every missing event, comma-separated, in ordinal order.</summary>
    public const string MissingEventsKey = "MissingEvents";

    /// <summary>How many missing events the message names before it summarises the rest.</summary>
    internal const int ListedInMessage = 10;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.IncompleteEventSwitch);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SallaSymbols.From(start.Compilation);
            if (!symbols.IsSallaProject || symbols.SallaEvent is null)
            {
                return;
            }

            var index = SallaEventIndex.For(start.Compilation, symbols, start.Options);
            start.RegisterOperationAction(c => AnalyzeSwitch(c, index), OperationKind.Switch);
            start.RegisterOperationAction(c => AnalyzeSwitchExpression(c, index), OperationKind.SwitchExpression);
        });
    }

    private static void AnalyzeSwitch(OperationAnalysisContext context, SallaEventIndex index)
    {
        var operation = (ISwitchOperation)context.Operation;
        if (operation.Syntax is not SwitchStatementSyntax syntax || !IsCandidate(operation.Value, index))
        {
            return;
        }

        var coverage = new Coverage(operation.Value, index, context.CancellationToken);
        foreach (var clause in operation.Cases.SelectMany(c => c.Clauses))
        {
            switch (clause)
            {
                case IDefaultCaseClauseOperation:
                    return;
                case ISingleValueCaseClauseOperation single:
                    coverage.AddConstant(single.Value, covers: true);
                    break;
                case IPatternCaseClauseOperation pattern:
                    coverage.AddPattern(pattern.Pattern, covers: pattern.Guard is null);
                    break;
            }
        }

        Report(context, coverage, index, syntax.SwitchKeyword.GetLocation());
    }

    private static void AnalyzeSwitchExpression(OperationAnalysisContext context, SallaEventIndex index)
    {
        var operation = (ISwitchExpressionOperation)context.Operation;
        if (operation.Syntax is not SwitchExpressionSyntax syntax || !IsCandidate(operation.Value, index))
        {
            return;
        }

        var coverage = new Coverage(operation.Value, index, context.CancellationToken);
        foreach (var arm in operation.Arms)
        {
            coverage.AddPattern(arm.Pattern, covers: arm.Guard is null);
        }

        Report(context, coverage, index, syntax.SwitchKeyword.GetLocation());
    }

    /// <summary>Cheap first test: only switches over a string or a Salla event value can qualify.</summary>
    private static bool IsCandidate(IOperation value, SallaEventIndex index) =>
        value.Type is { } type && (type.SpecialType == SpecialType.System_String || SallaSymbols.DerivesFrom(type, index.Symbols.SallaEvent));

    private static void Report(OperationAnalysisContext context, Coverage coverage, SallaEventIndex index, Location location)
    {
        if (coverage.HasDefault || !coverage.MentionsEvent)
        {
            return;
        }

        var cancellationToken = context.CancellationToken;
        var events = index.GetEvents(cancellationToken);
        IEnumerable<string> candidates = (IEnumerable<string>?)index.GetSubscriptions(cancellationToken) ?? events.Keys;
        List<string> missing;
        if (coverage.IsStringSwitch)
        {
            if (!coverage.ReadsEnvelopeName && coverage.OtherStrings.Any(s => !index.IsEventName(s, cancellationToken)))
            {
                // Some case is not an event name: a switch over something else that happens to share a name.
                return;
            }

            // A subscribed name the specs do not know is a typo SALLA301 reports: no case could ever match it.
            missing = candidates.Where(n => !coverage.Names.Contains(n) && index.IsEventName(n, cancellationToken)).ToList();
        }
        else
        {
            missing = candidates
                .Where(n => events.TryGetValue(n, out var generated) && coverage.CanBe(generated.EventType) && !coverage.Covers(generated.EventType))
                .ToList();
        }

        if (missing.Count == 0)
        {
            return;
        }

        missing.Sort(StringComparer.Ordinal);
        var listed = string.Join(", ", missing.Take(ListedInMessage));
        if (missing.Count > ListedInMessage)
        {
            listed += $" and {missing.Count - ListedInMessage} more";
        }

        context.ReportDiagnostic(Diagnostic.Create(
            SallaDiagnostics.IncompleteEventSwitch,
            location,
            ImmutableDictionary<string, string?>.Empty.Add(MissingEventsKey, string.Join(",", missing)),
            listed));
    }

    /// <summary>What the cases of one switch match.</summary>
    private sealed class Coverage
    {
        private readonly SallaEventIndex _index;
        private readonly CancellationToken _cancellationToken;
        private readonly ITypeSymbol? _input;
        private readonly List<ITypeSymbol> _coveredTypes = new();

        public Coverage(IOperation value, SallaEventIndex index, CancellationToken cancellationToken)
        {
            _index = index;
            _cancellationToken = cancellationToken;
            _input = value.Type;
            IsStringSwitch = _input?.SpecialType == SpecialType.System_String;
            IsEventSwitch = !IsStringSwitch && SallaSymbols.DerivesFrom(_input, index.Symbols.SallaEvent);
            ReadsEnvelopeName = IsEnvelopeName(value, index.Symbols);
        }

        /// <summary>Whether the switch is over a string (event names) rather than over an event value.</summary>
        public bool IsStringSwitch { get; }

        /// <summary>Whether the switch is over a value of a <c>SallaEvent</c> type.</summary>
        public bool IsEventSwitch { get; }

        /// <summary>Whether the switched string is the envelope's event name (<c>e.Event</c>, <c>SallaDispatch.ReadEventName</c>).</summary>
        public bool ReadsEnvelopeName { get; }

        public bool HasDefault { get; private set; }

        /// <summary>Whether some case is a Salla event (a generated event type, or a string that is an event name).</summary>
        public bool MentionsEvent { get; private set; }

        /// <summary>Event names a string case matches unconditionally.</summary>
        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        /// <summary>Every string constant of the cases, guarded or not.</summary>
        public List<string> OtherStrings { get; } = new();

        public void AddConstant(IOperation value, bool covers)
        {
            if (!IsStringSwitch || value.ConstantValue is not { HasValue: true, Value: string name })
            {
                return;
            }

            OtherStrings.Add(name);
            if (_index.IsEventName(name, _cancellationToken))
            {
                MentionsEvent = true;
                if (covers)
                {
                    Names.Add(name);
                }
            }
        }

        public void AddPattern(IPatternOperation pattern, bool covers)
        {
            switch (pattern)
            {
                case IDiscardPatternOperation:
                    HasDefault |= covers;
                    break;
                case IDeclarationPatternOperation declaration:
                    if (declaration.MatchesNull)
                    {
                        HasDefault |= covers; // var x
                    }
                    else
                    {
                        AddType(declaration.MatchedType, covers);
                    }

                    break;
                case ITypePatternOperation type:
                    AddType(type.MatchedType, covers);
                    break;
                case IRecursivePatternOperation recursive:
                    // OrderCreatedEvent { } covers the type; OrderCreatedEvent { Data: null } only mentions it.
                    var complete = recursive.DeconstructionSubpatterns.IsEmpty && recursive.PropertySubpatterns.IsEmpty;
                    AddType(recursive.MatchedType, covers && complete);
                    break;
                case IConstantPatternOperation constant:
                    AddConstant(constant.Value, covers);
                    break;
                case IBinaryPatternOperation binary:
                    // A or B covers both; A and B covers neither for sure.
                    var both = covers && binary.OperatorKind == BinaryOperatorKind.Or;
                    AddPattern(binary.LeftPattern, both);
                    AddPattern(binary.RightPattern, both);
                    break;
                case INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: null } } }:
                    HasDefault |= covers; // not null
                    break;
            }
        }

        /// <summary>Whether a value of the switched type can be <paramref name="eventType"/>.</summary>
        public bool CanBe(INamedTypeSymbol eventType) => IsEventSwitch && IsOrDerives(eventType, _input);

        public bool Covers(INamedTypeSymbol eventType) => _coveredTypes.Any(t => IsOrDerives(eventType, t));

        private void AddType(ITypeSymbol? type, bool covers)
        {
            if (type is null || !IsEventSwitch)
            {
                return;
            }

            if (_index.Symbols.EventNameOf(type) is not null)
            {
                MentionsEvent = true;
            }

            if (!covers)
            {
                return;
            }

            if (IsOrDerives(_input, type))
            {
                HasDefault = true; // SallaEvent e, object o: matches every event
            }
            else
            {
                _coveredTypes.Add(type);
            }
        }

        private static bool IsOrDerives(ITypeSymbol? type, ITypeSymbol? baseType)
        {
            for (var current = type; current is not null && baseType is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsEnvelopeName(IOperation value, SallaSymbols symbols)
        {
            while (value is IConversionOperation conversion)
            {
                value = conversion.Operand;
            }

            return value switch
            {
                IPropertyReferenceOperation property => property.Property.Name == "Event"
                    && SallaSymbols.DerivesFrom(property.Property.ContainingType, symbols.SallaEvent),
                IInvocationOperation invocation => invocation.TargetMethod.Name == "ReadEventName"
                    && invocation.TargetMethod.ContainingType is { Name: "SallaDispatch", ContainingNamespace: var ns }
                    && SymbolEqualityComparer.Default.Equals(ns, symbols.SallaObject?.ContainingNamespace),
                _ => false,
            };
        }
    }
}
