using System.Linq;
using Microsoft.CodeAnalysis;
using Salla.Codegen.Generator.Model;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// A solution where a library and the app that references it both run the generator: the app reuses the library's
/// public types rather than declaring the same ones again (which would be CS0436 on every use).
/// </summary>
public class TwoProjectTests
{
    private const string AppSource = """
        namespace App
        {
            internal static class UsesEvents
            {
                public static string Describe(global::Salla.Events.OrderCreatedEvent e) =>
                    global::Salla.Events.OrderCreatedEvent.Name + " " + e.Data?.Id + " " + global::Salla.Events.SallaEvents.All.Count;

                public static global::Salla.Events.SallaEventDispatcher Dispatcher(global::System.IServiceProvider services) => new(services);

                private sealed class Handler : global::Salla.Events.IOrderCreatedHandler
                {
                    public global::System.Threading.Tasks.ValueTask HandleAsync(global::Salla.Events.OrderCreatedEvent e, global::System.Threading.CancellationToken cancellationToken) => default;
                }
            }
        }
        """;

    // The library and the app generate the order events only, to keep the suite fast; the full set is compiled elsewhere.
    private const string Filter = "order.*";

    [Fact]
    public void App_reuses_a_referenced_library_with_public_generated_types()
    {
        var library = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource), GeneratorHost.Properties(("SallaCodegenEvents", Filter)));
        library.AssertNoCrash();
        Assert.NotEmpty(library.Result.GeneratedSources);
        var libraryReference = GeneratorHost.EmitToImageReference(library.Output);

        var app = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.App", AppSource, new[] { libraryReference }), GeneratorHost.Properties(("SallaCodegenEvents", Filter)));

        app.AssertNoCrash();
        Assert.Empty(app.Result.GeneratedSources);
        Assert.Empty(app.Result.Diagnostics);
        Assert.Equal("Shop.Library", app.Output.GetTypeByMetadataName("Salla.Events.OrderCreatedEvent")!.ContainingAssembly.Name);
        var diagnostics = app.Output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, GeneratorHost.Format(diagnostics));
    }

    [Fact]
    public void App_that_reuses_a_referenced_catalogue_reads_no_spec_unless_it_has_specs_of_its_own()
    {
        var library = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource), GeneratorHost.Properties(("SallaCodegenEvents", Filter)));
        var libraryReference = GeneratorHost.EmitToImageReference(library.Output);
        var appCompilation = GeneratorHost.CreateCompilation("Shop.App", AppSource, new[] { libraryReference });

        var reusing = GeneratorHost.Run(appCompilation);
        var withSpec = GeneratorHost.Run(appCompilation, additionalTexts: new[] { UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty) });

        Assert.Same(SpecParseResult.NotRead, ParsedOutput(reusing));
        Assert.Empty(reusing.Result.GeneratedSources);
        Assert.Empty(reusing.Result.Diagnostics);
        var parsed = Assert.IsType<SpecParseResult>(ParsedOutput(withSpec));
        Assert.Contains(parsed.Catalogue.Events, e => e.Name == "order.created");
    }

    private static object ParsedOutput(GeneratorRun run) =>
        Assert.Single(Assert.Single(run.Result.TrackedSteps[SallaEventsGenerator.Steps.Parsed]).Outputs).Value;

    [Fact]
    public void App_generates_its_own_types_when_the_librarys_are_internal()
    {
        var library = GeneratorHost.Run(
            GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource),
            GeneratorHost.Properties(("SallaCodegenVisibility", "internal"), ("SallaCodegenEvents", Filter)));
        library.AssertNoCrash();
        var libraryReference = GeneratorHost.EmitToImageReference(library.Output);

        var app = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.App", AppSource, new[] { libraryReference }), GeneratorHost.Properties(("SallaCodegenEvents", Filter)));

        app.AssertNoCrash();
        Assert.Empty(app.Result.Diagnostics);
        Assert.Equal(library.HintNames, app.HintNames);
        Assert.True(app.Generated("SallaEvents.g.cs"));
        Assert.Equal("Shop.App", app.Output.GetTypeByMetadataName("Salla.Events.OrderCreatedEvent")!.ContainingAssembly.Name);
        var diagnostics = app.Output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, GeneratorHost.Format(diagnostics));
    }

    [Fact]
    public void A_library_with_the_catalogue_in_another_namespace_is_not_reused()
    {
        var library = GeneratorHost.Run(
            GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource),
            GeneratorHost.Properties(("SallaCodegenNamespace", "Shop.Library.Salla"), ("SallaCodegenEvents", "order.created")));
        var libraryReference = GeneratorHost.EmitToImageReference(library.Output);

        var app = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.App", AppSource, new[] { libraryReference }), GeneratorHost.Properties(("SallaCodegenEvents", Filter)));

        app.AssertNoCrash();
        Assert.True(app.Generated("OrderCreatedEvent.g.cs"));
        Assert.Equal("Shop.App", app.Output.GetTypeByMetadataName("Salla.Events.OrderCreatedEvent")!.ContainingAssembly.Name);
        var diagnostics = app.Output.GetDiagnostics();
        Assert.True(diagnostics.IsEmpty, GeneratorHost.Format(diagnostics));
    }
}
