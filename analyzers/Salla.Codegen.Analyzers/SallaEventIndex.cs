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

namespace Salla.Codegen.Analyzers;

/// <summary>A generated event: its name, class and handler interface (the one the generated dispatcher resolves).</summary>
internal sealed class SallaGeneratedEvent
{
    public SallaGeneratedEvent(string name, INamedTypeSymbol eventType, INamedTypeSymbol handlerInterface)
    {
        Name = name;
        EventType = eventType;
        HandlerInterface = handlerInterface;
    }

    public string Name { get; }

    public INamedTypeSymbol EventType { get; }

    public INamedTypeSymbol HandlerInterface { get; }

    public string HandlerDisplayName => HandlerInterface.Name;
}

/// <summary>
/// Per-compilation view of the Salla events: the generated event types and handler interfaces (in
/// source, or in a referenced assembly built against the runtime), the source classes handling them,
/// and the subscription declaration. Computed on first use, once per compilation, and shared by the
/// analyzers that need it (<see cref="For"/>).
/// </summary>
internal sealed class SallaEventIndex
{
    // One index per compilation for every analyzer that asks: each would otherwise walk every type of the
    // compilation to build the same catalogue. Weak, so a compilation the host drops takes its index along.
    private static readonly ConditionalWeakTable<Compilation, SallaEventIndex> Shared = new();

    private readonly ConcurrentDictionary<INamedTypeSymbol, string> _handlerEvents = new(SymbolEqualityComparer.Default);
    private readonly Compilation _compilation;
    private readonly SallaSymbols _symbols;
    private readonly AnalyzerOptions? _options;
    private readonly object _gate = new();
    private Catalogue? _catalogue;
    private Subscriptions? _subscriptions;
    private SallaSpecFacts? _specs;

    public SallaEventIndex(Compilation compilation, SallaSymbols symbols, AnalyzerOptions? options)
    {
        _compilation = compilation;
        _symbols = symbols;
        _options = options;
    }

    /// <summary>
    /// The index of <paramref name="compilation"/> every analyzer shares. A host that analyzes the same compilation
    /// with other options gets an index of its own, so no answer computed under one set of options leaks into another.
    /// </summary>
    public static SallaEventIndex For(Compilation compilation, SallaSymbols symbols, AnalyzerOptions options)
    {
        // Asked once per analyzer per compilation, so a lock costs nothing worth avoiding.
        lock (Shared)
        {
            if (Shared.TryGetValue(compilation, out var shared))
            {
                if (ReferenceEquals(shared._options, options))
                {
                    return shared;
                }

                Shared.Remove(compilation);
            }

            var created = new SallaEventIndex(compilation, symbols, options);
            Shared.Add(compilation, created);
            return created;
        }
    }

    public SallaSymbols Symbols => _symbols;

    /// <summary>What the specs say, as the generator wrote it on this compilation and its references; read once per compilation.</summary>
    public SallaSpecFacts GetSpecs(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _specs);
        if (cached is null)
        {
            // Not a Lazy<T>: a cancelled first read must not be cached.
            cached = SallaSpecFacts.Read(_compilation, _symbols, cancellationToken);
            lock (_gate)
            {
                _specs ??= cached;
                cached = _specs;
            }
        }

