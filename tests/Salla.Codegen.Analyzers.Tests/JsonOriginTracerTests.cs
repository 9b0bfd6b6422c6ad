using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

/// <summary>The raw-JSON trace on its own: which payload model (if any) the receiver of a read by name is the JSON of.</summary>
public class JsonOriginTracerTests
{
    [Theory]
    [InlineData("JsonDocument.Parse(e.RawBody).RootElement.GetProperty(\"data\")", "Order")]
    [InlineData("JsonDocument.Parse(e.RawBody).RootElement", "OrderCreatedEvent")]
    [InlineData("JsonSerializer.Deserialize<JsonElement>(e.RawBody.Span).GetProperty(\"data\").GetProperty(\"items\")[0]", "OrderItem")]
    [InlineData("JsonDocument.Parse(e.RawBody).RootElement.GetProperty(\"data\").GetProperty(\"whatever\")", "(unknown model)")]
    [InlineData("JsonDocument.Parse(\"{}\").RootElement", "(not a payload)")]
    public async Task Traces_an_expression(string expression, string expected)
    {
        var (tracer, receiver, _) = await ReceiverOfTheRead($$"""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                bool M(OrderCreatedEvent e) => {{expression}}.TryGetProperty("checkout_url", out _);
            }
            """);

        Assert.Equal(expected, Describe(tracer.Trace(receiver, CancellationToken.None)));
    }

    [Fact]
    public async Task A_local_is_traced_to_its_initializer()
    {
        var (tracer, receiver, _) = await ReceiverOfTheRead("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                bool M(OrderCreatedEvent e)
                {
                    var data = JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data");
                    return data.TryGetProperty("checkout_url", out _);
                }
            }
            """);

        Assert.Equal("Order", Describe(tracer.Trace(receiver, CancellationToken.None)));
    }

    [Theory]
    [InlineData("data = JsonDocument.Parse(\"{}\").RootElement;")]
    [InlineData("Replace(out data);")]
    [InlineData("Update(ref data);")]
    public async Task A_reassigned_local_is_not_traced_to_its_initializer(string reassignment)
    {
        var (tracer, receiver, _) = await ReceiverOfTheRead($$"""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                bool M(OrderCreatedEvent e)
                {
                    var data = JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data");
                    {{reassignment}}
                    return data.TryGetProperty("checkout_url", out _);
                }

                static void Replace(out JsonElement element) => element = default;

                static void Update(ref JsonElement element) => element = default;
            }
            """);

        Assert.Equal("(not a payload)", Describe(tracer.Trace(receiver, CancellationToken.None)));
    }

    [Fact]
    public async Task A_type_that_is_only_named_like_System_Text_Json_is_not_a_read()
    {
        var (tracer, _, method) = await ReceiverOfTheRead("""
            using Salla.Events;

            namespace Fake
            {
                struct JsonElement
                {
                    public bool TryGetProperty(string name, out JsonElement value) { value = default; return false; }
                }

                class C
                {
                    bool M(JsonElement element) => element.TryGetProperty("checkout_url", out _);
                }
            }
            """);

        Assert.False(tracer.IsNamedRead(method, out _));
    }

    private static string Describe(JsonOrigin? origin) =>
        origin is null ? "(not a payload)" : origin.Model?.Name ?? "(unknown model)";

    /// <summary>Compiles <paramref name="source"/> and returns the receiver of its only <c>TryGetProperty</c> call.</summary>
    private static async Task<(JsonOriginTracer Tracer, IOperation? Receiver, IMethodSymbol Method)> ReceiverOfTheRead(string source)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest));
        var compilation = await SallaTestSetup.CompileAsync("TracerTest", tree);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var model = compilation.GetSemanticModel(tree);
        var call = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "TryGetProperty" });
        var invocation = Assert.IsAssignableFrom<IInvocationOperation>(model.GetOperation(call));
        var tracer = new JsonOriginTracer(SallaSymbols.From(compilation), JsonSymbols.From(compilation));
        return (tracer, JsonOriginTracer.Receiver(invocation), invocation.TargetMethod);
    }
}
