using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// What the analyzers know of the specs comes from the generated assembly: [SallaKnownEvent] for every event of the
/// specs (those the event filter leaves out and the user's own included) and [SallaDeprecatedField] per deprecation.
/// </summary>
public class SpecFactsTests
{
    [Fact]
    public void Every_event_is_recorded_on_the_assembly_whatever_the_filter()
    {
        var run = GeneratorHost.Run(
            GeneratorHost.Consumer,
            GeneratorHost.Properties(("SallaCodegenEvents", "order.created")),
            new[] { UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty) });

        run.AssertNoCrash();
        GeneratorHost.AssertClean(run.Output);
        var known = KnownEvents(run.Output.Assembly);
        Assert.Equal(GeneratorHost.DocumentedEventCount + 1, known.Count);
        Assert.Equal("order", known["order.created"].Group);
        Assert.Equal("customer", known["loyalty.points.earned"].Group);
        Assert.Null(known["order.created"].Since);

        // Left out by the filter, still known, with its deprecation.
        var productUpdated = known["product.updated"];
        Assert.Equal("2025-12-15", productUpdated.Since);
        Assert.False(run.Generated("ProductUpdatedEvent.g.cs"));
    }

    [Fact]
    public void A_filter_that_keeps_no_event_still_records_them_all()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", "nothing.*")));

        run.AssertNoCrash();
        Assert.Contains(run.Result.Diagnostics, d => d.Id == "SALLA002");
        Assert.False(run.Generated("OrderCreatedEvent.g.cs"));
        Assert.True(run.Generated("SallaEvents.g.cs"));
        GeneratorHost.AssertClean(run.Output);
        Assert.Equal(GeneratorHost.DocumentedEventCount, KnownEvents(run.Output.Assembly).Count);
    }

    [Fact]
    public void Field_deprecations_are_recorded_by_json_name()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", "app.installed")));

        run.AssertNoCrash();
        var fields = run.Output.Assembly.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "SallaDeprecatedFieldAttribute")
            .Select(a => (Name: (string)a.ConstructorArguments[0].Value!, Since: (string)a.ConstructorArguments[1].Value!, Replacement: (string)a.ConstructorArguments[2].Value!))
            .ToList();
        Assert.Contains(("checkout_url", "2025-05-25", "data.urls.checkout"), fields);
        Assert.Equal(fields.Count, fields.Distinct().Count());
    }

    [Fact]
    public void An_app_reusing_a_librarys_types_finds_the_facts_in_the_library()
    {
        var library = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.Library", GeneratorHost.ConsumerSource), GeneratorHost.Properties(("SallaCodegenEvents", "order.*")));
        var reference = GeneratorHost.EmitToImageReference(library.Output);
        var app = GeneratorHost.Run(GeneratorHost.CreateCompilation("Shop.App", GeneratorHost.ConsumerSource, new[] { reference }), GeneratorHost.Properties(("SallaCodegenEvents", "order.*")));

        Assert.Empty(app.Result.GeneratedSources);
        var libraryAssembly = app.Output.SourceModule.ReferencedAssemblySymbols.Single(a => a.Name == "Shop.Library");
        Assert.Equal(GeneratorHost.DocumentedEventCount, KnownEvents(libraryAssembly).Count);
    }

    [Fact]
    public void Event_name_parameters_of_the_generated_api_are_marked()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", "order.created")));

        var find = run.Output.GetTypeByMetadataName("Salla.Events.SallaEvents")!.GetMembers("Find").OfType<IMethodSymbol>()
            .Single(m => m.Parameters[0].Type.SpecialType == SpecialType.System_String);
        var contract = run.Output.GetTypeByMetadataName("Salla.Codegen.ISallaEventDispatcher")!.GetMembers("IsKnownEvent").Single();
        var isKnown = (IMethodSymbol)run.Output.GetTypeByMetadataName("Salla.Events.SallaEventDispatcher")!.FindImplementationForInterfaceMember(contract)!;
        Assert.All(new[] { find.Parameters[0], isKnown.Parameters[0] }, p =>
            Assert.Contains(p.GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "Salla.Codegen.SallaEventNameAttribute"));
    }

    private static Dictionary<string, (string Group, string? Since)> KnownEvents(IAssemblySymbol assembly) =>
        assembly.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() == "Salla.Codegen.SallaKnownEventAttribute")
            .ToDictionary(
                a => (string)a.ConstructorArguments[0].Value!,
                a => ((string)a.ConstructorArguments[1].Value!, a.NamedArguments.FirstOrDefault(n => n.Key == "DeprecatedSince").Value.Value as string),
                StringComparer.Ordinal);
}