        return cached;
    }

    /// <summary>Whether <paramref name="name"/> is a documented, user-specified or generated event.</summary>
    public bool IsEventName(string name, CancellationToken cancellationToken) =>
        GetSpecs(cancellationToken).Events.ContainsKey(name) || GetCatalogue(cancellationToken).Events.ContainsKey(name);

    /// <summary>Every generated event, by name.</summary>
    public ImmutableDictionary<string, SallaGeneratedEvent> GetEvents(CancellationToken cancellationToken) => GetCatalogue(cancellationToken).Events;

    public SallaGeneratedEvent? GetEvent(string name, CancellationToken cancellationToken) =>
        GetCatalogue(cancellationToken).Events.TryGetValue(name, out var generated) ? generated : null;

    /// <summary>Whether a non-abstract source class implements the event's handler interface.</summary>
    public bool IsHandled(string name, CancellationToken cancellationToken) => GetCatalogue(cancellationToken).Handled.Contains(name);

    /// <summary>The source classes that implement at least one handler interface, by name.</summary>
    public ImmutableArray<INamedTypeSymbol> GetHandlerClasses(CancellationToken cancellationToken) => GetCatalogue(cancellationToken).HandlerClasses;

    /// <summary>The events the assembly's <c>SallaSubscriptions</c> attributes list, or null when it has none.</summary>
    public ImmutableHashSet<string>? GetSubscriptions(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _subscriptions);
        if (cached is null)
        {
            cached = ReadSubscriptions(cancellationToken);
            lock (_gate)
            {
                _subscriptions ??= cached;
                cached = _subscriptions;
            }
        }

        return cached.Names;
    }

    /// <summary>Whether <paramref name="attribute"/> is an assembly-level <c>SallaSubscriptions</c>.</summary>
    public bool IsSubscriptionsAttribute(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        if (attribute.Parent is not AttributeListSyntax { Target: { } target } || !target.Identifier.IsKind(SyntaxKind.AssemblyKeyword)
            || _symbols.SubscriptionsAttribute is null)
        {
            return false;
        }

        return model.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol constructor
            && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _symbols.SubscriptionsAttribute);
    }

    /// <summary>The constant event names of a <c>SallaSubscriptions</c> attribute with the syntax of each (params, array or collection expression).</summary>
    public static IEnumerable<(SyntaxNode Syntax, string Name)> SubscribedArguments(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
    {
        if (attribute.ArgumentList is null)
        {
            yield break;
        }

        foreach (var argument in attribute.ArgumentList.Arguments)
        {
            if (argument.NameEquals is not null)
            {
                continue;
            }

            var elements = argument.Expression switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Select(e => (SyntaxNode)e),
                ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions.Select(e => (SyntaxNode)e),
                CollectionExpressionSyntax collection => collection.Elements.OfType<ExpressionElementSyntax>().Select(e => (SyntaxNode)e.Expression),
                _ => new SyntaxNode[] { argument.Expression },
            };

            foreach (var element in elements)
            {
                if (element is ExpressionSyntax expression
                    && model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string name })
                {
                    yield return (element == argument.Expression ? argument : element, name);
                }
            }
        }
    }

    /// <summary>Whether a type may count as a handler: a non-abstract class.</summary>
    public static bool IsHandlerCandidate(INamedTypeSymbol type) => type.TypeKind == TypeKind.Class && !type.IsAbstract && !type.IsStatic;

    /// <summary>The events <paramref name="type"/> handles through generated handler interfaces.</summary>
    public IEnumerable<(INamedTypeSymbol Interface, string Name)> HandledEvents(INamedTypeSymbol type)
    {
        foreach (var candidate in type.AllInterfaces)
        {
            if (HandlerEvent(candidate) is { } name)
            {
                yield return (candidate, name);
            }
        }
    }

    /// <summary>
    /// The events <paramref name="type"/> handles that no non-abstract base class already handles
    /// (that base is reported on its own), sorted.
    /// </summary>
    public IReadOnlyList<string> OwnHandledEvents(INamedTypeSymbol type)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, name) in HandledEvents(type))
        {
            names.Add(name);
        }

        for (var baseType = type.BaseType; baseType is not null && names.Count > 0; baseType = baseType.BaseType)
        {
            if (IsHandlerCandidate(baseType))
            {
                foreach (var (_, name) in HandledEvents(baseType))
                {
                    names.Remove(name);
                }
            }
        }

        return names.ToList();
    }

    /// <summary>
    /// The event name when <paramref name="type"/> is a generated handler interface: an interface that
    /// extends <c>ISallaEventHandler&lt;TEvent&gt;</c> for a generated event type of its own assembly.
    /// </summary>
    public string? HandlerEvent(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Interface || _symbols.EventHandlerOfT is null)
        {
            return null;
        }

        // Asked for every interface of every class the symbol action sees; the answer needs the event type's attributes.
        var cached = _handlerEvents.GetOrAdd(type, t => FindHandlerEvent(t) ?? string.Empty);
        return cached.Length == 0 ? null : cached;
    }

    private string? FindHandlerEvent(INamedTypeSymbol type)
    {
        foreach (var baseInterface in type.Interfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(baseInterface.OriginalDefinition, _symbols.EventHandlerOfT)
                && baseInterface.TypeArguments.Length == 1
                && baseInterface.TypeArguments[0] is INamedTypeSymbol eventType
                && SymbolEqualityComparer.Default.Equals(eventType.ContainingAssembly, type.ContainingAssembly)
                && _symbols.EventNameOf(eventType) is { } name)
            {
                return name;
            }
        }

        return null;
    }

    private Catalogue GetCatalogue(CancellationToken cancellationToken)
    {
        var cached = Volatile.Read(ref _catalogue);
        if (cached is not null)
        {
            return cached;
        }

        // Not a Lazy<T>: a cancelled first build must not be cached.
        cached = BuildCatalogue(cancellationToken);
        lock (_gate)
        {
            _catalogue ??= cached;
            return _catalogue;
        }
    }

    private Catalogue BuildCatalogue(CancellationToken cancellationToken)
    {
        var eventTypes = new Dictionary<string, INamedTypeSymbol>(StringComparer.Ordinal);
        var interfaces = new Dictionary<string, INamedTypeSymbol>(StringComparer.Ordinal);
        var handled = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        var handlerClasses = new List<INamedTypeSymbol>();

        // Source first (generated into this project), then assemblies built against the runtime.
        foreach (var type in AllTypes(_compilation.Assembly.GlobalNamespace, cancellationToken))
        {
            Collect(type, eventTypes, interfaces);
            if (IsHandlerCandidate(type))
            {
                var any = false;
                foreach (var (_, name) in HandledEvents(type))
                {
                    handled.Add(name);
                    any = true;
                }

                if (any)
                {
                    handlerClasses.Add(type);
                }
            }
        }

        var runtime = _symbols.SallaObject?.ContainingAssembly;
        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (runtime is null || SymbolEqualityComparer.Default.Equals(assembly, runtime)
                || !assembly.Modules.Any(m => m.ReferencedAssemblies.Any(r => r.Name == runtime.Identity.Name)))
            {
                continue;
            }

            foreach (var type in AllTypes(assembly.GlobalNamespace, cancellationToken))
            {
                if (_compilation.IsSymbolAccessibleWithin(type, _compilation.Assembly))
                {
                    Collect(type, eventTypes, interfaces);
                }
            }
        }

        var events = ImmutableDictionary.CreateBuilder<string, SallaGeneratedEvent>(StringComparer.Ordinal);
        foreach (var pair in eventTypes)
        {
            if (interfaces.TryGetValue(pair.Key, out var handlerInterface))
            {
                events.Add(pair.Key, new SallaGeneratedEvent(pair.Key, pair.Value, handlerInterface));
            }
        }

        return new Catalogue(
            events.ToImmutable(),
            handled.ToImmutable(),
            handlerClasses.OrderBy(t => t.Name, StringComparer.Ordinal).ThenBy(t => t.ToDisplayString(), StringComparer.Ordinal).ToImmutableArray());
    }

    private void Collect(INamedTypeSymbol type, Dictionary<string, INamedTypeSymbol> eventTypes, Dictionary<string, INamedTypeSymbol> interfaces)
    {
        if (type.TypeKind == TypeKind.Class)
        {
            if (!type.IsAbstract && SallaSymbols.DerivesFrom(type, _symbols.SallaEvent) && _symbols.EventNameOf(type) is { } name && !eventTypes.ContainsKey(name))
            {
                eventTypes.Add(name, type);
            }
        }
        else if (type.TypeKind == TypeKind.Interface && HandlerEvent(type) is { } name && !interfaces.ContainsKey(name))
        {
            interfaces.Add(name, type);
        }
    }

    private static IEnumerable<INamedTypeSymbol> AllTypes(INamespaceSymbol root, CancellationToken cancellationToken)
    {
        var stack = new Stack<INamespaceOrTypeSymbol>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = stack.Pop();
            if (current is INamespaceSymbol ns)
            {
                foreach (var member in ns.GetMembers())
                {
                    stack.Push(member);
                }
            }
            else if (current is INamedTypeSymbol type)
            {
                yield return type;
                foreach (var nested in type.GetTypeMembers())
                {
                    stack.Push(nested);
                }
            }
        }
    }

    private Subscriptions ReadSubscriptions(CancellationToken cancellationToken)
    {
        if (_symbols.SubscriptionsAttribute is null)
        {
            return new Subscriptions(null);
        }

        ImmutableHashSet<string>.Builder? names = null;
        foreach (var attribute in _compilation.Assembly.GetAttributes())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _symbols.SubscriptionsAttribute))
            {
                continue;
            }

            names ??= ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (var argument in attribute.ConstructorArguments)
            {
                if (argument.Kind == TypedConstantKind.Array)
                {
                    foreach (var value in argument.Values)
                    {
                        if (value.Value is string name)
                        {
                            names.Add(name);
                        }
                    }
                }
                else if (argument.Value is string single)
                {
                    names.Add(single);
                }
            }
        }

        return new Subscriptions(names?.ToImmutable());
    }

    private sealed class Catalogue
    {
        public Catalogue(ImmutableDictionary<string, SallaGeneratedEvent> events, ImmutableHashSet<string> handled, ImmutableArray<INamedTypeSymbol> handlerClasses)
        {
            Events = events;
            Handled = handled;
            HandlerClasses = handlerClasses;
        }

        public ImmutableDictionary<string, SallaGeneratedEvent> Events { get; }

        public ImmutableHashSet<string> Handled { get; }

        public ImmutableArray<INamedTypeSymbol> HandlerClasses { get; }
    }

    private sealed class Subscriptions
    {
        public Subscriptions(ImmutableHashSet<string>? names) => Names = names;

        public ImmutableHashSet<string>? Names { get; }
    }
}
