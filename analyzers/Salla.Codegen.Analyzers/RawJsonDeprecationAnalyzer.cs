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
/// (<see cref="SallaSpecFacts.DeprecatedJsonFields"/>).
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

            var index = SallaEventIndex.For(start.Compilation, symbols, start.Options).GetSpecs(start.CancellationToken);
            if (index.DeprecatedJsonFields.IsEmpty)
            {
                return;
            }

            var analysis = new Analysis(symbols, JsonSymbols.From(start.Compilation), index);
            start.RegisterOperationAction(analysis.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(analysis.AnalyzePropertyReference, OperationKind.PropertyReference);
        });
    }

    private sealed class Analysis
    {
        private readonly SallaSymbols _symbols;
        private readonly JsonSymbols _json;
        private readonly JsonOriginTracer _tracer;
        private readonly SallaSpecFacts _index;

        public Analysis(SallaSymbols symbols, JsonSymbols json, SallaSpecFacts index)
        {
            _symbols = symbols;
            _json = json;
            _tracer = new JsonOriginTracer(symbols, json);
            _index = index;
        }

        /// <summary>A read by name through a method: <c>GetProperty</c>, <c>TryGetProperty</c>, <c>TryGetPropertyValue</c>, <c>TryGetValue</c>, …</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (!_tracer.IsNamedRead(method, out var nameParameter))
            {
                return;
            }

            var nameArgument = JsonOriginTracer.ArgumentFor(invocation, nameParameter);
            if (nameArgument is null || JsonOriginTracer.ConstantName(nameArgument.Value) is not { } name || !_index.DeprecatedJsonFields.ContainsKey(name))
            {
                return;
            }

            var receiver = JsonOriginTracer.Receiver(invocation);
            if (receiver is null)
            {
                return;
            }

            var origin = _tracer.Trace(receiver, context.CancellationToken);
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
                || !(parameter.Name == "key" || _json.InNodesNamespace(property.ContainingType)))
            {
                return;
            }

            // Writing a member is not reading the deprecated field.
            if (reference.Parent is IAssignmentOperation assignment && assignment.Target == reference)
            {
                return;
            }

            var value = reference.Arguments[0].Value;
            if (JsonOriginTracer.ConstantName(value) is not { } name || !_index.DeprecatedJsonFields.ContainsKey(name))
            {
                return;
            }

            Report(context, _tracer.Trace(reference.Instance, context.CancellationToken), name, value.Syntax);
        }

        private void Report(OperationAnalysisContext context, JsonOrigin? origin, string name, SyntaxNode nameSyntax)
        {
            if (origin is null)
            {
                return;
            }

            string since;
            string replacement;
            if (_tracer.KnownModel(origin.Model) is { } model)
            {
                // The model says whether this object's member is deprecated, and with what date and replacement.
                if (_tracer.FindMember(model, name) is not { } member || _symbols.DeprecationOf(member) is not { } deprecation)
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
    }
}
