using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class NotGeneratedEventTypeAnalyzerTests
{
    private const string ProductHandler = """
        using System.Threading;
        using System.Threading.Tasks;
        using Salla.Codegen;
        using Salla.Events;

        [assembly: SallaSubscriptions(SallaEvents.OrderCreated)]

        sealed class Products : {|#0:IProductCreatedHandler|}
        {
            public ValueTask HandleAsync({|#1:ProductCreatedEvent|} salla, CancellationToken cancellationToken) => default;
        }

        sealed class Orders : IOrderCreatedHandler
        {
            public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
        }
        """;

    private static DiagnosticResult NotGenerated(int location, string type) =>
        DiagnosticResult.CompilerError("SALLA104").WithLocation(location).WithArguments(type, "product.created");

    [Fact]
    public async Task A_type_of_an_event_the_property_leaves_out_says_what_to_add_to_it()
    {
        var test = new SallaAnalyzerTest<NotGeneratedEventTypeAnalyzer>(ProductHandler)
        {
            EventFilter = "order.created",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.SallaCodegenEvents = order.created\n"));
        test.ExpectedDiagnostics.Add(NotGenerated(0, "IProductCreatedHandler"));
        test.ExpectedDiagnostics.Add(NotGenerated(1, "ProductCreatedEvent"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Without_the_property_nothing_is_reported_the_generator_generates_what_the_code_names()
    {
        // The types missing here are what a stale build would lack: the generator adds every event the code names.
        var test = new SallaAnalyzerTest<NotGeneratedEventTypeAnalyzer>(ProductHandler)
        {
            EventFilter = "order.created",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task A_generated_type_that_is_only_not_imported_is_the_compilers_business()
    {
        // Every event generated: ProductCreatedEvent exists, the file only lacks its using.
        var test = new SallaAnalyzerTest<NotGeneratedEventTypeAnalyzer>("""
            sealed class Holder
            {
                public {|CS0246:ProductCreatedEvent|}? Last;
            }
            """);

        await test.RunAsync();
    }
}
