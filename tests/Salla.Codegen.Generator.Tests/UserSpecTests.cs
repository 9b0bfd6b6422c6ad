using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>A consumer's own <c>*.salla.json</c> files: new events, overrides of built-in ones, and broken files.</summary>
public class UserSpecTests
{
    [Fact]
    public void User_event_gets_its_class_handler_and_model_which_compile()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("my.salla.json", UserSpecs.Loyalty) });

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        var eventType = run.Output.GetTypeByMetadataName("Salla.Events.LoyaltyPointsEarnedEvent");
        Assert.NotNull(eventType);
        Assert.Equal("loyalty.points.earned", eventType!.GetAttributes().Single(a => a.AttributeClass!.Name == "SallaEventAttribute").ConstructorArguments[0].Value);
        Assert.Equal("Salla.Codegen.SallaEvent<Salla.Events.LoyaltyPoints>", eventType.BaseType!.ToDisplayString());
        Assert.NotNull(run.Output.GetTypeByMetadataName("Salla.Events.ILoyaltyPointsEarnedHandler"));

        var model = run.Output.GetTypeByMetadataName("Salla.Events.LoyaltyPoints");
        Assert.NotNull(model);
        Assert.Equal("long", model!.GetMembers("Points").OfType<IPropertySymbol>().Single().Type.ToDisplayString());
        Assert.Equal("Salla.Events.Money?", model.GetMembers("Worth").OfType<IPropertySymbol>().Single().Type.ToDisplayString());

        // In the catalogue and the dispatcher, in its group, and the built-in events are all still there.
        var catalogue = run.Source("SallaEvents.g.cs");
        Assert.Contains("new global::Salla.Codegen.SallaEventInfo(\"loyalty.points.earned\", \"customer\",", catalogue, StringComparison.Ordinal);
        Assert.Contains("case \"loyalty.points.earned\":", run.Source("SallaEventDispatcher.g.cs"), StringComparison.Ordinal);
        Assert.Equal(GeneratorHost.DocumentedEventCount + 1, run.HintNames.Count(n => n.EndsWith("Event.g.cs", StringComparison.Ordinal)));
        Assert.Single(run.Output.GetSymbolsWithName("Money", SymbolFilter.Type));
        Assert.Equal(GeneratorHost.DefaultRun.Source("Money.g.cs"), run.Source("Money.g.cs"));

        // Compiled with the filter on the user's event (and one built-in), to keep the suite fast: the rest is compiled elsewhere.
        var filtered = GeneratorHost.Run(
            GeneratorHost.Consumer,
            GeneratorHost.Properties(("SallaCodegenEvents", "loyalty.*;order.created")),
            new[] { UserSpecs.File("my.salla.json", UserSpecs.Loyalty) });
        filtered.AssertNoCrash();
        Assert.Empty(filtered.Result.Diagnostics);
        Assert.True(filtered.Generated("LoyaltyPointsEarnedEvent.g.cs"));
        Assert.True(filtered.Generated("LoyaltyPoints.g.cs"));
        Assert.True(filtered.Generated("Money.g.cs"));
        GeneratorHost.AssertClean(filtered.Output);
    }

    [Fact]
    public void User_spec_redefining_a_built_in_event_wins()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("storetax.salla.json", UserSpecs.StoreTaxOverride) });

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        var eventType = run.Output.GetTypeByMetadataName("Salla.Events.StoretaxCreatedEvent");
        Assert.NotNull(eventType);
        Assert.Equal("Salla.Codegen.SallaEvent<Salla.Events.MyStoreTax>", eventType!.BaseType!.ToDisplayString());
        var data = eventType.BaseType.GetMembers("Data").OfType<IPropertySymbol>().Single();
        Assert.Equal("Salla.Events.MyStoreTax", ((INamedTypeSymbol)data.Type).ConstructedFrom.ToDisplayString().TrimEnd('?'));
        Assert.Single(run.Result.GeneratedSources, s => s.HintName == "StoretaxCreatedEvent.g.cs");
        Assert.Contains("typeof(global::Salla.Events.MyStoreTax)", run.Source("SallaEvents.g.cs"), StringComparison.Ordinal);
        Assert.Contains("A merchant added a tax rate (consumer's model).", run.Source("SallaEvents.g.cs"), StringComparison.Ordinal);
        Assert.Equal(GeneratorHost.DocumentedEventCount, run.HintNames.Count(n => n.EndsWith("Event.g.cs", StringComparison.Ordinal)));

        var filtered = GeneratorHost.Run(
            GeneratorHost.Consumer,
            GeneratorHost.Properties(("SallaCodegenEvents", "storetax.created")),
            new[] { UserSpecs.File("storetax.salla.json", UserSpecs.StoreTaxOverride) });
        filtered.AssertNoCrash();
        Assert.Empty(filtered.Result.Diagnostics);
        Assert.True(filtered.Generated("MyStoreTax.g.cs"));
        GeneratorHost.AssertClean(filtered.Output);
    }

    [Fact]
    public void Malformed_json_is_SALLA001_at_the_file_and_line()
    {
        var file = UserSpecs.File("my.salla.json", UserSpecs.Malformed);
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { file });

        run.AssertNoCrash();
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.Equal("SALLA001", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains(file.Path, diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("not valid JSON", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal(file.Path, span.Path);
        Assert.Equal(3, span.StartLinePosition.Line); // line 4: the member after the missing comma

        // The built-in events are generated all the same.
        Assert.True(run.Generated("OrderCreatedEvent.g.cs"));
    }

    [Fact]
    public void Model_without_title_is_SALLA001()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("untitled.salla.json", UserSpecs.WithoutTitle) });

        run.AssertNoCrash();
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.Equal("SALLA001", diagnostic.Id);
        Assert.Contains("untitled.salla.json", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("title", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(UserSpecs.Directory + "untitled.salla.json", diagnostic.Location.GetLineSpan().Path);
        Assert.False(run.Generated("UntitledHappenedEvent.g.cs"));
    }

    [Fact]
    public void Reference_to_a_missing_spec_file_is_SALLA001()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("dangling.salla.json", UserSpecs.MissingReference) });

        run.AssertNoCrash();
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.Equal("SALLA001", diagnostic.Id);
        Assert.Contains("dangling.salla.json", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Contains("missing.schema.json", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.False(run.Generated("DanglingHappenedEvent.g.cs"));
    }

    [Theory]
    [InlineData("empty", "")]
    [InlineData("null", "null")]
    [InlineData("array", "[]")]
    [InlineData("number", "42")]
    [InlineData("nothing described", "{}")]
    [InlineData("URL reference", """{"title":"Xy","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"$ref":"https://example.com/a.json","description":"d"}}}""")]
    [InlineData("unknown local definition", """{"title":"Xy","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"$ref":"#/definitions/Nope","description":"d"}}}""")]
    [InlineData("x-salla-events not an array", """{"title":"Xy","description":"d","x-salla-events":{"name":"x.y"},"type":"object","properties":{"a":{"type":"string","description":"d"}}}""")]
    public void Unusable_spec_is_SALLA001_never_a_generator_crash(string what, string text)
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("bad.salla.json", text) });

        run.AssertNoCrash();
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.True(diagnostic.Id == "SALLA001", what);
        Assert.Contains("bad.salla.json", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.True(run.Generated("OrderCreatedEvent.g.cs"), what);
    }

    [Theory]
    [InlineData("a title that is the catalogue's name", """{"title":"SallaEvents","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"type":"string","description":"d"}}}""", "SallaEvents")]
    [InlineData("a title that is a built-in event class", """{"title":"OrderCreatedEvent","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"type":"string","description":"d"}}}""", "OrderCreatedEvent")]
    [InlineData("a title that is a handler interface", """{"title":"IOrderCreatedHandler","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"type":"string","description":"d"}}}""", "IOrderCreatedHandler")]
    [InlineData("two events with one class name", """{"title":"Xy","description":"d","x-salla-events":[{"name":"order.created_x","group":"order","description":"d"},{"name":"order.created.x","group":"order","description":"d"}],"type":"object","properties":{"a":{"type":"string","description":"d"}}}""", "OrderCreatedXEvent")]
    [InlineData("one event twice", """{"title":"Xy","description":"d","x-salla-events":[{"name":"order.created","group":"order","description":"d"},{"name":"order.created","group":"order","description":"d"}],"type":"object","properties":{"a":{"type":"string","description":"d"}}}""", "more than once")]
    [InlineData("titles differing only in case", """{"title":"Xy","description":"d","x-salla-events":[{"name":"x.y","group":"store","description":"d"}],"type":"object","properties":{"a":{"$ref":"#/definitions/MONEY","description":"d"}},"definitions":{"MONEY":{"title":"MONEY","description":"d","type":"object","properties":{"b":{"type":"string","description":"d"}}}}}""", "MONEY")]
    public void Names_that_would_clash_in_the_output_are_SALLA001_not_a_crash(string what, string text, string named)
    {
        // Each generated type is its own file; two with one name (ignoring case) made the generator throw (CS8785) and generate nothing.
        var run = GeneratorHost.Run(GeneratorHost.Consumer, additionalTexts: new[] { UserSpecs.File("clash.salla.json", text) });

        run.AssertNoCrash();
        Assert.NotEmpty(run.Result.GeneratedSources);
        Assert.True(run.Generated("SallaEvents.g.cs"), what);
        Assert.Equal(run.HintNames.Count, run.HintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains(run.Result.Diagnostics, d => d.Id == "SALLA001" && d.GetMessage(CultureInfo.InvariantCulture).Contains(named, StringComparison.Ordinal));
    }
}
