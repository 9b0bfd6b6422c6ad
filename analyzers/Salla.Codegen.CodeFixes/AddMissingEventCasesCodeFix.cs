using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Salla.Codegen.Analyzers;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.CodeFixes;

/// <summary>
/// SALLA103 fix: a case for each event the diagnostic lists as missing, in the switch's own style, that does what the
/// switch did for that event before: nothing.
/// <list type="bullet">
/// <item>A switch statement gets <c>case AppInstalledEvent: break;</c> (type patterns) or <c>case SallaEvents.AppInstalled: break;</c>
/// (string cases; a literal for an event without a generated constant).</item>
/// <item>A switch expression gets arms only when its value is a <c>ValueTask</c> or <c>Task</c>: <c>AppInstalledEvent =&gt; ValueTask.CompletedTask</c>.
/// For any other value no arm can be written that neither invents a result nor throws (failing the delivery), so no fix is offered.</item>
/// </list>
/// The missing names come from the diagnostic. An event that a misspelt case of the switch stands for gets no case of its own.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddMissingEventCasesCodeFix))]
[Shared]
public sealed class AddMissingEventCasesCodeFix : CodeFixProvider
{
    private const string Title = "Add cases for the missing events";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SallaDiagnostics.IncompleteEventSwitch.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(async (context, document, diagnostics) =>
        await AddCasesAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        var index = new SallaEventIndex(model.Compilation, SallaSymbols.From(model.Compilation), options: null);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, index, diagnostic, context.CancellationToken) is not null)
            {
                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => AddCasesAsync(document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: nameof(AddMissingEventCasesCodeFix)),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> AddCasesAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var index = new SallaEventIndex(model.Compilation, SallaSymbols.From(model.Compilation), options: null);
        var plans = new Dictionary<SyntaxNode, SwitchPlan>();
        foreach (var diagnostic in diagnostics)
        {
            if (Plan(root, model, index, diagnostic, cancellationToken) is { } plan)
            {
                plans[plan.Switch] = plan;
            }
        }

        if (plans.Count == 0)
        {
            return document;
        }

        var eol = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";

        // Rewritten innermost first, so a switch nested in another keeps its new cases when the outer one gets its own.
        var updated = root.ReplaceNodes(plans.Keys, (original, rewritten) => plans[original].Apply(rewritten, eol));
        var changed = document.WithSyntaxRoot(updated);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What to add to the switch a diagnostic is on, or null when the fix cannot add anything harmless.</summary>
    private static SwitchPlan? Plan(SyntaxNode root, SemanticModel model, SallaEventIndex index, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(EventSwitchAnalyzer.MissingEventsKey, out var list) || string.IsNullOrEmpty(list))
        {
            return null;
        }

        var names = list!.Split(',');
        var parent = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
        var typePatterns = ((CSharpParseOptions)root.SyntaxTree.Options).LanguageVersion >= LanguageVersion.CSharp9;
        switch (parent)
        {
            case SwitchStatementSyntax statement when statement.Sections.Count > 0
                && model.GetOperation(statement, cancellationToken) is ISwitchOperation operation:
            {
                var constants = operation.Cases.SelectMany(c => c.Clauses).SelectMany(ClauseConstants);
                var cases = Cases(operation.Value, names, Misspelt(constants, index, cancellationToken), index, cancellationToken);
                return cases.Count == 0 ? null : new SwitchPlan(statement, cases, completion: null, typePatterns);
            }

            case SwitchExpressionSyntax expression when expression.Arms.Count > 0
                && model.GetOperation(expression, cancellationToken) is ISwitchExpressionOperation operation
                && CompletedTaskOf(operation.Type) is { } completion:
            {
                var constants = operation.Arms.SelectMany(a => PatternConstants(a.Pattern));
                var cases = Cases(operation.Value, names, Misspelt(constants, index, cancellationToken), index, cancellationToken);
                return cases.Count == 0 ? null : new SwitchPlan(expression, cases, completion, typePatterns);
            }

            default:
                return null;
        }
    }

    /// <summary>
    /// For each missing name, what a case matches: the event type (a switch over an event) or the name (a switch over a string).
    /// A name that a misspelt case of the switch stands for (<paramref name="misspelt"/>) gets no case: SALLA301's fix corrects
    /// that case, and a second case for the same name would not compile.
    /// </summary>
    private static List<MissingCase> Cases(IOperation value, IReadOnlyList<string> names, ISet<string> misspelt, SallaEventIndex index, CancellationToken cancellationToken)
    {
        var cases = new List<MissingCase>();
        var overString = value.Type?.SpecialType == SpecialType.System_String;
        foreach (var name in names)
        {
            if (misspelt.Contains(name))
            {
                continue;
            }

            var generated = index.GetEvent(name, cancellationToken);
            if (overString)
            {
                cases.Add(new MissingCase(null, NameExpression(name, generated)));
            }
            else if (generated is not null)
            {
                cases.Add(new MissingCase(TypeSyntaxFor(generated.EventType), null));
            }
        }

        return cases;
    }

    /// <summary>The event names SALLA301 suggests for the case constants no spec knows: what those misspelt cases stand for.</summary>
    private static ISet<string> Misspelt(IEnumerable<string> constants, SallaEventIndex index, CancellationToken cancellationToken)
    {
        var misspelt = new HashSet<string>(StringComparer.Ordinal);
        foreach (var constant in constants)
        {
            if (!index.IsEventName(constant, cancellationToken) && index.GetSpecs(cancellationToken).Suggest(constant) is { } suggestion)
            {
                misspelt.Add(suggestion);
            }
        }

        return misspelt;
    }

    private static IEnumerable<string> ClauseConstants(ICaseClauseOperation clause) => clause switch
    {
        ISingleValueCaseClauseOperation { Value.ConstantValue: { HasValue: true, Value: string value } } => new[] { value },
        IPatternCaseClauseOperation pattern => PatternConstants(pattern.Pattern),
        _ => Array.Empty<string>(),
    };

    /// <summary>The string constants a pattern compares with, through <c>or</c>, <c>and</c> and <c>not</c>.</summary>
    private static IEnumerable<string> PatternConstants(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: string value } } => new[] { value },
        IBinaryPatternOperation binary => PatternConstants(binary.LeftPattern).Concat(PatternConstants(binary.RightPattern)),
        INegatedPatternOperation negated => PatternConstants(negated.Pattern),
        _ => Array.Empty<string>(),
    };

    /// <summary>The generated <c>SallaEvents</c> constant of the name when there is one, else the literal.</summary>
    private static ExpressionSyntax NameExpression(string name, SallaGeneratedEvent? generated)
    {
        var constants = generated?.EventType.ContainingNamespace.GetTypeMembers("SallaEvents").FirstOrDefault();
        var constant = constants?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.IsConst && f.ConstantValue is string value && value == name);
        if (constants is null || constant is null)
        {
            return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name));
        }

        return SyntaxFactory.ParseExpression(constants.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + constant.Name)
            .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary><c>ValueTask.CompletedTask</c> or <c>Task.CompletedTask</c> when the switch expression's value is one of those, else null.</summary>
    private static ExpressionSyntax? CompletedTaskOf(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { Arity: 0, Name: "ValueTask" or "Task" } named
            || named.ContainingNamespace?.ToDisplayString() != "System.Threading.Tasks"
            || !named.GetMembers("CompletedTask").Any(m => m is IPropertySymbol { IsStatic: true }))
        {
            return null;
        }

        return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeSyntaxFor(named), SyntaxFactory.IdentifierName("CompletedTask"));
    }

    private static TypeSyntax TypeSyntaxFor(ITypeSymbol type) =>
        SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    /// <summary>The whitespace a node's line starts with, when the node starts its line.</summary>
    private static string? LineIndentation(SyntaxNode node)
    {
        var previous = node.GetFirstToken().GetPreviousToken();
        var leading = node.GetLeadingTrivia();
        var startsLine = previous == default || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) || leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (!startsLine)
        {
            return null;
        }

        return string.Concat(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse().Select(t => t.ToString()));
    }

    /// <summary>One missing event: the type a type pattern names, or the name expression a string case compares with.</summary>
    private sealed class MissingCase
    {
        public MissingCase(TypeSyntax? type, ExpressionSyntax? name)
        {
            Type = type;
            Name = name;
        }

        public TypeSyntax? Type { get; }

        public ExpressionSyntax? Name { get; }

        /// <summary>
        /// <c>AppInstalledEvent</c> (a type pattern from C# 9), <c>AppInstalledEvent _</c> before, or the name's constant; shaped as
        /// the parser reads them back: a lone type name is a constant pattern whose expression the compiler binds to the type.
        /// </summary>
        public PatternSyntax Pattern(bool typePatterns) =>
            Type is null
                ? SyntaxFactory.ConstantPattern(Name!)
                : typePatterns
                    ? SyntaxFactory.ConstantPattern(TypeAsExpression(Type))
                    : SyntaxFactory.DeclarationPattern(Type.WithTrailingTrivia(SyntaxFactory.Space), SyntaxFactory.DiscardDesignation());

        public SwitchLabelSyntax Label(bool typePatterns)
        {
            var caseKeyword = SyntaxFactory.Token(SyntaxKind.CaseKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            return Pattern(typePatterns) is ConstantPatternSyntax constant
                ? SyntaxFactory.CaseSwitchLabel(caseKeyword, constant.Expression, SyntaxFactory.Token(SyntaxKind.ColonToken))
                : SyntaxFactory.CasePatternSwitchLabel(caseKeyword, Pattern(typePatterns), whenClause: null, SyntaxFactory.Token(SyntaxKind.ColonToken));
        }

        private static ExpressionSyntax TypeAsExpression(TypeSyntax type) =>
            SyntaxFactory.ParseExpression(type.ToString()).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);
    }

    /// <summary>The cases to add to one switch, and how.</summary>
    private sealed class SwitchPlan
    {
        private readonly IReadOnlyList<MissingCase> _cases;
        private readonly ExpressionSyntax? _completion;
        private readonly bool _typePatterns;

        public SwitchPlan(SyntaxNode node, IReadOnlyList<MissingCase> cases, ExpressionSyntax? completion, bool typePatterns)
        {
            Switch = node;
            _cases = cases;
            _completion = completion;
            _typePatterns = typePatterns;
        }

        public SyntaxNode Switch { get; }

        public SyntaxNode Apply(SyntaxNode rewritten, string eol) => rewritten switch
        {
            SwitchStatementSyntax statement => AddSections(statement, eol),
            SwitchExpressionSyntax expression => AddArms(expression),
            _ => rewritten,
        };

        /// <summary><c>case X: break;</c> per event, after the last section, indented as it is.</summary>
        private SwitchStatementSyntax AddSections(SwitchStatementSyntax statement, string eol)
        {
            var last = statement.Sections.Last();
            var labelIndentation = LineIndentation(last.Labels[0]) ?? string.Empty;
            var statementIndentation = last.Statements.Count > 0 && LineIndentation(last.Statements[0]) is { } indented && indented.Length > labelIndentation.Length
                ? indented
                : labelIndentation + (labelIndentation.Contains("\t") ? "\t" : "    ");
            var sections = _cases.Select(c => SyntaxFactory.SwitchSection(
                SyntaxFactory.SingletonList(c.Label(_typePatterns).WithLeadingTrivia(SyntaxFactory.Whitespace(labelIndentation)).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol))),
                SyntaxFactory.SingletonList<StatementSyntax>(SyntaxFactory.BreakStatement().WithLeadingTrivia(SyntaxFactory.Whitespace(statementIndentation)).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol)))));
            return statement.WithSections(statement.Sections.AddRange(sections));
        }

        /// <summary><c>X =&gt; ValueTask.CompletedTask,</c> per event, after the last arm, indented as it is, keeping the trailing comma or its absence.</summary>
        private SwitchExpressionSyntax AddArms(SwitchExpressionSyntax expression)
        {
            var arms = expression.Arms;
            var lastArm = arms.Last();
            var indentation = LineIndentation(lastArm) ?? string.Empty;
            var trailingComma = arms.SeparatorCount == arms.Count;
            var items = new List<SyntaxNodeOrToken>();
            for (var i = 0; i < arms.Count - 1; i++)
            {
                items.Add(arms[i]);
                items.Add(arms.GetSeparator(i));
            }

            SyntaxTriviaList endOfArm;
            if (trailingComma)
            {
                items.Add(lastArm);
                items.Add(arms.GetSeparator(arms.Count - 1));
                endOfArm = arms.GetSeparator(arms.Count - 1).TrailingTrivia;
            }
            else
            {
                // The line break after the last arm moves behind the comma that now follows it.
                endOfArm = lastArm.GetTrailingTrivia();
                items.Add(lastArm.WithoutTrailingTrivia());
                items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(endOfArm));
            }

            if (!endOfArm.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
            {
                endOfArm = SyntaxFactory.TriviaList(SyntaxFactory.Space);
                indentation = string.Empty;
            }

            for (var i = 0; i < _cases.Count; i++)
            {
                var arm = SyntaxFactory.SwitchExpressionArm(
                        _cases[i].Pattern(_typePatterns),
                        whenClause: null,
                        SyntaxFactory.Token(SyntaxKind.EqualsGreaterThanToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space),
                        _completion!)
                    .WithLeadingTrivia(SyntaxFactory.Whitespace(indentation));
                var isLast = i == _cases.Count - 1;
                if (isLast && !trailingComma)
                {
                    items.Add(arm.WithTrailingTrivia(endOfArm));
                }
                else
                {
                    items.Add(arm);
                    items.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(endOfArm));
                }
            }

            return expression.WithArms(SyntaxFactory.SeparatedList<SwitchExpressionArmSyntax>(items));
        }
    }
}
