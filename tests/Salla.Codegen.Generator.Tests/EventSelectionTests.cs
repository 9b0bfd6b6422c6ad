using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// Which events get types: those <c>[assembly: SallaSubscriptions(...)]</c> lists, every event when the project lists
/// none, and the <c>SallaCodegenEvents</c> property over both (<c>*</c> for every event).
/// </summary>
public class EventSelectionTests
{
    private static GeneratorRun RunWith(string source, params (string Name, string Value)[] properties)
    {
        var compilation = GeneratorHost.Consumer.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, GeneratorHost.ParseOptions, path: "Subscriptions.cs"));
        return GeneratorHost.Run(compilation, GeneratorHost.Properties(properties));
    }

    private static string[] GeneratedEvents(GeneratorRun run) =>
        run.HintNames.Where(n => n.EndsWith("Event.g.cs", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Subscriptions_select_the_events_whose_types_are_generated_with_the_types_they_reach()
    {
        var run = RunWith("""
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppStoreAuthorize)]

            namespace App
            {
                internal sealed class Orders : IOrderCreatedHandler
                {
                    public System.Threading.Tasks.ValueTask HandleAsync(OrderCreatedEvent salla, System.Threading.CancellationToken cancellationToken) => default;
                }
            }
            """);

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        Assert.Equal(new[] { "AppStoreAuthorizeEvent.g.cs", "OrderCreatedEvent.g.cs" }, GeneratedEvents(run));
        Assert.True(run.Generated("Order.g.cs"));
        Assert.True(run.Generated("Money.g.cs"), "orders reach Money");
        Assert.False(run.Generated("Product.g.cs"));
        Assert.True(run.Generated("UpdateShipmentDetailsRequest.g.cs"), "request bodies are generated whatever the selection");
        GeneratorHost.AssertClean(run.Output);
    }

    [Fact]
    public void Every_event_keeps_its_constant_and_its_facts_and_one_not_generated_says_how_to_get_its_types()
    {
        var run = RunWith("[assembly: Salla.Codegen.SallaSubscriptions(Salla.Events.SallaEvents.OrderCreated)]");

        run.AssertNoCrash();
        var catalogue = run.Source("SallaEvents.g.cs");
        var constants = catalogue.Split('\n').Count(l => l.TrimStart().StartsWith("public const string ", StringComparison.Ordinal));
        Assert.Equal(GeneratorHost.DocumentedEventCount, constants);
        Assert.Equal(GeneratorHost.DocumentedEventCount, catalogue.Split('\n').Count(l => l.StartsWith("[assembly: global::Salla.Codegen.SallaKnownEvent(", StringComparison.Ordinal)));
        Assert.Contains(
            "/// <remarks>Its types (<c>ProductCreatedEvent</c>, <c>IProductCreatedHandler</c>) are not generated: the project generates the events its <c>[assembly: SallaSubscriptions(...)]</c> lists and those its code names. Add <c>SallaEvents.ProductCreated</c> there, or name either type.</remarks>\n        public const string ProductCreated = \"product.created\";",
            catalogue,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Add <c>SallaEvents.OrderCreated</c>", catalogue, StringComparison.Ordinal);

        // Routing, lookup and parsing know only the generated events: any other body is an unknown event here.
        var all = catalogue.Split('\n').Where(l => l.TrimStart().StartsWith("new global::Salla.Codegen.SallaEventInfo(", StringComparison.Ordinal)).ToList();
        Assert.Single(all);
        Assert.Contains("\"order.created\"", all[0], StringComparison.Ordinal);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Salla.Events.SallaEvents")!.GetMembers("ProductCreated").SingleOrDefault());
        GeneratorHost.AssertClean(run.Output);
    }

    [Theory]
    [InlineData("\"order.created\"")]
    [InlineData("Salla.Events.OrderCreatedEvent.Name")]
    [InlineData("global::Salla.Events.SallaEvents.OrderCreated")]
    [InlineData("new[] { Salla.Events.SallaEvents.OrderCreated }")]
    [InlineData("new string[] { \"order.created\" }")]
    public void Every_way_of_writing_an_event_is_read(string argument)
    {
        var run = RunWith($"[assembly: Salla.Codegen.SallaSubscriptions({argument})]");

        run.AssertNoCrash();
        Assert.Equal(new[] { "OrderCreatedEvent.g.cs" }, GeneratedEvents(run));
    }

    [Fact]
    public void An_event_whose_class_or_handler_the_code_names_is_generated_beside_the_subscriptions()
    {
        var run = RunWith("""
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated)]

            namespace App
            {
                internal sealed class Products : IProductCreatedHandler
                {
                    public System.Threading.Tasks.ValueTask HandleAsync(ProductCreatedEvent salla, System.Threading.CancellationToken cancellationToken) => default;
                }

                internal static class Carts
                {
                    public static bool IsCart(SallaEvent salla) => salla is AbandonedCartEvent;
                }
            }
            """);

        run.AssertNoCrash();
        Assert.Equal(new[] { "AbandonedCartEvent.g.cs", "OrderCreatedEvent.g.cs", "ProductCreatedEvent.g.cs" }, GeneratedEvents(run));
        GeneratorHost.AssertClean(run.Output);
    }

    [Fact]
    public void Attributes_in_several_files_add_up()
    {
        var compilation = GeneratorHost.Consumer.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("[assembly: Salla.Codegen.SallaSubscriptions(\"order.created\")]", GeneratorHost.ParseOptions, path: "Orders.cs"),
            CSharpSyntaxTree.ParseText("[assembly: Salla.Codegen.SallaSubscriptions(\"product.created\", \"order.created\")]", GeneratorHost.ParseOptions, path: "Products.cs"));

        var run = GeneratorHost.Run(compilation);

        run.AssertNoCrash();
        Assert.Equal(new[] { "OrderCreatedEvent.g.cs", "ProductCreatedEvent.g.cs" }, GeneratedEvents(run));
    }

    [Theory]
    [InlineData("Salla.Events.SallaEvents.OrderCreated + \"\"")]
    [InlineData("App.Names.Orders")]
    public void An_argument_read_only_by_the_compiler_generates_every_event(string argument)
    {
        // The generator reads syntax: a computed value, or a constant of the project's own, is the compiler's to know.
        var run = RunWith($$"""
            [assembly: Salla.Codegen.SallaSubscriptions({{argument}})]

            namespace App
            {
                internal static class Names
                {
                    public const string Orders = "order.created";
                }
            }
            """);

        run.AssertNoCrash();
        Assert.Equal(GeneratorHost.DocumentedEventCount, GeneratedEvents(run).Length);
    }

    [Fact]
    public void Without_subscriptions_every_event_is_generated()
    {
        Assert.Equal(GeneratorHost.DocumentedEventCount, GeneratedEvents(GeneratorHost.DefaultRun).Length);
    }

    [Fact]
    public void The_property_wins_over_subscriptions_and_a_star_generates_every_event()
    {
        const string Subscriptions = "[assembly: Salla.Codegen.SallaSubscriptions(\"order.created\")]";

        var filtered = RunWith(Subscriptions, ("SallaCodegenEvents", "product.created"));
        var everything = RunWith(Subscriptions, ("SallaCodegenEvents", "*"));

        filtered.AssertNoCrash();
        Assert.Equal(new[] { "ProductCreatedEvent.g.cs" }, GeneratedEvents(filtered));
        Assert.Contains("the SallaCodegenEvents property leaves it out. Add <c>order.created</c> to it.", filtered.Source("SallaEvents.g.cs"), StringComparison.Ordinal);
        everything.AssertNoCrash();
        Assert.DoesNotContain(everything.Result.Diagnostics, d => d.Id == "SALLA002");
        Assert.Equal(GeneratorHost.DocumentedEventCount, GeneratedEvents(everything).Length);
    }
}
