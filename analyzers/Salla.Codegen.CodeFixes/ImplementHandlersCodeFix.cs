using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
/// SALLA101 fix: a handler class of its own for the unhandled event (<c>ProductCreatedHandler : IProductCreatedHandler</c>,
/// in a new file named after it), whose <c>HandleAsync</c> acknowledges the delivery and does nothing else until it is
/// written, so a delivery never fails because of the fix. The class goes to the namespace (and folder) of the project's
/// existing handlers, else to the project's root namespace; when the project registers handlers with
/// <c>….AddSallaEventHandler&lt;T&gt;()</c> statements, the new class is registered right after the last of them, on
/// the same receiver. Fix-all adds one class and one registration per event in one change. In a workspace loaded from
/// MSBuild (<c>dotnet format</c>) the classes go into an existing file instead of new ones.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ImplementHandlersCodeFix))]
[Shared]
public sealed class ImplementHandlersCodeFix : CodeFixProvider
{
    /// <summary>The registration method the fix looks for, and calls for each new class.</summary>
    public const string RegistrationMethodName = "AddSallaEventHandler";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(SallaDiagnostics.UnhandledSubscribedEvent.Id);

    public override FixAllProvider GetFixAllProvider() => AddAllProvider.Instance;

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
                    $"Add a handler class for {name}",
                    ct => AddHandlersAsync(document, new[] { name }, ct),
                    equivalenceKey: nameof(ImplementHandlersCodeFix)),
                diagnostic);
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds (and registers) a handler class for each of <paramref name="eventNames"/> in the project of <paramref name="origin"/>, the document of the subscription.</summary>
    private static async Task<Solution> AddHandlersAsync(Document origin, IReadOnlyList<string> eventNames, CancellationToken cancellationToken)
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
                targets.Add(new Target(name, generated.HandlerInterface, method));
            }
        }

        if (targets.Count == 0)
        {
            return solution;
        }

        // A workspace loaded from MSBuild (dotnet format and other command-line hosts) writes a <Compile> item into the
        // project file for every document a fix adds, which an SDK-style project, whose globs already take the file in,
        // then refuses as a duplicate. There the classes go into a file the project already has.
        var added = origin.Project.Solution.Workspace.Kind == WorkspaceKind.MSBuild
            ? await AddToExistingFileAsync(origin, index, targets, compilation, cancellationToken).ConfigureAwait(false)
            : await AddNewFilesAsync(origin, index, targets, compilation, cancellationToken).ConfigureAwait(false);
        return added is { } classes ? await RegisterAsync(classes.Project, classes.FullNames, cancellationToken).ConfigureAwait(false) : solution;
    }

    /// <summary>One new file per class, beside the project's handlers or in its root folder.</summary>
    private static async Task<(Project Project, IReadOnlyList<string> FullNames)?> AddNewFilesAsync(
        Document origin, SallaEventIndex index, IReadOnlyList<Target> targets, Compilation compilation, CancellationToken cancellationToken)
    {
        var placement = await PlacementAsync(origin, index, cancellationToken).ConfigureAwait(false);
        var containingNamespace = placement.Namespace is null ? compilation.GlobalNamespace : FindNamespace(compilation.GlobalNamespace, placement.Namespace);
        var takenFiles = new HashSet<string>(origin.Project.Documents.Select(d => d.FilePath ?? d.Name), StringComparer.OrdinalIgnoreCase);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var project = origin.Project;
        var fullNames = new List<string>();
        foreach (var target in targets)
        {
            var className = UniqueName(ClassNameFor(target.Interface), containingNamespace, taken, name => takenFiles.Contains(placement.FilePathFor(name + ".cs")));
            taken.Add(className);
            var fileName = className + ".cs";
            takenFiles.Add(placement.FilePathFor(fileName));

            var unit = HandlerUnit(className, target, placement, compilation);
            var document = project.AddDocument(fileName, unit, placement.Folders, placement.Directory is null ? null : Path.Combine(placement.Directory, fileName));
            document = await Simplifier.ReduceAsync(document, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
            document = await Formatter.FormatAsync(document, cancellationToken: cancellationToken).ConfigureAwait(false);
            project = document.Project;
            fullNames.Add(FullName(placement.Namespace, className));
        }

        return (project, fullNames);
    }

    /// <summary>
    /// Every class in one file the project has: after the project's first handler class (by name), in its namespace;
    /// without one, at the end of the subscription's file, in its first namespace.
    /// </summary>
    private static async Task<(Project Project, IReadOnlyList<string> FullNames)?> AddToExistingFileAsync(
        Document origin, SallaEventIndex index, IReadOnlyList<Target> targets, Compilation compilation, CancellationToken cancellationToken)
    {
        // The file of the first handler class by name; there, after the last handler class of its namespace, so classes
        // added one fix at a time line up as fix-all lines them up.
        Document? document = null;
        SyntaxNode? after = null;
        string? namespaceName = null;
        INamespaceSymbol? handlerNamespace = null;
        foreach (var handler in index.GetHandlerClasses(cancellationToken))
        {
            foreach (var reference in handler.DeclaringSyntaxReferences)
            {
                if ((document is null || (reference.SyntaxTree == after?.SyntaxTree && SymbolEqualityComparer.Default.Equals(handler.ContainingNamespace, handlerNamespace)))
                    && origin.Project.GetDocument(reference.SyntaxTree) is { } declaring
                    && await reference.GetSyntaxAsync(cancellationToken).ConfigureAwait(false) is BaseTypeDeclarationSyntax declaration)
                {
                    var outermost = declaration.AncestorsAndSelf().OfType<BaseTypeDeclarationSyntax>().Last();
                    if (after is null || outermost.SpanStart > after.SpanStart)
                    {
                        after = outermost;
                    }

                    document ??= declaring;
                    handlerNamespace ??= handler.ContainingNamespace;
                    namespaceName ??= handler.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
                }
            }
        }

        document ??= origin;
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is not CompilationUnitSyntax unit || model is null)
        {
            return null;
        }

        var container = unit.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault();
        if (after is null && container is not null)
        {
            namespaceName = model.GetDeclaredSymbol(container, cancellationToken)?.ToDisplayString();
        }

        var containingNamespace = namespaceName is null ? compilation.GlobalNamespace : FindNamespace(compilation.GlobalNamespace, namespaceName);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var eol = EndOfLineOf(unit);
        var classes = new List<MemberDeclarationSyntax>();
        var fullNames = new List<string>();
        foreach (var target in targets)
        {
            var className = UniqueName(ClassNameFor(target.Interface), containingNamespace, taken, _ => false);
            taken.Add(className);
            var handlerClass = HandlerClass(className, target, addImports: true).NormalizeWhitespace(eol: eol);
            classes.Add(handlerClass
                .WithLeadingTrivia(handlerClass.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol)))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol))
                .WithAdditionalAnnotations(Formatter.Annotation));
            fullNames.Add(FullName(namespaceName, className));
        }

        // A blank line before the first class, also after a last line that has no line break of its own.
        var previous = after?.GetLastToken() ?? (container is not null ? container.GetLastToken() : unit.EndOfFileToken.GetPreviousToken());
        if (container is NamespaceDeclarationSyntax block && after is null)
        {
            previous = block.CloseBraceToken.GetPreviousToken();
        }

        if (previous != default && !previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            classes[0] = classes[0].WithLeadingTrivia(classes[0].GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol)));
        }

        SyntaxNode updated = after is not null
            ? unit.InsertNodesAfter(after, classes)
            : container is not null
                ? unit.ReplaceNode(container, container.AddMembers(classes.ToArray()))
                : unit.AddMembers(classes.ToArray());
        var changed = document.WithSyntaxRoot(updated);
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return (changed.Project, fullNames);
    }

    private static string FullName(string? namespaceName, string className) => namespaceName is null ? className : namespaceName + "." + className;

    /// <summary>The interface's <c>HandleAsync</c>, as <c>ISallaEventHandler&lt;TEvent&gt;</c> declares it for this event (parameters typed to the event).</summary>
    private static IMethodSymbol? HandleAsyncOf(INamedTypeSymbol handlerInterface, INamedTypeSymbol eventHandlerOfT)
    {
        var constructed = handlerInterface.AllInterfaces.FirstOrDefault(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, eventHandlerOfT));
        return constructed?.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.MethodKind == MethodKind.Ordinary);
    }

    /// <summary><c>IProductCreatedHandler</c> → <c>ProductCreatedHandler</c>.</summary>
    private static string ClassNameFor(INamedTypeSymbol handlerInterface)
    {
        var name = handlerInterface.Name;
        return name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]) ? name.Substring(1) : name + "Implementation";
    }

    /// <summary><paramref name="baseName"/>, or the first of <c>baseName2</c>, <c>baseName3</c>, … that names no type of the namespace, no class of this change and no file.</summary>
    private static string UniqueName(string baseName, INamespaceSymbol? containingNamespace, HashSet<string> taken, Func<string, bool> fileExists)
    {
        var name = baseName;
        for (var i = 2; taken.Contains(name) || fileExists(name) || (containingNamespace is not null && !containingNamespace.GetTypeMembers(name).IsEmpty); i++)
        {
            name = baseName + i.ToString(CultureInfo.InvariantCulture);
        }

        return name;
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

    /// <summary>
    /// Where new handler classes go: beside the project's first handler class (by name), in its namespace; without one,
    /// in the project's root namespace and folder.
    /// </summary>
    private static async Task<Placement> PlacementAsync(Document origin, SallaEventIndex index, CancellationToken cancellationToken)
    {
        var project = origin.Project;
        foreach (var handler in index.GetHandlerClasses(cancellationToken))
        {
            foreach (var reference in handler.DeclaringSyntaxReferences)
            {
                if (project.GetDocument(reference.SyntaxTree) is { } document)
                {
                    var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    var ns = handler.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
                    return new Placement(ns, document.Folders, DirectoryOf(document.FilePath), root);
                }
            }
        }

        var originRoot = await origin.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var rootNamespace = string.IsNullOrEmpty(project.DefaultNamespace) ? null : project.DefaultNamespace;
        return project.FilePath is { } projectFile
            ? new Placement(rootNamespace, Array.Empty<string>(), DirectoryOf(projectFile), originRoot)
            : new Placement(rootNamespace, origin.Folders, DirectoryOf(origin.FilePath), originRoot);
    }

    private static string? DirectoryOf(string? path) => path is null ? null : Path.GetDirectoryName(path);

    /// <summary>
    /// <c>internal sealed class ProductCreatedHandler : IProductCreatedHandler</c> with a <c>HandleAsync</c> built from the interface's
    /// own signature, which acknowledges the event and does nothing else; its names fully qualified for the simplifier.
    /// </summary>
    private static ClassDeclarationSyntax HandlerClass(string className, Target target, bool addImports)
    {
        var method = target.Method;
        var parameters = method.Parameters.Select(p => SyntaxFactory.Parameter(SyntaxFactory.Identifier(p.Name)).WithType(TypeSyntaxFor(p.Type, addImports)));
        var body = SyntaxFactory.Block(
            SyntaxFactory.ReturnStatement(CompletedValue(method.ReturnType, addImports))
                .WithLeadingTrivia(SyntaxFactory.Comment($"// Until this handler is written, each {target.EventName} delivery is acknowledged and nothing else happens."), SyntaxFactory.ElasticCarriageReturnLineFeed));
        var handleAsync = SyntaxFactory.MethodDeclaration(TypeSyntaxFor(method.ReturnType, addImports), SyntaxFactory.Identifier(method.Name))
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword))
            .WithParameterList(SyntaxFactory.ParameterList(SyntaxFactory.SeparatedList(parameters)))
            .WithBody(body);
        return SyntaxFactory.ClassDeclaration(className)
            .AddModifiers(SyntaxFactory.Token(SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.SealedKeyword))
            .AddBaseListTypes(SyntaxFactory.SimpleBaseType(TypeSyntaxFor(target.Interface, addImports)))
            .AddMembers(handleAsync);
    }

    /// <summary>The new file: its usings, its namespace (in the style of the project's files) and the class.</summary>
    private static CompilationUnitSyntax HandlerUnit(string className, Target target, Placement placement, Compilation compilation)
    {
        var type = HandlerClass(className, target, addImports: false);
        var unit = SyntaxFactory.CompilationUnit().AddUsings(Usings(target, placement.Namespace, compilation));
        var fileScoped = placement.Style?.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault() is { } styleNamespace
            ? styleNamespace is FileScopedNamespaceDeclarationSyntax
            : compilation is CSharpCompilation { LanguageVersion: >= LanguageVersion.CSharp10 };
        if (placement.Namespace is null)
        {
            unit = unit.AddMembers(type);
        }
        else if (fileScoped)
        {
            unit = unit.AddMembers(SyntaxFactory.FileScopedNamespaceDeclaration(SyntaxFactory.ParseName(placement.Namespace)).AddMembers(type));
        }
        else
        {
            unit = unit.AddMembers(SyntaxFactory.NamespaceDeclaration(SyntaxFactory.ParseName(placement.Namespace)).AddMembers(type));
        }

        var eol = placement.EndOfLine;
        unit = unit.NormalizeWhitespace(eol: eol).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));

        // NormalizeWhitespace puts no blank line after a file-scoped namespace.
        if (unit.DescendantNodes().OfType<FileScopedNamespaceDeclarationSyntax>().FirstOrDefault() is { } declared)
        {
            var declaredType = declared.Members[0];
            unit = unit.ReplaceNode(declaredType, declaredType.WithLeadingTrivia(declaredType.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol))));
        }

        return unit;
    }

    /// <summary>
    /// The namespaces the class names (the handler interface, the event, the method's types), less those already in
    /// scope: the class's own namespace and its parents, and the project's global usings. System first, then ordinal.
    /// </summary>
    private static UsingDirectiveSyntax[] Usings(Target target, string? namespaceName, Compilation compilation)
    {
        var inScope = new HashSet<string>(StringComparer.Ordinal);
        if (namespaceName is not null)
        {
            var parts = namespaceName.Split('.');
            for (var i = 1; i <= parts.Length; i++)
            {
                inScope.Add(string.Join(".", parts.Take(i)));
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            if (tree.GetRoot() is CompilationUnitSyntax root)
            {
                foreach (var directive in root.Usings)
                {
                    if (!directive.GlobalKeyword.IsKind(SyntaxKind.None) && directive.Alias is null && directive.StaticKeyword.IsKind(SyntaxKind.None))
                    {
                        inScope.Add(WithoutGlobalAlias(directive.Name?.ToString() ?? string.Empty));
                    }
                }
            }
        }

        return new ITypeSymbol[] { target.Interface, target.Method.ReturnType }
            .Concat(target.Method.Parameters.Select(p => p.Type))
            .Select(t => t.ContainingNamespace)
            .Where(n => n is not null && !n.IsGlobalNamespace)
            .Select(n => n.ToDisplayString())
            .Where(n => !inScope.Contains(n))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(n => n == nameof(System) || n.StartsWith(nameof(System) + ".", StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(n => n, StringComparer.Ordinal)
            .Select(n => SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(n)))
            .ToArray();
    }

    private static string WithoutGlobalAlias(string name) => name.StartsWith("global::", StringComparison.Ordinal) ? name.Substring("global::".Length) : name;

    /// <summary><c>ValueTask.CompletedTask</c> for a return type that has one (<c>ValueTask</c>, <c>Task</c>), else <c>default</c>.</summary>
    private static ExpressionSyntax CompletedValue(ITypeSymbol returnType, bool addImports)
    {
        var hasCompleted = returnType.GetMembers("CompletedTask").Any(m => m is IPropertySymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public });
        return hasCompleted
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, TypeSyntaxFor(returnType, addImports), SyntaxFactory.IdentifierName("CompletedTask"))
            : SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression);
    }

    /// <summary>
    /// Registers each of <paramref name="classes"/> (full names) right after the project's last registration statement,
    /// on the same receiver; nothing when the project registers no handler in a statement the fix can extend.
    /// </summary>
    private static async Task<Solution> RegisterAsync(Project project, IReadOnlyList<string> classes, CancellationToken cancellationToken)
    {
        (Document Document, StatementSyntax Statement, InvocationExpressionSyntax Template)? last = null;
        foreach (var document in project.Documents.OrderBy(d => d.FilePath ?? d.Name, StringComparer.Ordinal))
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            foreach (var invocation in root.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                // Documents in path order, invocations in source order: the last site seen is the last registration.
                if (RegisteredType(invocation) is not null && RegistrationSite(invocation) is { } site)
                {
                    last = (document, site.Statement, site.Template);
                }
            }
        }

        if (last is not { } found)
        {
            return project.Solution;
        }

        var (target, statement, template) = found;
        var targetRoot = await target.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (targetRoot is null)
        {
            return project.Solution;
        }

        var eol = EndOfLineOf(targetRoot);
        var indentation = statement.GetLeadingTrivia().Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse();
        var startsOnNewLine = statement.GetTrailingTrivia().LastOrDefault().IsKind(SyntaxKind.EndOfLineTrivia);
        var registrations = new List<SyntaxNode>();
        foreach (var fullName in classes)
        {
            var typeArgument = RegisteredType(template)!;
            var invocation = template.ReplaceNode(typeArgument, SyntaxFactory.ParseTypeName("global::" + fullName)
                .WithTriviaFrom(typeArgument)
                .WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation));
            StatementSyntax added = SyntaxFactory.ExpressionStatement(invocation.WithoutLeadingTrivia().WithoutTrailingTrivia())
                .WithLeadingTrivia(startsOnNewLine || registrations.Count > 0 ? indentation : indentation.Prepend(SyntaxFactory.EndOfLine(eol)))
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
            registrations.Add(statement.Parent is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(added) : added);
        }

        SyntaxNode anchor = statement.Parent is GlobalStatementSyntax global ? global : statement;
        var changed = target.WithSyntaxRoot(targetRoot.InsertNodesAfter(anchor, registrations));
        changed = await ImportAdder.AddImportsAsync(changed, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        changed = await Simplifier.ReduceAsync(changed, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        return changed.Project.Solution;
    }

    /// <summary>The type argument of <c>….AddSallaEventHandler&lt;T&gt;(…)</c>, or null for any other invocation.</summary>
    private static TypeSyntax? RegisteredType(InvocationExpressionSyntax invocation)
    {
        var name = invocation.Expression switch
        {
            MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } => generic,
            GenericNameSyntax generic => generic,
            _ => null,
        };
        return name is { Identifier.ValueText: RegistrationMethodName, TypeArgumentList.Arguments.Count: 1 } ? name.TypeArgumentList.Arguments[0] : null;
    }

    /// <summary>
    /// The statement holding a registration, and the call to copy for another class: the first registration of a chain
    /// (<c>services.AddSallaEventHandler&lt;A&gt;().AddSallaEventHandler&lt;B&gt;()</c> gives <c>services.AddSallaEventHandler&lt;A&gt;()</c>).
    /// Null when copying it could change what the code does (a receiver or an argument that calls something) or the
    /// statement has no place for a sibling (a <c>return</c>, an expression-bodied member or lambda).
    /// </summary>
    private static (StatementSyntax Statement, InvocationExpressionSyntax Template)? RegistrationSite(InvocationExpressionSyntax invocation)
    {
        var template = invocation;
        while (template.Expression is MemberAccessExpressionSyntax { Expression: InvocationExpressionSyntax inner } && RegisteredType(inner) is not null)
        {
            template = inner;
        }

        if (template.Expression is MemberAccessExpressionSyntax { Expression: var receiver } && !IsPlain(receiver))
        {
            return null;
        }

        if (template.ArgumentList.Arguments.Any(a => a.RefKindKeyword != default || !IsPlain(a.Expression)))
        {
            return null;
        }

        for (SyntaxNode? node = invocation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case AnonymousFunctionExpressionSyntax:
                case LocalFunctionStatementSyntax:
                case MemberDeclarationSyntax:
                    return null;
                case ExpressionStatementSyntax or LocalDeclarationStatementSyntax when node.Parent is BlockSyntax or GlobalStatementSyntax:
                    return ((StatementSyntax)node, template);
                case StatementSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Whether evaluating <paramref name="expression"/> again does nothing more: names, member accesses, <c>this</c>, literals.</summary>
    private static bool IsPlain(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax or BaseExpressionSyntax or PredefinedTypeSyntax or LiteralExpressionSyntax => true,
        AliasQualifiedNameSyntax or QualifiedNameSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsPlain(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsPlain(parenthesized.Expression),
        _ => false,
    };

    private static string EndOfLineOf(SyntaxNode root) =>
        root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)).ToString() is { Length: > 0 } found ? found : "\n";

    /// <summary>The fully qualified name, for the simplifier to shorten; with <paramref name="addImports"/>, a using may be added for it.</summary>
    private static TypeSyntax TypeSyntaxFor(ITypeSymbol type, bool addImports)
    {
        var syntax = SyntaxFactory.ParseTypeName(type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        return addImports ? syntax.WithAdditionalAnnotations(Simplifier.Annotation, Simplifier.AddImportsAnnotation) : syntax.WithAdditionalAnnotations(Simplifier.Annotation);
    }

    private sealed class Target
    {
        public Target(string eventName, INamedTypeSymbol handlerInterface, IMethodSymbol method)
        {
            EventName = eventName;
            Interface = handlerInterface;
            Method = method;
        }

        public string EventName { get; }

        public INamedTypeSymbol Interface { get; }

        public IMethodSymbol Method { get; }
    }

    /// <summary>The namespace, folder and layout model (a file whose namespace style and line endings new files follow) of new handler classes.</summary>
    private sealed class Placement
    {
        public Placement(string? ns, IReadOnlyList<string> folders, string? directory, SyntaxNode? style)
        {
            Namespace = ns;
            Folders = folders;
            Directory = directory;
            Style = style;
            EndOfLine = style is null ? "\n" : EndOfLineOf(style);
        }

        public string? Namespace { get; }

        public IReadOnlyList<string> Folders { get; }

        public string? Directory { get; }

        public SyntaxNode? Style { get; }

        public string EndOfLine { get; }

        public string FilePathFor(string fileName) => Directory is null ? fileName : Path.Combine(Directory, fileName);
    }

    /// <summary>Fix-all: every unhandled subscribed event of the scope in one change per project, in the order they are declared.</summary>
    private sealed class AddAllProvider : FixAllProvider
    {
        public static readonly AddAllProvider Instance = new();

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
                "Add handler classes for the unhandled subscribed events",
                async ct =>
                {
                    var current = solution;
                    foreach (var (origin, names) in work)
                    {
                        var document = current.GetDocument(origin.Id);
                        if (document is not null)
                        {
                            current = await AddHandlersAsync(document, names, ct).ConfigureAwait(false);
                        }
                    }

                    return current;
                },
                equivalenceKey: fixAllContext.CodeActionEquivalenceKey);
        }
    }
}
