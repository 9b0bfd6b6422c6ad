using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>The generator's output over the built-in specs, with no options: it compiles cleanly and has one of each thing per event.</summary>
public class GeneratedCodeTests
{
    [Fact]
    public void Output_compiles_without_errors_or_warnings()
    {
        var run = GeneratorHost.DefaultRun;

        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        Assert.Empty(run.DriverDiagnostics);
        Assert.NotEmpty(run.Result.GeneratedSources);
        GeneratorHost.AssertClean(run.Output);
    }

    [Fact]
    public void Built_in_specs_document_the_expected_number_of_events()
    {
        // Counted from specs/ independently of the generator, so the counts below are not the generator checking itself.
        var count = RepoPaths.SpecFiles()
            .Select(path => JsonDocument.Parse(File.ReadAllText(path)))
            .Sum(doc => doc.RootElement.TryGetProperty("x-salla-events", out var events) ? events.GetArrayLength() : 0);

        Assert.Equal(GeneratorHost.DocumentedEventCount, count);
    }

    [Fact]
    public void One_event_class_per_event_each_marked_with_its_name()
    {
        var run = GeneratorHost.DefaultRun;
        var types = GeneratorHost.GeneratedTypes(run);

        var events = types.Where(t => t.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Salla.Codegen.SallaEventAttribute")).ToList();

        Assert.Equal(GeneratorHost.DocumentedEventCount, events.Count);
        Assert.All(events, e =>
        {
            Assert.EndsWith("Event", e.Name, StringComparison.Ordinal);
            Assert.Equal("Salla.Events", e.ContainingNamespace.ToDisplayString());
            Assert.Equal("Salla.Codegen.SallaEvent<TData>", e.BaseType!.OriginalDefinition.ToDisplayString());
        });
        var names = events.Select(e => (string)e.GetAttributes().Single(a => a.AttributeClass!.Name == "SallaEventAttribute").ConstructorArguments[0].Value!).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("order.created", names);
        Assert.Equal("OrderCreatedEvent", events.Single(e => e.GetAttributes().Any(a => (string?)a.ConstructorArguments.FirstOrDefault().Value == "order.created")).Name);
    }

    [Fact]
    public void One_handler_interface_per_event()
    {
        var run = GeneratorHost.DefaultRun;
        var handlers = GeneratorHost.GeneratedTypes(run)
            .Where(t => t.TypeKind == TypeKind.Interface && t.Name.StartsWith("I", StringComparison.Ordinal) && t.Name.EndsWith("Handler", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(GeneratorHost.DocumentedEventCount, handlers.Count);
        var handler = handlers.Single(h => h.Name == "IOrderCreatedHandler");
        var contract = Assert.Single(handler.Interfaces);
        Assert.Equal("Salla.Codegen.ISallaEventHandler<Salla.Events.OrderCreatedEvent>", contract.ToDisplayString());
    }

    [Fact]
    public void Catalogue_lists_every_event_once()
    {
        var run = GeneratorHost.DefaultRun;
        var tree = run.Result.GeneratedSources.Single(s => s.HintName == "SallaEvents.g.cs").SyntaxTree;
        var all = tree.GetRoot().DescendantNodes().OfType<PropertyDeclarationSyntax>().Single(p => p.Identifier.Text == "All");

        var entries = ((ArrayCreationExpressionSyntax)all.Initializer!.Value).Initializer!.Expressions;

        Assert.Equal(GeneratorHost.DocumentedEventCount, entries.Count);
        var names = entries.Select(e => ((LiteralExpressionSyntax)((ObjectCreationExpressionSyntax)e).ArgumentList!.Arguments[0].Expression).Token.ValueText).ToList();
        Assert.Equal(names.OrderBy(n => n, StringComparer.Ordinal), names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());

        // The dispatcher has a case for each of them.
        var dispatcher = run.Source("SallaEventDispatcher.g.cs");
        Assert.All(names, name => Assert.Contains($"case \"{name}\":", dispatcher, StringComparison.Ordinal));
    }

    [Fact]
    public void Shared_types_are_generated_once_and_every_file_once()
    {
        var run = GeneratorHost.DefaultRun;

        Assert.Equal(run.HintNames.Count, run.HintNames.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains("Money.g.cs", run.HintNames);
        Assert.Contains("UpdateShipmentDetailsRequest.g.cs", run.HintNames);
        Assert.Contains("SallaEventDispatcher.g.cs", run.HintNames);
        Assert.Single(run.Output.GetSymbolsWithName("Money", SymbolFilter.Type));
    }
}
