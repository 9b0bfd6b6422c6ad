using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// <c>SallaTestEvents</c>: written only into a project that references the Salla.Codegen.Testing kit,
/// one factory per generated event, and compiling against the kit's <c>SallaTestEvent.FromExample</c>.
/// </summary>
public class TestEventsTests
{
    // The kit's entry point as the factories call it; the kit itself has its own tests.
    private const string TestKitSource = """
        namespace Salla.Codegen.Testing
        {
            public static class SallaTestEvent
            {
                public static TEvent FromExample<TEvent>(string eventName, System.Func<System.ReadOnlyMemory<byte>, TEvent> parse, System.Action<TEvent>? edit)
                    where TEvent : Salla.Codegen.SallaEvent => throw new System.NotSupportedException(eventName);
            }
        }
        """;

    [Fact]
    public void A_project_without_the_test_kit_gets_no_test_factories()
    {
        Assert.DoesNotContain(GeneratorHost.DefaultRun.Result.GeneratedSources, s => s.HintName == "SallaTestEvents.g.cs");
    }

    [Fact]
    public void A_project_with_the_test_kit_gets_one_factory_per_event_and_compiles()
    {
        var kit = GeneratorHost.EmitToImageReference(GeneratorHost.CreateCompilation("Salla.Codegen.Testing", TestKitSource));
        var consumer = GeneratorHost.CreateCompilation("KitConsumer", GeneratorHost.ConsumerSource, new[] { kit });

        var run = GeneratorHost.Run(consumer, GeneratorHost.Properties(("SallaCodegenEvents", "order.created;storetax.*")));

        var source = Assert.Single(run.Result.GeneratedSources, s => s.HintName == "SallaTestEvents.g.cs").SourceText.ToString();
        Assert.Contains("public static global::Salla.Events.OrderCreatedEvent OrderCreated(global::System.Action<global::Salla.Events.OrderCreatedEvent>? edit = null) =>", source, System.StringComparison.Ordinal);
        Assert.Contains("SallaTestEvent.FromExample(global::Salla.Events.StoretaxCreatedEvent.Name, global::Salla.Events.StoretaxCreatedEvent.Parse, edit);", source, System.StringComparison.Ordinal);
        Assert.DoesNotContain("OrderUpdated", source, System.StringComparison.Ordinal);
        GeneratorHost.AssertClean(run.Output);

        var factories = run.Output.GetTypeByMetadataName("Salla.Events.SallaTestEvents")!.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).Select(m => m.Name);
        Assert.Equal(new[] { "OrderCreated", "StoretaxCreated" }, factories.OrderBy(n => n, System.StringComparer.Ordinal));
    }

    [Fact]
    public void A_test_project_that_reuses_a_referenced_librarys_types_gets_factories_for_the_librarys_events()
    {
        var properties = GeneratorHost.Properties(("SallaCodegenEvents", "order.created;storetax.*"));
        var library = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource), properties);
        var libraryReference = GeneratorHost.EmitToImageReference(library.Output);
        var kit = GeneratorHost.EmitToImageReference(GeneratorHost.CreateCompilation("Salla.Codegen.Testing", TestKitSource));
        const string TestSource = """
            namespace Shop.Tests
            {
                internal static class UsesFactories
                {
                    public static long? Id() => global::Salla.Events.SallaTestEvents.OrderCreated(e => e.Merchant = 7).Data?.Id;
                }
            }
            """;

        var tests = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Tests", TestSource, new[] { libraryReference, kit }), properties);

        var source = Assert.Single(tests.Result.GeneratedSources).SourceText.ToString();
        Assert.Contains("SallaTestEvent.FromExample(global::Salla.Events.OrderCreatedEvent.Name, global::Salla.Events.OrderCreatedEvent.Parse, edit);", source, System.StringComparison.Ordinal);
        GeneratorHost.AssertClean(tests.Output);
        var factories = tests.Output.GetTypeByMetadataName("Salla.Events.SallaTestEvents")!.GetMembers().OfType<IMethodSymbol>().Where(m => m.MethodKind == MethodKind.Ordinary).ToList();
        Assert.Equal(new[] { "OrderCreated", "StoretaxCreated" }, factories.Select(m => m.Name).OrderBy(n => n, System.StringComparer.Ordinal));
        Assert.All(factories, m => Assert.Equal("Shop.Library", m.ReturnType.ContainingAssembly.Name));
    }

    [Fact]
    public void A_project_that_reuses_a_library_without_the_test_kit_gets_nothing()
    {
        var properties = GeneratorHost.Properties(("SallaCodegenEvents", "order.created"));
        var library = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource), properties);

        var app = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.App", "namespace Shop.App { }", new[] { GeneratorHost.EmitToImageReference(library.Output) }), properties);

        Assert.Empty(app.Result.GeneratedSources);
    }
}
