using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>The MSBuild properties SallaCodegenNamespace, SallaCodegenVisibility and SallaCodegenEvents.</summary>
public class OptionsTests
{
    [Fact]
    public void Namespace_override_puts_every_type_in_that_namespace()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenNamespace", " Shop.Webhooks.Salla ")));

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        var types = GeneratorHost.GeneratedTypes(run);
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal("Shop.Webhooks.Salla", t.ContainingNamespace.ToDisplayString()));
        Assert.NotNull(run.Output.GetTypeByMetadataName("Shop.Webhooks.Salla.OrderCreatedEvent"));
        Assert.NotNull(run.Output.GetTypeByMetadataName("Shop.Webhooks.Salla.SallaEvents"));
        Assert.Null(run.Output.GetTypeByMetadataName("Salla.Events.OrderCreatedEvent"));
        Assert.DoesNotContain(run.Result.GeneratedSources, s => s.SourceText.ToString().Contains("Salla.Events", StringComparison.Ordinal));
    }

    [Fact]
    public void Internal_visibility_makes_every_generated_type_internal()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenVisibility", "internal")));

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        var types = GeneratorHost.GeneratedTypes(run);
        Assert.Equal(GeneratorHost.GeneratedTypes(GeneratorHost.DefaultRun).Count, types.Count);
        Assert.All(types, t => Assert.Equal(Accessibility.Internal, t.DeclaredAccessibility));
    }

    [Fact]
    public void Namespace_override_and_internal_visibility_compile_cleanly()
    {
        // One compilation for both options (the full output is large): a type named in its old namespace, or a public
        // member exposing an internal type, would fail here.
        var run = GeneratorHost.Run(
            GeneratorHost.Consumer,
            GeneratorHost.Properties(("SallaCodegenNamespace", "Shop.Webhooks.Salla"), ("SallaCodegenVisibility", "Internal")));

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        Assert.All(GeneratorHost.GeneratedTypes(run), t =>
        {
            Assert.Equal("Shop.Webhooks.Salla", t.ContainingNamespace.ToDisplayString());
            Assert.Equal(Accessibility.Internal, t.DeclaredAccessibility);
        });
        GeneratorHost.AssertClean(run.Output);
    }

    [Fact]
    public void Default_visibility_is_public()
    {
        var types = GeneratorHost.GeneratedTypes(GeneratorHost.DefaultRun);

        Assert.All(types, t => Assert.Equal(Accessibility.Public, t.DeclaredAccessibility));
    }

    [Fact]
    public void Event_filter_keeps_the_events_asked_for_and_the_types_they_reach()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", "order.*;app.store.authorize")));

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        Assert.True(run.Generated("OrderCreatedEvent.g.cs"));
        Assert.True(run.Generated("OrderStatusUpdatedEvent.g.cs"));
        Assert.True(run.Generated("AppStoreAuthorizeEvent.g.cs"));
        Assert.False(run.Generated("ProductCreatedEvent.g.cs"));
        Assert.False(run.Generated("Product.g.cs"));
        Assert.False(run.Generated("AppInstalledEvent.g.cs"));
        Assert.True(run.Generated("Order.g.cs"));
        Assert.True(run.Generated("Money.g.cs"), "orders reach Money, so it stays");
        Assert.True(run.Generated("UpdateShipmentDetailsRequest.g.cs"), "request bodies are generated whatever the filter");

        Assert.NotNull(run.Output.GetTypeByMetadataName("Salla.Events.OrderCreatedEvent"));
        Assert.NotNull(run.Output.GetTypeByMetadataName("Salla.Events.AppStoreAuthorizeEvent"));
        Assert.NotNull(run.Output.GetTypeByMetadataName("Salla.Events.Money"));
        Assert.Null(run.Output.GetTypeByMetadataName("Salla.Events.ProductCreatedEvent"));
        Assert.Null(run.Output.GetTypeByMetadataName("Salla.Events.Product"));

        // Every event the catalogue routes is one the filter asked for, and only those.
        var catalogue = run.Source("SallaEvents.g.cs");
        var names = catalogue.Split('\n')
            .Where(l => l.TrimStart().StartsWith("new global::Salla.Codegen.SallaEventInfo(", StringComparison.Ordinal))
            .Select(l => l.Split('"')[1])
            .ToList();
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(n.StartsWith("order.", StringComparison.Ordinal) || n == "app.store.authorize", n));
        Assert.Contains("app.store.authorize", names);

        GeneratorHost.AssertClean(run.Output);
    }

    [Fact]
    public void Unknown_filter_entries_are_reported_by_name()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", "order.created; order.nope ,nothing.*")));

        run.AssertNoCrash();
        var reported = run.Result.Diagnostics.Where(d => d.Id == "SALLA002").ToList();
        Assert.Equal(2, reported.Count);
        Assert.All(reported, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains(reported, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'order.nope'", StringComparison.Ordinal));
        Assert.Contains(reported, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'nothing.*'", StringComparison.Ordinal));
        Assert.DoesNotContain(reported, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("order.created", StringComparison.Ordinal));
        Assert.True(run.Generated("OrderCreatedEvent.g.cs"));
    }
}
