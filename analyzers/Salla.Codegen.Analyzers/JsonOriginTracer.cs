using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Salla.Codegen.Analyzers;

/// <summary>Where a JSON value comes from: a Salla payload, of a known generated model or not.</summary>
internal sealed class JsonOrigin
{
    public static readonly JsonOrigin Unknown = new(null);

    public JsonOrigin(ITypeSymbol? model) => Model = model;

    /// <summary>The generated type (or collection of them) the JSON value is the wire form of; null when not known.</summary>
    public ITypeSymbol? Model { get; }
}

/// <summary>
/// Traces a JSON value back to the Salla payload it was read from: through member accesses and calls on it
/// (<c>GetProperty("data")</c>, <c>RootElement</c>, <c>.Value</c>, <c>EnumerateArray()</c>, indexers),
/// conversions, <c>JsonDocument.Parse</c> / <c>JsonNode.Parse</c> / <c>JsonSerializer.Deserialize</c> arguments,
/// and locals (an initializer when the local is never assigned again, a <c>foreach</c> over a traced collection,
/// an <c>out var</c> of a traced lookup, an <c>is</c> pattern), to a member of a <c>SallaObject</c>. Also the
/// vocabulary of reads by name the rules look for.
/// </summary>
internal sealed class JsonOriginTracer
{
    /// <summary>How many locals a trace may go through; bounds the work on long chains.</summary>
    private const int MaxLocalHops = 3;

    private readonly SallaSymbols _symbols;
    private readonly JsonSymbols _json;

    public JsonOriginTracer(SallaSymbols symbols, JsonSymbols json)
    {
        _symbols = symbols;
        _json = json;
    }

