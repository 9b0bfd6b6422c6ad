using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA301: a string used as a Salla event name that no spec (built-in or the project's
/// <c>*.salla.json</c>) defines. Checked where a string can only mean an event name:
/// <list type="bullet">
/// <item>arguments of <c>[assembly: SallaSubscriptions(...)]</c>;</item>
/// <item>comparisons with the envelope's name (<c>e.Event == "..."</c>, <c>string.Equals(e.Event, "...")</c>,
/// <c>e.Event.Equals("...")</c>, <c>switch (e.Event)</c> labels, <c>e.Event is "..."</c>, <c>{ Event: "..." }</c>);</item>
/// <item>arguments for a parameter marked <c>[SallaEventName]</c> (a <c>string</c>, or a <c>string[]</c> of names):
/// the runtime's and the generated API's, such as <c>SallaEvents.Find(string)</c>, and the user's own;</item>
/// <item>comparisons with a member marked <c>[SallaEventName]</c>.</item>
/// </list>
/// Only literals and constants declared in this project are checked: a constant from a referenced
/// assembly comes from a build that knew its own specs. The known names are those the generator recorded
/// (<see cref="SallaSpecFacts"/>); a project where it recorded none is not checked.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EventNameAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Property name under which the diagnostic carries the suggested event name, when there is one.</summary>
    public const string SuggestionKey = "Suggestion";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.UnknownEventName);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SallaSymbols.From(start.Compilation);
            if (symbols.SallaEvent is null)
            {
                return;
            }

            var specs = SallaEventIndex.For(start.Compilation, symbols, start.Options).GetSpecs(start.CancellationToken);
            if (specs.Events.IsEmpty)
            {
                // Nothing generated, here or in a reference: every name would look unknown.
                return;
            }

            var analysis = new Analysis(symbols, specs);
            start.RegisterOperationAction(analysis.AnalyzeArgument, OperationKind.Argument);
            start.RegisterOperationAction(analysis.AnalyzeBinary, OperationKind.Binary);
            start.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(analysis.AnalyzeConstantPattern, OperationKind.ConstantPattern);
            start.RegisterOperationAction(analysis.AnalyzeCaseClause, OperationKind.CaseClause);
        });
    }

    private sealed class Analysis
    {
        private readonly SallaSymbols _symbols;
        private readonly SallaSpecFacts _index;
        private readonly ImmutableDictionary<string, SallaKnownEvent> _known;

        public Analysis(SallaSymbols symbols, SallaSpecFacts index)
        {
            _symbols = symbols;
            _index = index;
            _known = index.Events;
        }

        /// <summary>An argument for an event-name parameter (attribute arguments included).</summary>
        public void AnalyzeArgument(OperationAnalysisContext context)
        {
            var argument = (IArgumentOperation)context.Operation;
            var parameter = argument.Parameter;
            if (parameter is null || !_symbols.IsMarkedEventName(parameter))
            {
                return;
            }

            if (parameter.Type.SpecialType == SpecialType.System_String)
            {
                Check(context, argument.Value, ignoreCase: false);
            }
            else if (parameter.Type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
                && Strip(argument.Value) is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    Check(context, element, ignoreCase: false);
                }
            }
        }

        /// <summary><c>e.Event == "..."</c> and <c>!=</c>, either way round.</summary>
        public void AnalyzeBinary(OperationAnalysisContext context)
        {
            var binary = (IBinaryOperation)context.Operation;
            if (binary.OperatorKind is not (BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals))
            {
                return;
            }

            if (IsEventName(binary.LeftOperand))
            {
                Check(context, binary.RightOperand, ignoreCase: false);
            }
            else if (IsEventName(binary.RightOperand))
            {
                Check(context, binary.LeftOperand, ignoreCase: false);
            }
        }

        /// <summary><c>string.Equals(e.Event, "...")</c> and <c>e.Event.Equals("...")</c>, with or without a <see cref="StringComparison"/>.</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name != nameof(string.Equals) || method.ContainingType.SpecialType != SpecialType.System_String)
            {
                return;
            }

            IOperation? first;
            IOperation? second;
            if (method.IsStatic)
            {
                if (invocation.Arguments.Length < 2)
                {
                    return;
                }

                first = invocation.Arguments[0].Value;
                second = invocation.Arguments[1].Value;
            }
            else
            {
                if (invocation.Arguments.Length < 1)
                {
                    return;
                }

                first = invocation.Instance;
                second = invocation.Arguments[0].Value;
            }

            var ignoreCase = false;
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.Type?.Name == nameof(StringComparison) && argument.Value.ConstantValue is { HasValue: true, Value: int comparison })
                {
                    ignoreCase = ((StringComparison)comparison).ToString().EndsWith("IgnoreCase", StringComparison.Ordinal);
                }
            }

            if (first is not null && IsEventName(first))
            {
                Check(context, second, ignoreCase);
            }
            else if (IsEventName(second))
            {
                Check(context, first, ignoreCase);
            }
        }

        /// <summary>A constant pattern matched against the event name: <c>is "..."</c>, switch arms and labels, <c>{ Event: "..." }</c>.</summary>
        public void AnalyzeConstantPattern(OperationAnalysisContext context)
        {
            var pattern = (IConstantPatternOperation)context.Operation;
            if (PatternInput(pattern) is { } input && IsEventName(input))
            {
                Check(context, pattern.Value, ignoreCase: false);
            }
        }

        /// <summary><c>case "...":</c> in a <c>switch (e.Event)</c> statement.</summary>
        public void AnalyzeCaseClause(OperationAnalysisContext context)
        {
            if (context.Operation is ISingleValueCaseClauseOperation clause
                && clause.Parent?.Parent is ISwitchOperation @switch
                && IsEventName(@switch.Value))
            {
                Check(context, clause.Value, ignoreCase: false);
            }
        }

        private void Check(OperationAnalysisContext context, IOperation? value, bool ignoreCase)
        {
            if (value is null || EventNameConstant(value) is not { } name || IsKnown(name, ignoreCase))
            {
                return;
            }

            var suggestion = _index.Suggest(name);
            var properties = suggestion is null
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty.Add(SuggestionKey, suggestion);
            context.ReportDiagnostic(Diagnostic.Create(
                SallaDiagnostics.UnknownEventName,
                value.Syntax.GetLocation(),
                properties,
                name,
                suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)"));
        }

        private bool IsKnown(string name, bool ignoreCase)
        {
            if (_known.ContainsKey(name))
            {
                return true;
            }

            if (ignoreCase)
            {
                foreach (var known in _known.Keys)
                {
                    if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// The event name a value spells: a string literal, or a constant declared in this project's
        /// source. Null for anything else (computed strings, constants from referenced assemblies).
        /// </summary>
        private static string? EventNameConstant(IOperation value)
        {
            var stripped = Strip(value);
            switch (stripped)
            {
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } }:
                    return literal;
                case IFieldReferenceOperation { Field: { IsConst: true, ConstantValue: string constant } field } when IsInSource(field):
                    return constant;
                case ILocalReferenceOperation { Local: { IsConst: true, ConstantValue: string local } }:
                    return local;
                default:
                    return null;
            }
        }

        private static bool IsInSource(ISymbol symbol)
        {
            foreach (var location in symbol.Locations)
            {
                if (location.IsInSource)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a value is an event name: a member or a method's return marked <c>[SallaEventName]</c>
        /// (<c>SallaEvent.Event</c>, <c>SallaEventInfo.Name</c>, <c>SallaDispatch.ReadEventName(...)</c>, …).
        /// </summary>
        private bool IsEventName(IOperation? value)
        {
            var stripped = Strip(value);
            var member = stripped switch
            {
                IPropertyReferenceOperation reference => reference.Property,
                IFieldReferenceOperation reference => reference.Field,
                IInvocationOperation invocation => invocation.TargetMethod,
                _ => (ISymbol?)null,
            };
            return member is not null && _symbols.IsMarkedEventName(member);
        }

        /// <summary>The value a pattern is matched against, through <c>and</c>/<c>or</c>/<c>not</c>.</summary>
        private static IOperation? PatternInput(IPatternOperation pattern)
        {
            IOperation current = pattern;
            while (true)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IBinaryPatternOperation:
                    case INegatedPatternOperation:
                        current = parent;
                        continue;
                    case IIsPatternOperation isPattern:
                        return isPattern.Value;
                    case ISwitchExpressionArmOperation arm:
                        return (arm.Parent as ISwitchExpressionOperation)?.Value;
                    case IPatternCaseClauseOperation clause:
                        return (clause.Parent?.Parent as ISwitchOperation)?.Value;
                    case IPropertySubpatternOperation subpattern:
                        return subpattern.Member;
                    default:
                        return null;
                }
            }
        }

        private static IOperation? Strip(IOperation? operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }
    }
}
