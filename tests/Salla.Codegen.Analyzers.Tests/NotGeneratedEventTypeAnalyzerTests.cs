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

    private static DiagnosticResult NotGenerated(int location, string type, string remedy) =>
        DiagnosticResult.CompilerError("SALLA104").WithLocation(location).WithArguments(type, "product.created", remedy);

    [Fact]
    public async Task A_type_of_an_event_the_subscriptions_leave_out_says_which_constant_to_add()
    {
        var test = new SallaAnalyzerTest<NotGeneratedEventTypeAnalyzer>(ProductHandler)
        {
            // What a project subscribed to order.created alone generates.
            EventFilter = "order.created",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.ExpectedDiagnostics.Add(NotGenerated(0, "IProductCreatedHandler", "add SallaEvents.ProductCreated to [assembly: SallaSubscriptions(...)]"));
        test.ExpectedDiagnostics.Add(NotGenerated(1, "ProductCreatedEvent", "add SallaEvents.ProductCreated to [assembly: SallaSubscriptions(...)]"));

        await test.RunAsync();
    }

    [Fact]
    public async Task When_the_property_chooses_the_events_it_names_the_property()
    {
        var test = new SallaAnalyzerTest<NotGeneratedEventTypeAnalyzer>(ProductHandler)
        {
            EventFilter = "order.created",
            CompilerDiagnostics = CompilerDiagnostics.None,
        };
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.SallaCodegenEvents = order.created\n"));
        test.ExpectedDiagnostics.Add(NotGenerated(0, "IProductCreatedHandler", "add 'product.created' to the SallaCodegenEvents property"));
        test.ExpectedDiagnostics.Add(NotGenerated(1, "ProductCreatedEvent", "add 'product.created' to the SallaCodegenEvents property"));

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
