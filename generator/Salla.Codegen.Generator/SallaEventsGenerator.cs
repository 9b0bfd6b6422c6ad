using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Salla.Codegen.Generator.Diagnostics;
using Salla.Codegen.Generator.Emit;
using Salla.Codegen.Generator.Model;
using Salla.Codegen.Generator.Parsing;

namespace Salla.Codegen.Generator;

/// <summary>
/// Emits typed models, event classes, handler interfaces, the event catalogue and a dispatcher from
/// the embedded Salla specs plus any <c>*.salla.json</c> additional files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SallaEventsGenerator : IIncrementalGenerator
{
    /// <summary>Names of the pipeline steps, for incrementality tests.</summary>
    public static class Steps
    {
        public const string Options = nameof(Options);
        public const string SubscriptionFiles = nameof(SubscriptionFiles);
        public const string Subscriptions = nameof(Subscriptions);
        public const string EventTypeNames = nameof(EventTypeNames);
        public const string UsedEventTypes = nameof(UsedEventTypes);
        public const string UserSpecFiles = nameof(UserSpecFiles);
        public const string UserSpecs = nameof(UserSpecs);
        public const string Parsed = nameof(Parsed);
        public const string Problems = nameof(Problems);
        public const string ReferencedCatalogue = nameof(ReferencedCatalogue);
        public const string Model = nameof(Model);
        public const string Types = nameof(Types);
        public const string Events = nameof(Events);
        public const string Catalogue = nameof(Catalogue);
        public const string FilterProblems = nameof(FilterProblems);
        public const string TestKit = nameof(TestKit);
        public const string TestEvents = nameof(TestEvents);
        public const string ReferencedTestEvents = nameof(ReferencedTestEvents);
    }

    /// <summary>The extension a consumer's own spec files end with.</summary>
    public const string UserSpecSuffix = ".salla.json";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(Steps.Options);

        var userSpecs = context.AdditionalTextsProvider
            .Where(static file => file.Path.EndsWith(UserSpecSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (file, cancellationToken) => new SpecDocument(file.Path, file.GetText(cancellationToken)?.ToString() ?? string.Empty))
            .WithTrackingName(Steps.UserSpecFiles)
            .Collect()
            .WithTrackingName(Steps.UserSpecs);

        // A referenced assembly that already carries the generated types for this namespace (the package's
        // prebuilt Salla.Events, or a library of the same solution) is reused, not generated again.
        var referencedCatalogue = context.CompilationProvider
            .Combine(options)
            .Select(static (pair, _) => HasReferencedCatalogue(pair.Left, pair.Right.Namespace))
            .WithTrackingName(Steps.ReferencedCatalogue);

        // A project that reuses a referenced catalogue and has no spec of its own reads no spec at all: the
        // package's default (its prebuilt models) then costs the build almost nothing.
        var parsed = userSpecs
            .Combine(referencedCatalogue)
            .Select(static (input, _) => input.Right && input.Left.IsEmpty
                ? SpecParseResult.NotRead
                : CatalogueBuilder.Build(input.Left.OrderBy(d => d.Path, StringComparer.Ordinal).ToImmutableArray()))
            .WithTrackingName(Steps.Parsed);

        context.RegisterSourceOutput(
            parsed.Select(static (result, _) => result.Problems).WithTrackingName(Steps.Problems),
            static (spc, problems) =>
            {
                foreach (var problem in problems)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.InvalidSpec, ToLocation(problem), problem.FilePath + ": " + problem.Message));
                }
            });

        // Read from syntax alone: binding the attribute would make the generator pay for loading every reference.
        var subscriptions = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => SubscriptionsReader.IsCandidate(node),
                static (syntaxContext, _) => SubscriptionsReader.Read((AttributeSyntax)syntaxContext.Node))
            .WithTrackingName(Steps.SubscriptionFiles)
            .Collect()
            .Select(static (files, _) => SubscriptionsReader.Combine(files))
            .WithTrackingName(Steps.Subscriptions);

        // An event the code names (its class or handler) is generated even when the subscriptions leave it out.
        var usedEventTypes = context.SyntaxProvider
            .CreateSyntaxProvider(
                static (node, _) => SubscriptionsReader.EventClassName(node) is not null,
                static (syntaxContext, _) => SubscriptionsReader.EventClassName(syntaxContext.Node))
            .WithTrackingName(Steps.EventTypeNames)
            .Collect()
            .Select(static (names, _) => SubscriptionsReader.Distinct(names))
            .WithTrackingName(Steps.UsedEventTypes);

        var model = parsed
            .Combine(options)
            .Combine(subscriptions.Combine(usedEventTypes))
            .Combine(referencedCatalogue)
            .Select(static (input, _) =>
            {
                var (((result, generatorOptions), (subscribed, used)), reuse) = input;
                if (reuse)
                {
                    return (Catalogue: new CatalogueToEmit(EquatableArray<EventSpec>.Empty, EquatableArray<EventSpec>.Empty, EventSelection.Everything, generatorOptions, SpecFacts.Empty), Types: EquatableArray<TypeSpec>.Empty);
                }

                var selection = EventSelection.Of(generatorOptions, subscribed, used, result.Catalogue);
                var catalogue = CatalogueBuilder.Narrow(result.Catalogue, selection);

                // From the whole catalogue, not the narrowed one: an event the selection leaves out is still a Salla event.
                var facts = SpecFacts.From(result.Catalogue);
                return (Catalogue: new CatalogueToEmit(catalogue.Events, result.Catalogue.Events, selection, generatorOptions, facts), Types: catalogue.Types);
            })
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(
            parsed.Combine(options)
                .Select(static (input, _) => input.Left == SpecParseResult.NotRead
                    ? EquatableArray<string>.Empty
                    : input.Right.EventFilter
                        .Where(f => !input.Left.Catalogue.Events.Any(e => EventSelection.Matches(f, e.Name)))
                        .ToEquatableArray())
                .WithTrackingName(Steps.FilterProblems),
            static (spc, unknown) =>
            {
                foreach (var name in unknown)
                {
                    spc.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.UnknownEventInFilter, Location.None, name));
                }
            });

        var types = model
            .SelectMany(static (m, _) => m.Types.Select(t => new TypeToEmit(t, m.Catalogue.Options)))
            .WithTrackingName(Steps.Types);
        context.RegisterSourceOutput(types, static (spc, type) =>
            spc.AddSource(type.Type.Name + ".g.cs", SourceText.From(TypeEmitter.Emit(type), System.Text.Encoding.UTF8)));

        var events = model
            .SelectMany(static (m, _) => m.Catalogue.Events.Select(e => new EventToEmit(e, m.Catalogue.Options)))
            .WithTrackingName(Steps.Events);
        context.RegisterSourceOutput(events, static (spc, e) =>
            spc.AddSource(e.Event.ClassName + "Event.g.cs", SourceText.From(EventEmitter.Emit(e), System.Text.Encoding.UTF8)));

        var catalogue = model
            .Select(static (m, _) => m.Catalogue)
            .WithTrackingName(Steps.Catalogue);
        context.RegisterSourceOutput(catalogue, static (spc, c) =>
        {
            // Nothing to reuse nor to know: a referenced library carries the catalogue, or there are no specs at all.
            if (c.Known.Count == 0 && c.Facts.IsEmpty)
            {
                return;
            }

            spc.AddSource(CatalogueTypeName + ".g.cs", SourceText.From(CatalogueEmitter.EmitCatalogue(c), System.Text.Encoding.UTF8));
            spc.AddSource("SallaEventDispatcher.g.cs", SourceText.From(CatalogueEmitter.EmitDispatcher(c), System.Text.Encoding.UTF8));
        });

        // Test factories only where the test kit is referenced: they read its documented examples.
        var testKit = context.CompilationProvider
            .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == TestEventsEmitter.TestKitAssembly))
            .WithTrackingName(Steps.TestKit);

        // A test project that reuses the types of a referenced library (the app it tests) generates none of its
        // own, but still gets the factories: for the events the library's catalogue declares.
        var referencedTestEvents = context.CompilationProvider
            .Combine(options)
            .Combine(testKit)
            .Select(static (input, _) => input.Right ? ReferencedTestEvents(input.Left.Left, input.Left.Right.Namespace) : EquatableArray<TestEventRef>.Empty)
            .WithTrackingName(Steps.ReferencedTestEvents);
        context.RegisterSourceOutput(
            catalogue.Combine(testKit).Combine(referencedTestEvents).WithTrackingName(Steps.TestEvents),
            static (spc, input) =>
            {
                var ((c, kit), referenced) = input;
                if (!kit)
                {
                    return;
                }

                var events = c.Events.Count > 0
                    ? c.Events.Select(e => new TestEventRef(e.Name, e.ClassName)).ToEquatableArray()
                    : referenced;
                if (events.Count > 0)
                {
                    spc.AddSource("SallaTestEvents.g.cs", SourceText.From(TestEventsEmitter.Emit(c.Options, events), System.Text.Encoding.UTF8));
                }
            });
    }

    internal static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        var ns = SallaBuildProperties.ReadNamespace(options);
        var isPublic = !string.Equals(SallaBuildProperties.Read(options, SallaBuildProperties.Visibility), "internal", StringComparison.OrdinalIgnoreCase);
        var filter = SallaBuildProperties.Read(options, SallaBuildProperties.Events) is { } f
            ? f.Split(new[] { ';', ',' }, StringSplitOptions.RemoveEmptyEntries).Select(x => x.Trim()).Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).OrderBy(x => x, StringComparer.Ordinal).ToEquatableArray()
            : EquatableArray<string>.Empty;
        return new GeneratorOptions(ns, isPublic, filter);
    }

    private static bool HasReferencedCatalogue(Compilation compilation, string ns) => ReferencedCatalogue(compilation, ns) is not null;

    /// <summary>The public <c>SallaEvents</c> of <paramref name="ns"/> that a referenced assembly declares, if one does.</summary>
    private static INamedTypeSymbol? ReferencedCatalogue(Compilation compilation, string ns)
    {
        // Each assembly's set of type names is read from its metadata table; asking the compilation for the type
        // instead would first build the merged namespaces of every reference, much of a cold generator's time.
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (assembly.TypeNames.Contains(CatalogueTypeName)
                && assembly.GetTypeByMetadataName(ns + "." + CatalogueTypeName) is { DeclaredAccessibility: Accessibility.Public } catalogue)
            {
                return catalogue;
            }
        }

        return null;
    }

    private const string CatalogueTypeName = "SallaEvents";

    /// <summary>
    /// The events of a referenced library's public catalogue (<c>SallaEvents</c>' name constants whose
    /// <c>{Name}Event</c> type it declares), when no referenced assembly has <c>SallaTestEvents</c> already;
    /// otherwise none.
    /// </summary>
    private static EquatableArray<TestEventRef> ReferencedTestEvents(Compilation compilation, string ns)
    {
        if (ReferencedCatalogue(compilation, ns) is not { } catalogue
            || compilation.GetTypeByMetadataName(ns + ".SallaTestEvents") is not null)
        {
            return EquatableArray<TestEventRef>.Empty;
        }

        return catalogue.GetMembers()
            .OfType<IFieldSymbol>()
            .Where(f => f.IsConst && f.DeclaredAccessibility == Accessibility.Public && f.ConstantValue is string)
            .Where(f => catalogue.ContainingAssembly.GetTypeByMetadataName(ns + "." + f.Name + "Event") is { DeclaredAccessibility: Accessibility.Public })
            .Select(f => new TestEventRef((string)f.ConstantValue!, f.Name))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToEquatableArray();
    }

    private static Location ToLocation(SpecProblem problem)
    {
        var position = new LinePosition(Math.Max(problem.Line - 1, 0), Math.Max(problem.Column - 1, 0));
        return Location.Create(problem.FilePath, default, new LinePositionSpan(position, position));
    }
}
