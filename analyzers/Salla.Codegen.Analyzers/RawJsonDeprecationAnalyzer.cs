using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Salla.Codegen.Generator.Diagnostics;

namespace Salla.Codegen.Analyzers;

/// <summary>
/// SALLA202: reading a field that Salla deprecated by its JSON name from the raw JSON of a Salla payload.
/// </summary>
/// <remarks>
/// <para>
/// Reads: <c>JsonElement.GetProperty/TryGetProperty(name)</c>, the <c>JsonNode</c> indexer
/// <c>[name]</c>, <c>JsonObject.TryGetPropertyValue/ContainsKey(name)</c>, and a <c>key</c> lookup
/// (indexer, <c>TryGetValue</c>, <c>ContainsKey</c>, <c>GetValueOrDefault</c>) on a payload's
/// <c>ExtensionData</c>. The name must be a constant, and one the specs mark deprecated
/// (<see cref="SallaSpecIndex.DeprecatedJsonFields"/>).
/// </para>
/// <para>
/// Scope: the receiver must come from a Salla payload, traced back through member accesses and calls
/// on it (<c>GetProperty("data")</c>, <c>RootElement</c>, <c>.Value</c>, <c>EnumerateArray()</c>,
/// indexers), conversions, <c>JsonDocument.Parse</c> / <c>JsonNode.Parse</c> /
/// <c>JsonSerializer.Deserialize</c> arguments, and through locals (their initializer, a
/// <c>foreach</c> over a traced collection, an <c>out var</c> of a traced lookup, an
/// <c>is</c> pattern), to a member of a type deriving from <c>Salla.Codegen.SallaObject</c>:
/// <c>RawBody</c>, <c>Data</c>, <c>ExtensionData</c>, a <c>JsonElement?</c> property. JSON that
/// cannot be traced to a payload is not Salla's, and nothing is reported on it.
/// </para>
/// <para>
/// Where the trace knows which generated model the JSON is (an order's body, its items), the model
/// decides: only a member the model itself marks deprecated is reported, with the model's own date and
/// replacement, so the live <c>checkout_url</c> of an abandoned cart is not. Where it does not (a
/// <c>SallaUnknownEvent</c>'s data, a free-form member), the name decides.
/// </para>
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RawJsonDeprecationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>How many locals a trace may go through; bounds the work on long chains.</summary>
    private const int MaxLocalHops = 3;

    private static readonly string[] JsonNamespace = { "System", "Text", "Json" };
    private static readonly string[] JsonNodesNamespace = { "System", "Text", "Json", "Nodes" };
    private static readonly string[] SystemNamespace = { "System" };
    private static readonly string[] TextNamespace = { "System", "Text" };
    private static readonly string[] LinqNamespace = { "System", "Linq" };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SallaDiagnostics.DeprecatedRawField);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var symbols = SallaSymbols.From(start.Compilation);
            if (!symbols.IsSallaProject)
            {
                return;
            }

            var index = SallaSpecIndex.For(start.Options, start.CancellationToken);
            if (index.DeprecatedJsonFields.IsEmpty)
            {
                return;
            }

            var analysis = new Analysis(symbols, index);
            start.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(analysis.AnalyzePropertyReference, OperationKind.PropertyReference);
        });
    }

    /// <summary>Where a JSON value comes from: a Salla payload, of a known generated model or not.</summary>
    private sealed class Origin
    {
        public static readonly Origin Unknown = new(null);

        public Origin(ITypeSymbol? model) => Model = model;

        /// <summary>The generated type (or collection of them) the JSON value is the wire form of; null when not known.</summary>
        public ITypeSymbol? Model { get; }
    }

    private sealed class Analysis
    {
        private readonly SallaSymbols _symbols;
        private readonly SallaSpecIndex _index;

        public Analysis(SallaSymbols symbols, SallaSpecIndex index)
        {
            _symbols = symbols;
            _index = index;
        }

        /// <summary>A read by name through a method: <c>GetProperty</c>, <c>TryGetProperty</c>, <c>TryGetPropertyValue</c>, <c>TryGetValue</c>, …</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!IsNamedRead(method, out var nameParameter))
            {
                return;
            }

            var nameArgument = ArgumentFor(invocation, nameParameter);
            if (nameArgument is null || ConstantName(nameArgument.Value) is not { } name || !_index.DeprecatedJsonFields.ContainsKey(name))
            {
                return;
            }

            var receiver = Receiver(invocation);
            if (receiver is null)
            {
                return;
            }

            var origin = Trace(receiver, 0, context.CancellationToken);
            Report(context, origin, name, nameArgument.Value.Syntax);
        }

        /// <summary>A read by name through an indexer: <c>node["checkout_url"]</c>, <c>order.ExtensionData["checkout_url"]</c>.</summary>
        public void AnalyzePropertyReference(OperationAnalysisContext context)
        {
            var reference = (IPropertyReferenceOperation)context.Operation;
            var property = reference.Property;
            if (!property.IsIndexer || property.Parameters.Length != 1 || reference.Instance is null || reference.Arguments.Length != 1)
            {
                return;
            }

            var parameter = property.Parameters[0];
            if (parameter.Type.SpecialType != SpecialType.System_String
                || !(parameter.Name == "key" || IsInNamespace(property.ContainingType, JsonNodesNamespace)))
            {
                return;
            }

            // Writing a member is not reading the deprecated field.
            if (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference)
            {
                return;
            }

            var value = reference.Arguments[0].Value;
            if (ConstantName(value) is not { } name || !_index.DeprecatedJsonFields.ContainsKey(name))
            {
                return;
            }

            Report(context, Trace(reference.Instance, 0, context.CancellationToken), name, value.Syntax);
        }

        private void Report(OperationAnalysisContext context, Origin? origin, string name, SyntaxNode nameSyntax)
        {
            if (origin is null)
            {
                return;
            }

            string since;
            string replacement;
            if (KnownModel(origin.Model) is { } model)
            {
                // The model says whether this object's member is deprecated, and with what date and replacement.
                if (FindMember(model, name) is not { } member || DeprecationOf(member) is not { } deprecation)
                {
                    return;
                }

                (since, replacement) = deprecation;
            }
            else
            {
                var deprecation = _index.DeprecatedJsonFields[name];
                since = deprecation.Since;
                replacement = deprecation.Replacement;
            }

            context.ReportDiagnostic(Diagnostic.Create(SallaDiagnostics.DeprecatedRawField, nameSyntax.GetLocation(), name, since, replacement));
        }

        /// <summary>Whether a method reads a member by name, and which parameter takes the name.</summary>
        private static bool IsNamedRead(IMethodSymbol method, out IParameterSymbol nameParameter)
        {
            nameParameter = null!;
            var type = method.ContainingType;
            if (type is null)
            {
                return false;
            }

            switch (method.Name)
            {
                case "GetProperty" or "TryGetProperty" when type.Name == "JsonElement" && IsInNamespace(type, JsonNamespace):
                case "TryGetPropertyValue" or "ContainsKey" when type.Name == "JsonObject" && IsInNamespace(type, JsonNodesNamespace):
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

        private static IArgumentOperation? ArgumentFor(IInvocationOperation invocation, IParameterSymbol parameter)
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
        private static IOperation? Receiver(IInvocationOperation invocation) =>
            invocation.Instance ?? (invocation.TargetMethod.IsExtensionMethod && invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);

        /// <summary>A constant member name: a string (or <c>"..."u8</c>) literal or constant. Null for computed names.</summary>
        private static string? ConstantName(IOperation value)
        {
            var stripped = Strip(value);
            if (stripped is IUtf8StringOperation utf8)
            {
                return utf8.Value;
            }

            return stripped?.ConstantValue is { HasValue: true, Value: string name } ? name : value.ConstantValue is { HasValue: true, Value: string converted } ? converted : null;
        }

        /// <summary>Traces a JSON value (or a payload's extension bag) back to a Salla payload; null when it is not one.</summary>
        private Origin? Trace(IOperation? operation, int hops, CancellationToken cancellationToken)
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

        private Origin? TraceProperty(IPropertyReferenceOperation reference, int hops, CancellationToken cancellationToken)
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
                    ? new Origin(reference.Instance.Type)
                    : IsJsonElement(property.Type) ? Origin.Unknown : new Origin(property.Type);
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
                || (declaring.Name is "JsonDocument" or "JsonElement" or "JsonProperty" && IsInNamespace(declaring, JsonNamespace))
                || (declaring.Name is "ReadOnlyMemory" or "Memory" && IsInNamespace(declaring, SystemNamespace)))
            {
                // .Value of a nullable, RootElement, a JsonProperty's Value, a memory's Span: the same JSON.
                var inner = Trace(reference.Instance, hops, cancellationToken);
                return property.Name is "Value" or "RootElement" or "Span" ? inner : Unknown(inner);
            }

            if (IsInNamespace(declaring, JsonNodesNamespace))
            {
                // Root, Parent, …: a payload still, but no longer the traced model.
                return Unknown(Trace(reference.Instance, hops, cancellationToken));
            }

            return null;
        }

        private Origin? TraceInvocation(IInvocationOperation invocation, int hops, CancellationToken cancellationToken)
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
                var parses = (IsInNamespace(type, JsonNamespace) || IsInNamespace(type, JsonNodesNamespace))
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
                if (type.Name == "Enumerable" && IsInNamespace(type, LinqNamespace))
                {
                    return IsSequence(method.ReturnType) ? source : Element(source);
                }

                return NameArgument(invocation) is { } key ? Step(source, ConstantName(key.Value)) : null;
            }

            if (type.Name == "Encoding" && IsInNamespace(type, TextNamespace) && method.Name == "GetString" && invocation.Arguments.Length > 0)
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
                case "GetProperty" when type.Name == "JsonElement":
                    return NameArgument(invocation) is { } name ? Step(inner, ConstantName(name.Value)) : Origin.Unknown;
                case "Clone" or "EnumerateArray" or "GetValueOrDefault" or "AsObject" or "AsArray" or "DeepClone" or "ToArray" or "AsMemory" or "AsSpan":
                    return inner;
                default:
                    return Unknown(inner);
            }
        }

        /// <summary>Follows a local to what it was declared from: its initializer, a foreach, an out variable, an is pattern.</summary>
        private Origin? TraceLocal(ILocalReferenceOperation reference, int hops, CancellationToken cancellationToken)
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
                case VariableDeclaratorSyntax { Initializer.Value: { } initializer }:
                    return Trace(model.GetOperation(initializer, cancellationToken), hops, cancellationToken);
                case ForEachStatementSyntax forEach when model.GetOperation(forEach, cancellationToken) is IForEachLoopOperation loop:
                    return Element(Trace(loop.Collection, hops, cancellationToken));
                case SingleVariableDesignationSyntax designation:
                    return TraceDesignation(designation, model, hops, cancellationToken);
                default:
                    return null;
            }
        }

        private Origin? TraceDesignation(SingleVariableDesignationSyntax designation, SemanticModel model, int hops, CancellationToken cancellationToken)
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
        private Origin? Step(Origin? origin, string? name)
        {
            if (origin is null)
            {
                return null;
            }

            if (name is null || KnownModel(origin.Model) is not { } model)
            {
                return Origin.Unknown;
            }

            // The envelope: "data" is the event's Data.
            if (SallaSymbols.DerivesFrom(model, _symbols.SallaEvent))
            {
                return name == "data" && FindProperty(model, "Data") is { } data ? new Origin(ModelOf(data.Type)) : Origin.Unknown;
            }

            return FindMember(model, name) is { } member ? new Origin(ModelOf(member.Type)) : Origin.Unknown;
        }

        /// <summary>An element of a traced array.</summary>
        private Origin? Element(Origin? origin)
        {
            if (origin is null)
            {
                return null;
            }

            return origin.Model is { } model && ElementType(model) is { } element ? new Origin(ModelOf(element)) : Origin.Unknown;
        }

        private static Origin? Unknown(Origin? origin) => origin is null ? null : Origin.Unknown;

        /// <summary>A type as a model: nullable unwrapped; JSON itself is no model.</summary>
        private static ITypeSymbol? ModelOf(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return IsJsonElement(type) ? null : type;
        }

        /// <summary>A concrete generated payload type, the only kind whose members are known.</summary>
        private INamedTypeSymbol? KnownModel(ITypeSymbol? type) =>
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
        private IPropertySymbol? FindMember(INamedTypeSymbol model, string jsonName)
        {
            for (var type = model; type is not null; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    if (member is IPropertySymbol property && JsonNameOf(property) == jsonName)
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

        private string? JsonNameOf(IPropertySymbol property)
        {
            foreach (var attribute in property.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _symbols.MemberAttribute) && attribute.ConstructorArguments.Length == 1)
                {
                    return attribute.ConstructorArguments[0].Value as string;
                }
            }

            return null;
        }

        private (string Since, string Replacement)? DeprecationOf(IPropertySymbol property)
        {
            foreach (var attribute in property.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _symbols.DeprecatedAttribute) && attribute.ConstructorArguments.Length == 2)
                {
                    return (attribute.ConstructorArguments[0].Value as string ?? "?", attribute.ConstructorArguments[1].Value as string ?? "?");
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

        private static bool IsJsonElement(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type.Name == "JsonElement" && IsInNamespace(type, JsonNamespace);
        }

        /// <summary>Whether <paramref name="type"/> is declared directly in the namespace made of <paramref name="parts"/>.</summary>
        private static bool IsInNamespace(ITypeSymbol? type, string[] parts)
        {
            var current = type?.ContainingNamespace;
            for (var i = parts.Length - 1; i >= 0; i--)
            {
                if (current is null || current.IsGlobalNamespace || current.Name != parts[i])
                {
                    return false;
                }

                current = current.ContainingNamespace;
            }

            return current is { IsGlobalNamespace: true };
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
