using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using Salla.Codegen.Analyzers;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.CodeFixes;

/// <summary>
/// SALLA101 fix: implements the handler of a subscribed event. The generated handler interface goes
/// on the first (by name) class of the project that already implements a Salla handler interface,
/// with a <c>HandleAsync</c> built from the interface's own signature; with no such class, a new
/// <c>SallaEventHandlers.cs</c> holds a new class. Fix-all implements every unhandled event at once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ImplementHandlersCodeFix))]
[Shared]
public sealed class ImplementHandlersCodeFix : CodeFixProvider
{
    /// <summary>The name of the class (and file) created when the project has no handler class yet.</summary>
    public const string NewClassName = "SallaEventHandlers";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SallaDiagnostics.UnhandledSubscribedEvent.Id);

    public override FixAllProvider GetFixAllProvider() => ImplementAllProvider.Instance;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SubscriptionAnalyzer.EventNameKey, out var name) || name is null)
            {
                continue;
            }

            var document = context.Document;
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Implement handler for '{name}'",
                    ct => ImplementAsync(document, new[] { name }, ct),
                    equivalenceKey: nameof(ImplementHandlersCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>Implements the handlers of <paramref name="eventNames"/> in the project of <paramref name="origin"/> (the document of the subscription).</summary>
    private static async Task<Solution> ImplementAsync(Document origin, IReadOnlyList<string> eventNames, CancellationToken cancellationToken)
    {
        var solution = origin.Project.Solution;
        var compilation = await origin.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return solution;
        }

        var symbols = SallaSymbols.From(compilation);
        if (symbols.EventHandlerOfT is null)
        {
            return solution;
        }

        var index = new SallaEventIndex(compilation, symbols, options: null);
        var targets = new List<Target>();
        foreach (var name in eventNames.Distinct(StringComparer.Ordinal))
        {
            if (index.GetEvent(name, cancellationToken) is { } generated && !index.IsHandled(name, cancellationToken)
                && HandleAsyncOf(generated.HandlerInterface, symbols.EventHandlerOfT) is { } method)
            {
                targets.Add(new Target(generated.HandlerInterface, method));
            }
        }

        if (targets.Count == 0)
        {
            return solution;
        }

        foreach (var host in index.GetHandlerClasses(cancellationToken))
        {
            foreach (var reference in host.DeclaringSyntaxReferences)
            {
                if (solution.GetDocument(reference.SyntaxTree) is { } document
                    && document.Project.Id == origin.Project.Id
                    && await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is TypeDeclarationSyntax declaration)
                {
                    return await AddToClassAsync(document, declaration, targets, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return await AddNewClassAsync(origin, compilation, targets, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The interface's <c>HandleAsync</c>, as <c>ISallaEventHandler&lt;TEvent&gt;</c> declares it for this event (parameters typed to the event).</summary>
    private static IMethodSymbol? HandleAsyncOf(INamedTypeSymbol handlerInterface, INamedTypeSymbol eventHandlerOfT)
    {
        var constructed = handlerInterface.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, eventHandlerOfT));
        return constructed?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary);
    }

    private static async Task<Solution> AddToClassAsync(Document document, TypeDeclarationSyntax declaration, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document.Project.Solution;
        }

        var updated = WithBaseTypes(declaration, targets.Select(t => TypeSyntaxFor(t.Interface)).ToList());
        var members = targets.Select(t => Method(t.Method)).ToList();
        if (updated.Members.Count > 0)
        {
            // A blank line between the last member and the new ones.
            members[0] = members[0].WithLeadingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed);
        }

        updated = updated.AddMembers(members.ToArray());
        var changed = document.WithSyntaxRoot(root.ReplaceNode(declaration, updated));
        return (await CleanUpAsync(changed, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    /// <summary>Appends <paramref name="types"/> to the base list, keeping the trivia where it was (<c>class C : IA</c> + IB → <c>class C : IA, IB</c>).</summary>
    private static TypeDeclarationSyntax WithBaseTypes(TypeDeclarationSyntax declaration, IReadOnlyList<TypeSyntax> types)
    {
        var added = types.Select(t => (BaseTypeSyntax)SyntaxFactory.SimpleBaseType(t)).ToList();
        if (declaration.BaseList is { } baseList)
        {
            var last = baseList.Types.Last();
            var nodes = baseList.Types.Select(t => t == last ? t.WithoutTrailingTrivia() : t).Concat(added).ToList();
            nodes[nodes.Count - 1] = nodes[nodes.Count - 1].WithTrailingTrivia(last.GetTrailingTrivia());
            var separators = baseList.Types.GetSeparators().Concat(added.Select(_ => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)));
            return declaration.WithBaseList(baseList.WithTypes(SyntaxFactory.SeparatedList(nodes, separators)));
        }

        // No base list yet: it goes after the last token of the header, which keeps its trailing trivia (the line break).
        var header = declaration.ParameterList?.CloseParenToken ?? declaration.TypeParameterList?.GreaterThanToken ?? declaration.Identifier;
        var trailing = header.TrailingTrivia;
        var separated = SyntaxFactory.SeparatedList(
            added,
            added.Skip(1).Select(_ => SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space)));
        var list = SyntaxFactory.BaseList(SyntaxFactory.Token(SyntaxKind.ColonToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space), separated)
            .WithTrailingTrivia(trailing);
        return declaration.ReplaceToken(header, header.WithTrailingTrivia()).WithBaseList(list);
    }

    private static async Task<Solution> AddNewClassAsync(Document origin, Compilation compilation, IReadOnlyList<Target> targets, CancellationToken cancellationToken)
    {
        var project = origin.Project;
        var originRoot = await origin.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var namespaceName = originRoot?.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString()
            ?? (string.IsNullOrEmpty(project.DefaultNamespace) ? null : project.DefaultNamespace);

        var containingNamespace = namespaceName is null ? compilation.GlobalNamespace : FindNamespace(compilation.GlobalNamespace, namespaceName);
        var className = NewClassName;
        for (var i = 2; containingNamespace is not null && !containingNamespace.GetTypeMembers(className).IsEmpty; i++)
        {
            className = NewClassName + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var members = targets.Select(t => Method(t.Method)).ToArray();
        var type = SyntaxFactory.ClassDeclaration(className)
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.SealedKeyword))
            .AddBaseListTypes(targets.Select(t => (BaseTypeSyntax)SyntaxFactory.SimpleBaseType(TypeSyntaxFor(t.Interface))).ToArray())
            .AddMembers(members);

        // The namespaces the members need, taken from the symbols, so the simplifier can shorten every name.
        var imports = targets
            .SelectMany(t => new ITypeSymbol[] { t.Interface, t.Method.ReturnType }.Concat(t.Method.Parameters.Select(p => p.Type)))
            .Select(t => t.ContainingNamespace)
            .Where(n => n is not null && !n.IsGlobalNamespace)
            .Select(n => n.ToDisplayString())
            .Append(nameof(System))
            .Where(n => n != namespaceName)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n == nameof(System) || n.StartsWith(nameof(System) + ".", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal)
            .Select(n => SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(n)))
            .ToArray();

        var unit = SyntaxFactory.CompilationUnit().AddUsings(imports);
        if (namespaceName is null)
        {
            unit = unit.AddMembers(type);
        }
        else if (project.ParseOptions is CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp10 })
        {
            unit = unit.AddMembers(SyntaxFactory.FileScopedNamespaceDeclaration(SyntaxFactory.ParseName(namespaceName)).AddMembers(type));
        }
        else
        {
            unit = unit.AddMembers(SyntaxFactory.NamespaceDeclaration(SyntaxFactory.ParseName(namespaceName)).AddMembers(type));
        }

        // The line ending of the document that declares the subscriptions.
        var eol = originRoot?.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";
        unit = unit.NormalizeWhitespace(eol: eol).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));

        // NormalizeWhitespace puts no blank line between members, nor after a file-scoped namespace.
        var normalized = unit.DescendantNodes().OfType<ClassDeclarationSyntax>().First();
        var spaced = normalized.WithMembers(SyntaxFactory.List(normalized.Members.Select((m, i) => i == 0 ? m : m.WithLeadingTrivia(m.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol))))));
        if (normalized.Parent is FileScopedNamespaceDeclarationSyntax)
        {
            spaced = spaced.WithLeadingTrivia(spaced.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol)));
        }

        unit = unit.ReplaceNode(normalized, spaced);

        var fileName = className + ".cs";
        var directory = origin.FilePath is { } path ? Path.GetDirectoryName(path) : null;
        var added = project.AddDocument(fileName, unit, origin.Folders, directory is null ? null : Path.Combine(directory, fileName));
        return (await CleanUpAsync(added, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    private static INamespaceSymbol? FindNamespace(INamespaceSymbol global, string name)
    {
        INamespaceSymbol? current = global;
        foreach (var part in name.Split('.'))
        {
            current = current?.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
        }

        return current;
    }

    private static async Task<Document> CleanUpAsync(Document document, CancellationToken cancellationToken)
    {
        // Imports for the fully qualified names the fix wrote, then the names shortened, then the layout.
        document = await ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return await Formatter.FormatAsync(document, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>public ValueTask HandleAsync(XEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();</c>, from the interface method.</summary>
    private static MethodDeclarationSyntax Method(IMethodSymbol method)
    {
        var parameters = method.Parameters.Select(p => SyntaxFactory.Parameter(SyntaxFactory.Identifier(p.Name)).WithType(TypeSyntaxFor(p.Type)));
        var notImplemented = SyntaxFactory.ThrowExpression(
            SyntaxFactory.ObjectCreationExpression(SyntaxFactory.ParseTypeName("global::System.NotImplementedException").WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation))
                .WithArgumentList(SyntaxFactory.ArgumentList()));
        return SyntaxFactory.MethodDeclaration(TypeSyntaxFor(method.ReturnType), SyntaxFactory.Identifier(method.Name))
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)))
            .WithExpressionBody(SyntaxFactory.ArrowExpressionClause(notImplemented))
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static TypeSyntax TypeSyntaxFor(ITypeSymbol type) =>
        SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)).WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation);

    private sealed class Target
    {
        public Target(INamedTypeSymbol handlerInterface, IMethodSymbol method)
        {
            Interface = handlerInterface;
            Method = method;
        }

        public INamedTypeSymbol Interface { get; }

        public IMethodSymbol Method { get; }
    }

    /// <summary>Fix-all: every unhandled subscribed event of the scope in one change per project, in the order they are declared.</summary>
    private sealed class ImplementAllProvider : FixAllProvider
    {
        public static readonly ImplementAllProvider Instance = new();

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Document when fixAllContext.Document is not null:
                    diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
            }

            var solution = fixAllContext.Solution;
            var work = diagnostics
                .Where(d => d.Location.IsInSource && d.Properties.ContainsKey(SubscriptionAnalyzer.EventNameKey))
                .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .Select(d => (Document: solution.GetDocument(d.Location.SourceTree), Name: d.Properties[SubscriptionAnalyzer.EventNameKey]))
                .Where(x => x.Document is not null && x.Name is not null)
                .GroupBy(x => x.Document!.Project.Id)
                .Select(g => (Origin: g.First().Document!, Names: g.Select(x => x.Name!).ToList()))
                .ToList();
            if (work.Count == 0)
            {
                return null;
            }

            return CodeAction.Create(
                "Implement handlers for the unhandled subscribed events",
                async ct =>
                {
                    var current = solution;
                    foreach (var (origin, names) in work)
                    {
                        var document = current.GetDocument(origin.Id);
                        if (document is not null)
                        {
                            current = await ImplementAsync(document, names, ct).ConfigureAwait(false);
                        }
                    }

                    return current;
                },
                equivalenceKey: fixAllContext.CodeActionEquivalenceKey);
        }
    }
}
