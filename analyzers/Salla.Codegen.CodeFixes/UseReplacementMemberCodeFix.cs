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
using Salla.Codegen.Analyzers;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.CodeFixes;

/// <summary>
/// SALLA201 fix: <c>order.CheckoutUrl</c> → <c>order.Urls.Checkout</c>, when the replacement path of
/// the spec is reachable from the same receiver (it is not from an order item's <c>Codes</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseReplacementMemberCodeFix))]
[Shared]
public sealed class UseReplacementMemberCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SallaDiagnostics.DeprecatedMember.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(DeprecatedMemberAnalyzer.ReplacementKey, out var replacement) || replacement is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax access
                || model.GetSymbolInfo(access, context.CancellationToken).Symbol is not IPropertySymbol property)
            {
                continue;
            }

            var path = ResolvePath(property.ContainingType, replacement, model.Compilation);
            if (path is null)
            {
                continue;
            }

            var title = $"Read {string.Join(".", path.Select(p => p.Name))} instead";
            context.RegisterCodeFix(
                CodeAction.Create(title, ct => ReplaceAsync(context.Document, access, path, ct), equivalenceKey: nameof(UseReplacementMemberCodeFix)),
                diagnostic);
        }
    }

    /// <summary>The properties that lead from <paramref name="receiverType"/> to the replacement, or null when it is not reachable from there.</summary>
    private static IReadOnlyList<IPropertySymbol>? ResolvePath(INamedTypeSymbol receiverType, string replacement, Compilation compilation)
    {
        const string prefix = "data.";
        if (!replacement.StartsWith(prefix, System.StringComparison.Ordinal) || replacement.Contains("[]"))
        {
            return null;
        }

        var symbols = SallaSymbols.From(compilation);
        var path = new List<IPropertySymbol>();
        ITypeSymbol current = receiverType;
        foreach (var jsonName in replacement.Substring(prefix.Length).Split('.'))
        {
            var next = current.GetMembers().OfType<IPropertySymbol>().FirstOrDefault(p => symbols.JsonNameOf(p) == jsonName);
            if (next is null)
            {
                return null;
            }

            path.Add(next);
            current = next.Type;
        }

        return path;
    }

    private static async Task<Document> ReplaceAsync(Document document, MemberAccessExpressionSyntax access, IReadOnlyList<IPropertySymbol> path, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var expression = access.Expression;
        for (var i = 0; i < path.Count; i++)
        {
            if (i > 0 && path[i - 1].NullableAnnotation == NullableAnnotation.Annotated)
            {
                // A nullable step (Urls?) is not dereferenced blindly: the rest of the path goes behind ?.
                expression = SyntaxFactory.ConditionalAccessExpression(expression, Rest(path, i));
                break;
            }

            expression = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, expression, SyntaxFactory.IdentifierName(path[i].Name));
        }

        return document.WithSyntaxRoot(root!.ReplaceNode(access, expression.WithTriviaFrom(access)));
    }

    private static ExpressionSyntax Rest(IReadOnlyList<IPropertySymbol> path, int start)
    {
        ExpressionSyntax binding = SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName(path[start].Name));
        for (var i = start + 1; i < path.Count; i++)
        {
            binding = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, binding, SyntaxFactory.IdentifierName(path[i].Name));
        }

        return binding;
    }
}
