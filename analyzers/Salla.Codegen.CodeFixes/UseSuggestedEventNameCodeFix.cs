using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Salla.Codegen.Analyzers;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.CodeFixes;

/// <summary>
/// SALLA301 fix: <c>"order.create"</c> → <c>"order.created"</c>, the name the diagnostic suggests. Only a string literal
/// is rewritten; a misspelt constant is fixed where it is declared, which may be used for more than this one name.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseSuggestedEventNameCodeFix))]
[Shared]
public sealed class UseSuggestedEventNameCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SallaDiagnostics.UnknownEventName.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            // The analyzer attaches a suggestion only when one name is close enough; without it there is nothing to offer.
            if (!diagnostic.Properties.TryGetValue(EventNameAnalyzer.SuggestionKey, out var suggestion) || string.IsNullOrEmpty(suggestion)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
                || !literal.IsKind(SyntaxKind.StringLiteralExpression))
            {
                continue;
            }

            var document = context.Document;
            var name = suggestion!;
            context.RegisterCodeFix(
                CodeAction.Create($"Use '{name}'", ct => ReplaceAsync(document, literal, name, ct), equivalenceKey: nameof(UseSuggestedEventNameCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, LiteralExpressionSyntax literal, string name, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var replacement = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(name)).WithTriviaFrom(literal);
        return document.WithSyntaxRoot(root!.ReplaceNode(literal, replacement));
    }
}