    /// <summary>Whether a method reads a member by name, and which parameter takes the name.</summary>
    public bool IsNamedRead(IMethodSymbol method, out IParameterSymbol nameParameter)
    {
        nameParameter = null!;
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        switch (method.Name)
        {
            case "GetProperty" or "TryGetProperty" when JsonSymbols.Is(type, _json.JsonElement):
            case "TryGetPropertyValue" or "ContainsKey" when JsonSymbols.Is(type, _json.JsonObject):
                return FirstParameter(method, out nameParameter);
            case "TryGetValue" or "ContainsKey" or "GetValueOrDefault":
                // Dictionary lookups (ExtensionData); whether the receiver is a payload's bag is decided by the trace.
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Name == "key" && parameter.Type.SpecialType == SpecialType.System_String)
                    {
                        nameParameter = parameter;
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool FirstParameter(IMethodSymbol method, out IParameterSymbol parameter)
    {
        parameter = method.Parameters.Length > 0 ? method.Parameters[0] : null!;
        return parameter is not null;
    }

    public static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, IParameterSymbol parameter)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.OriginalDefinition))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>What a call reads from: its instance, or the <c>this</c> argument of an extension method.</summary>
    public static IOperation? Receiver(IInvocationOperation invocation) =>
        invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

    /// <summary>A constant member name: a string (or <c>"..."u8</c>) literal or constant. Null for computed names.</summary>
    public static string? ConstantName(IOperation value)
    {
        var stripped = Strip(value);
        if (stripped is IUtf8StringOperation utf8)
        {
            return utf8.Value;
        }

        return stripped?.ConstantValue is { HasValue: true, Value: string name } ? name : value.ConstantValue is { HasValue: true, Value: string converted } ? converted : null;
    }

    /// <summary>Traces a JSON value (or a payload's extension bag) back to a Salla payload; null when it is not one.</summary>
    public JsonOrigin? Trace(IOperation? operation, CancellationToken cancellationToken) => Trace(operation, 0, cancellationToken);

    private JsonOrigin? Trace(IOperation? operation, int hops, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        operation = Strip(operation);
        switch (operation)
        {
            case ICoalesceOperation coalesce:
                return Trace(coalesce.Value, hops, cancellationToken);
            case IConditionalAccessInstanceOperation instance:
                return Trace(ConditionalAccessReceiver(instance), hops, cancellationToken);
            case IConditionalAccessOperation conditional:
                return Trace(conditional.WhenNotNull, hops, cancellationToken);
            case IPropertyReferenceOperation property:
                return TraceProperty(property, hops, cancellationToken);
            case IInvocationOperation invocation:
                return TraceInvocation(invocation, hops, cancellationToken);
            case IArrayElementReferenceOperation element:
                return Element(Trace(element.ArrayReference, hops, cancellationToken));
            case ILocalReferenceOperation local when hops < MaxLocalHops:
                return TraceLocal(local, hops + 1, cancellationToken);
            default:
                return null;
        }
    }

    private JsonOrigin? TraceProperty(IPropertyReferenceOperation reference, int hops, CancellationToken cancellationToken)
    {
        var property = reference.Property;
        if (property.IsStatic || reference.Instance is null)
        {
            return null;
        }

        var declaring = property.ContainingType;
        if (SallaSymbols.DerivesFrom(declaring, _symbols.SallaObject))
        {
            // A member of a payload: RawBody and ExtensionData are the JSON of the object itself,
            // a JsonElement member is free-form JSON of no known model, any other member is the typed value.
            return property.Name is "RawBody" or "ExtensionData"
                ? new JsonOrigin(reference.Instance.Type)
                : _json.IsJsonElement(property.Type) ? JsonOrigin.Unknown : new JsonOrigin(property.Type);
        }

        if (property.IsIndexer)
        {
            if (reference.Arguments.Length != 1)
            {
                return null;
            }

            var key = reference.Arguments[0];
            var inner = Trace(reference.Instance, hops, cancellationToken);
            return key.Value.Type?.SpecialType == SpecialType.System_String
                ? Step(inner, ConstantName(key.Value))
                : Element(inner);
        }

        if (declaring.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T
            || JsonSymbols.Is(declaring, _json.JsonDocument) || JsonSymbols.Is(declaring, _json.JsonElement) || JsonSymbols.Is(declaring, _json.JsonProperty)
            || _json.IsMemory(declaring))
        {
            // .Value of a nullable, RootElement, a JsonProperty's Value, a memory's Span: the same JSON.
            var inner = Trace(reference.Instance, hops, cancellationToken);
            return property.Name is "Value" or "RootElement" or "Span" ? inner : Unknown(inner);
        }

        if (_json.InNodesNamespace(declaring))
        {
            // Root, Parent, …: a payload still, but no longer the traced model.
            return Unknown(Trace(reference.Instance, hops, cancellationToken));
        }

        return null;
    }

    private JsonOrigin? TraceInvocation(IInvocationOperation invocation, int hops, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        if (method.IsStatic && !method.IsExtensionMethod)
        {
            // JsonDocument.Parse(e.RawBody), JsonNode.Parse(...), JsonSerializer.Deserialize<JsonElement>(...), JsonObject.Create(...).
            var parses = (_json.InJsonNamespace(type) || _json.InNodesNamespace(type))
                && method.Name is "Parse" or "ParseValue" or "Deserialize" or "Create";
            return parses && invocation.Arguments.Length > 0 ? Trace(invocation.Arguments[0].Value, hops, cancellationToken) : null;
        }

        if (method.IsExtensionMethod)
        {
            if (invocation.Arguments.Length == 0)
            {
                return null;
            }

            var source = Trace(invocation.Arguments[0].Value, hops, cancellationToken);
            if (source is null)
            {
                return null;
            }

            // LINQ over a traced array: First(), ElementAt(), Single() … give an element; Where(), Skip() … the same sequence.
            if (JsonSymbols.Is(type, _json.Enumerable))
            {
                return IsSequence(method.ReturnType) ? source : Element(source);
            }

            return NameArgument(invocation) is { } key ? Step(source, ConstantName(key.Value)) : null;
        }

        if (SallaSymbols.DerivesFrom(type, _json.Encoding) && method.Name == "GetString" && invocation.Arguments.Length > 0)
        {
            // Encoding.UTF8.GetString(e.RawBody.Span): the same body as text.
            return Trace(invocation.Arguments[0].Value, hops, cancellationToken);
        }

        var inner = Trace(invocation.Instance, hops, cancellationToken);
        if (inner is null)
        {
            return null;
        }

        switch (method.Name)
        {
            case "GetProperty" when JsonSymbols.Is(type, _json.JsonElement):
                return NameArgument(invocation) is { } name ? Step(inner, ConstantName(name.Value)) : JsonOrigin.Unknown;
            case "Clone" or "EnumerateArray" or "GetValueOrDefault" or "AsObject" or "AsArray" or "DeepClone" or "ToArray" or "AsMemory" or "AsSpan":
                return inner;
            default:
                return Unknown(inner);
        }
    }

    /// <summary>Follows a local to what it was declared from: its initializer, a foreach, an out variable, an is pattern.</summary>
    private JsonOrigin? TraceLocal(ILocalReferenceOperation reference, int hops, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        var model = reference.SemanticModel;
        if (model is null || local.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (declaration.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        switch (declaration)
        {
            case VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator:
                // A local assigned again may hold anything by the time it is read: its initializer says nothing then.
                return IsAssignedAfterDeclaration(local, declarator, model, cancellationToken)
                    ? null
                    : Trace(model.GetOperation(initializer, cancellationToken), hops, cancellationToken);
            case ForEachStatementSyntax forEach when model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation loop:
                return Element(Trace(loop.Collection, hops, cancellationToken));
            case SingleVariableDesignationSyntax designation:
                return TraceDesignation(designation, model, hops, cancellationToken);
            default:
                return null;
        }
    }

    private static bool IsAssignedAfterDeclaration(ILocalSymbol local, VariableDeclaratorSyntax declarator, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = declarator.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (scope is null)
        {
            return false;
        }

        foreach (var node in scope.DescendantNodes())
        {
            var target = node switch
            {
                AssignmentExpressionSyntax assignment => assignment.Left,
                ArgumentSyntax { RefKindKeyword.RawKind: not 0 } argument => argument.Expression,
                PrefixUnaryExpressionSyntax prefix => prefix.Operand,
                PostfixUnaryExpressionSyntax postfix => postfix.Operand,
                _ => null,
            };
            if (target is IdentifierNameSyntax name
                && name.Identifier.ValueText == local.Name
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
            {
                return true;
            }
        }

        return false;
    }

    private JsonOrigin? TraceDesignation(SingleVariableDesignationSyntax designation, SemanticModel model, int hops, CancellationToken cancellationToken)
    {
        switch (designation.Parent)
        {
            // element.TryGetProperty("items", out var items), order.ExtensionData.TryGetValue("x", out var x)
            case DeclarationExpressionSyntax { Parent: ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } } }
                when model.GetOperation(call, cancellationToken) is IInvocationOperation invocation
                    && IsNamedRead(invocation.TargetMethod, out var nameParameter)
                    && ArgumentFor(invocation, nameParameter) is { } name:
                return Step(Trace(Receiver(invocation), hops, cancellationToken), ConstantName(name.Value));

            // e.Data is JsonElement data, e.Data is { } data
            case DeclarationPatternSyntax { Parent: IsPatternExpressionSyntax isPattern }
                when model.GetOperation(isPattern, cancellationToken) is IIsPatternOperation operation:
                return Trace(operation.Value, hops, cancellationToken);
            case RecursivePatternSyntax { Parent: IsPatternExpressionSyntax isPattern }
                when model.GetOperation(isPattern, cancellationToken) is IIsPatternOperation operation:
                return Trace(operation.Value, hops, cancellationToken);
            default:
                return null;
        }
    }

    private static IArgumentOperation? NameArgument(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Name: "propertyName" or "key" or "name" } parameter
                && (parameter.Type.SpecialType == SpecialType.System_String || parameter.Type.Name == "ReadOnlySpan"))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>The member <paramref name="name"/> of a traced value: the model of that member, when the model has it.</summary>
    private JsonOrigin? Step(JsonOrigin? origin, string? name)
    {
        if (origin is null)
        {
            return null;
        }

        if (name is null || KnownModel(origin.Model) is not { } model)
        {
            return JsonOrigin.Unknown;
        }

        // The envelope: "data" is the event's Data.
        if (SallaSymbols.DerivesFrom(model, _symbols.SallaEvent))
        {
            return name == "data" && FindProperty(model, "Data") is { } data ? new JsonOrigin(ModelOf(data.Type)) : JsonOrigin.Unknown;
        }

        return FindMember(model, name) is { } member ? new JsonOrigin(ModelOf(member.Type)) : JsonOrigin.Unknown;
    }

    /// <summary>An element of a traced array.</summary>
    private JsonOrigin? Element(JsonOrigin? origin)
    {
        if (origin is null)
        {
            return null;
        }

        return origin.Model is { } model && ElementType(model) is { } element ? new JsonOrigin(ModelOf(element)) : JsonOrigin.Unknown;
    }

    private static JsonOrigin? Unknown(JsonOrigin? origin) => origin is null ? null : JsonOrigin.Unknown;

    /// <summary>A type as a model: nullable unwrapped; JSON itself is no model.</summary>
    private ITypeSymbol? ModelOf(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return _json.IsJsonElement(type) ? null : type;
    }

    /// <summary>A concrete generated payload type, the only kind whose members are known.</summary>
    public INamedTypeSymbol? KnownModel(ITypeSymbol? type) =>
        type is INamedTypeSymbol { IsAbstract: false, TypeKind: TypeKind.Class } named && SallaSymbols.DerivesFrom(named, _symbols.SallaObject)
            ? named
            : null;

    private static ITypeSymbol? ElementType(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (IsGenericEnumerable(type))
        {
            return ((INamedTypeSymbol)type).TypeArguments[0];
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (IsGenericEnumerable(candidate))
            {
                return candidate.TypeArguments[0];
            }
        }

        return null;
    }

    private static bool IsSequence(ITypeSymbol type)
    {
        if (IsGenericEnumerable(type))
        {
            return true;
        }

        foreach (var candidate in type.AllInterfaces)
        {
            if (IsGenericEnumerable(candidate))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsGenericEnumerable(ITypeSymbol type) =>
        type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Collections_Generic_IEnumerable_T };

    /// <summary>The property of a model (or its bases) read from JSON member <paramref name="jsonName"/>.</summary>
    public IPropertySymbol? FindMember(INamedTypeSymbol model, string jsonName)
    {
        for (var type = model; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is IPropertySymbol property && _symbols.JsonNameOf(property) == jsonName)
                {
                    return property;
                }
            }
        }

        return null;
    }

    private static IPropertySymbol? FindProperty(INamedTypeSymbol model, string name)
    {
        for (var type = model; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is IPropertySymbol { IsStatic: false } property)
                {
                    return property;
                }
            }
        }

        return null;
    }

    /// <summary>The receiver of the <c>?.</c> an operation sits under.</summary>
    private static IOperation? ConditionalAccessReceiver(IConditionalAccessInstanceOperation instance)
    {
        IOperation previous = instance;
        for (var current = instance.Parent; current is not null; previous = current, current = current.Parent)
        {
            if (current is IConditionalAccessOperation conditional && conditional.WhenNotNull == previous)
            {
                return conditional.Operation;
            }
        }

        return null;
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
