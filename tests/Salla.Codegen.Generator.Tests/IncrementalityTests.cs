using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Salla.Codegen.Generator.Model;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// The pipeline caches: running again on the same or an unrelated-edited compilation redoes nothing, its step
/// outputs hold no Roslyn objects that would pin a compilation, and a changed spec file does flow through.
/// </summary>
public class IncrementalityTests
{
    private static readonly IReadOnlyList<string> StepNames = typeof(SallaEventsGenerator.Steps)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    private static readonly IncrementalStepRunReason[] Reused = { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged };

    [Fact]
    public void Step_names_are_the_generators()
    {
        Assert.Equal(
            new[] { "Catalogue", "Events", "FilterProblems", "Model", "Options", "ReferencedCatalogue", "ReferencedTestEvents", "Parsed", "Problems", "SubscriptionFiles", "Subscriptions", "TestEvents", "TestKit", "Types", "UsedEventTypes", "EventTypeNames", "UserSpecFiles", "UserSpecs" }.OrderBy(n => n, StringComparer.Ordinal),
            StepNames.OrderBy(n => n, StringComparer.Ordinal));
    }

    [Fact]
    public void Second_run_on_the_same_compilation_reuses_every_step()
    {
        var (driver, loyalty) = CreateDriverWithUserSpec();
        var compilation = GeneratorHost.Consumer.AddSyntaxTrees(SubscriptionsTree("Salla.Events.SallaEvents.OrderCreated, \"loyalty.points.earned\""), HandlerReferenceTree());

        driver = driver.RunGenerators(compilation);
        var first = driver.GetRunResult().Results.Single();
        AssertAllStepsTracked(first);
        Assert.All(StepNames, name => Assert.Contains(first.TrackedSteps[name].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.New));

        driver = driver.RunGenerators(compilation);
        var second = driver.GetRunResult().Results.Single();

        AssertAllStepsTracked(second);
        AssertAllReused(second);
        Assert.Equal(first.GeneratedSources.Length, second.GeneratedSources.Length);
        GC.KeepAlive(loyalty);
    }

    [Fact]
    public void Unrelated_source_edit_reuses_every_step()
    {
        var (driver, _) = CreateDriverWithUserSpec();
        var compilation = GeneratorHost.Consumer;
        driver = driver.RunGenerators(compilation);

        // Add a file, then edit it: both give a new Compilation that the ReferencedCatalogue step reads again.
        var added = CSharpSyntaxTree.ParseText("namespace App { internal sealed class Unrelated { } }", GeneratorHost.ParseOptions, path: "Unrelated.cs");
        var withAdded = compilation.AddSyntaxTrees(added);
        driver = driver.RunGenerators(withAdded);
        var afterAdd = driver.GetRunResult().Results.Single();

        AssertAllStepsTracked(afterAdd);
        AssertAllReused(afterAdd);
        AssertReferencedCatalogueRanAndWasUnchanged(afterAdd);

        var edited = withAdded.ReplaceSyntaxTree(added, added.WithChangedText(added.GetText().Replace(0, 0, "// edited\n")));
        driver = driver.RunGenerators(edited);
        var afterEdit = driver.GetRunResult().Results.Single();

        AssertAllStepsTracked(afterEdit);
        AssertAllReused(afterEdit);
        AssertReferencedCatalogueRanAndWasUnchanged(afterEdit);
    }

    [Fact]
    public void Changed_spec_file_modifies_the_steps_downstream_of_it()
    {
        var (driver, loyalty) = CreateDriverWithUserSpec();
        var compilation = GeneratorHost.Consumer;
        driver = driver.RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(loyalty, UserSpecs.File("loyalty.salla.json", UserSpecs.LoyaltyWithReason));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        AssertAllStepsTracked(result);
        foreach (var name in new[] { SallaEventsGenerator.Steps.UserSpecFiles, SallaEventsGenerator.Steps.UserSpecs, SallaEventsGenerator.Steps.Parsed, SallaEventsGenerator.Steps.Model })
        {
            Assert.Contains(Outputs(result, name), o => o.Reason == IncrementalStepRunReason.Modified);
        }

        // Only the changed model's type is emitted again; its event, the catalogue and the options stay.
        var modifiedTypes = Outputs(result, SallaEventsGenerator.Steps.Types).Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((TypeToEmit)o.Value).Type.Name).ToList();
        Assert.Equal(new[] { "LoyaltyPoints" }, modifiedTypes);
        Assert.All(Outputs(result, SallaEventsGenerator.Steps.Events), o => Assert.Contains(o.Reason, Reused));
        Assert.All(Outputs(result, SallaEventsGenerator.Steps.Catalogue), o => Assert.Contains(o.Reason, Reused));
        Assert.All(Outputs(result, SallaEventsGenerator.Steps.Options), o => Assert.Contains(o.Reason, Reused));
        Assert.Contains("public string? Reason { get; set; }", result.GeneratedSources.Single(s => s.HintName == "LoyaltyPoints.g.cs").SourceText.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Equal_inputs_in_new_objects_give_unchanged_outputs_and_nothing_downstream_runs()
    {
        // Re-running a step is cheap only if its output compares equal: a reformatted spec file and an equal
        // options provider are new inputs, the parsed model and the options they give must be Unchanged.
        var (driver, loyalty) = CreateDriverWithUserSpec();
        var compilation = GeneratorHost.Consumer;
        driver = driver.RunGenerators(compilation);

        driver = driver.ReplaceAdditionalText(loyalty, UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty.Replace("\n", "\n\n", StringComparison.Ordinal)));
        driver = driver.WithUpdatedAnalyzerConfigOptions(new TestOptionsProvider(null));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        AssertAllStepsTracked(result);
        Assert.Contains(Outputs(result, SallaEventsGenerator.Steps.UserSpecFiles), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(result, SallaEventsGenerator.Steps.UserSpecs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, SallaEventsGenerator.Steps.Parsed)).Reason);
        Assert.Equal(IncrementalStepRunReason.Unchanged, Assert.Single(Outputs(result, SallaEventsGenerator.Steps.Options)).Reason);
        foreach (var name in StepNames.Except(new[] { SallaEventsGenerator.Steps.UserSpecFiles, SallaEventsGenerator.Steps.UserSpecs }))
        {
            Assert.All(Outputs(result, name), o => Assert.Contains(o.Reason, Reused));
        }
    }

    [Fact]
    public void Changed_option_modifies_the_steps_that_read_it()
    {
        var (driver, _) = CreateDriverWithUserSpec();
        var compilation = GeneratorHost.Consumer;
        driver = driver.RunGenerators(compilation);

        driver = driver.WithUpdatedAnalyzerConfigOptions(new TestOptionsProvider(GeneratorHost.Properties(("SallaCodegenNamespace", "Shop.Events"))));
        driver = driver.RunGenerators(compilation);
        var result = driver.GetRunResult().Results.Single();

        Assert.Contains(Outputs(result, SallaEventsGenerator.Steps.Options), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(Outputs(result, SallaEventsGenerator.Steps.Parsed), o => Assert.Contains(o.Reason, Reused));
        Assert.All(Outputs(result, SallaEventsGenerator.Steps.Types), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
    }

    [Fact]
    public void Step_outputs_hold_no_compilation_symbol_syntax_or_location()
    {
        var (driver, _) = CreateDriverWithUserSpec();
        driver = driver.RunGenerators(GeneratorHost.Consumer.AddSyntaxTrees(SubscriptionsTree("Salla.Events.SallaEvents.OrderCreated, \"loyalty.points.earned\""), HandlerReferenceTree()));
        var result = driver.GetRunResult().Results.Single();
        AssertAllStepsTracked(result);

        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var name in StepNames)
        {
            var outputs = Outputs(result, name).ToList();
            Assert.NotEmpty(outputs);
            for (var i = 0; i < outputs.Count; i++)
            {
                var found = FindRoslynObject(outputs[i].Value, $"{name}[{i}]", visited);
                Assert.True(found is null, $"a step output holds a Roslyn object: {found}");
            }
        }

        // The walk went into the model: it saw the user's type and the specs' properties, not just the top objects.
        Assert.Contains(visited, o => o is TypeSpec { Name: "LoyaltyPoints" });
        Assert.Contains(visited, o => o is PropertySpec { JsonName: "worth" });
    }

    [Fact]
    public void Roslyn_object_walk_finds_what_it_looks_for()
    {
        // The walk must see through records, tuples, structs, collections and arrays, or the test above proves nothing.
        var location = Location.Create("x.cs", default, default);
        var nested = (Name: "x", Items: new List<object> { 1, new KeyValuePair<string, object>("k", new[] { (object)GeneratorHost.Consumer }) });

        Assert.Contains("Compilation", FindRoslynObject(nested, "root", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Contains("Location", FindRoslynObject(EquatableArray.ToEquatableArray(new[] { new Holder(location) }), "root", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Contains("Symbol", FindRoslynObject(new Holder(GeneratorHost.Consumer.Assembly), "root", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Contains("Syntax", FindRoslynObject(new Holder(GeneratorHost.Consumer.SyntaxTrees[0].GetRoot()), "root", new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Null(FindRoslynObject(GeneratorOptionsForTest(), "root", new HashSet<object>(ReferenceEqualityComparer.Instance)));
    }

    private static GeneratorOptions GeneratorOptionsForTest() => new("A.B", true, EquatableArray.ToEquatableArray(new[] { "order.*" }));

    private static (GeneratorDriver Driver, AdditionalText Loyalty) CreateDriverWithUserSpec()
    {
        var loyalty = UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty);
        var ignored = new InMemoryAdditionalText("/consumer/readme.txt", "not a spec");
        return (GeneratorHost.CreateDriver(additionalTexts: new AdditionalText[] { loyalty, ignored }), loyalty);
    }

    [Fact]
    public void Edited_subscriptions_modify_the_selection_and_an_unrelated_edit_beside_them_reuses_every_step()
    {
        var (driver, _) = CreateDriverWithUserSpec();
        var subscriptions = SubscriptionsTree("Salla.Events.SallaEvents.OrderCreated");
        var unrelated = CSharpSyntaxTree.ParseText("namespace App { internal sealed class Unrelated { } }", GeneratorHost.ParseOptions, path: "Unrelated.cs");
        var compilation = GeneratorHost.Consumer.AddSyntaxTrees(subscriptions, unrelated);
        driver = driver.RunGenerators(compilation);
        Assert.False(driver.GetRunResult().GeneratedTrees.Any(t => t.FilePath.EndsWith("ProductCreatedEvent.g.cs", StringComparison.Ordinal)));

        var editedUnrelated = compilation.ReplaceSyntaxTree(unrelated, unrelated.WithChangedText(unrelated.GetText().Replace(0, 0, "// edited\n")));
        driver = driver.RunGenerators(editedUnrelated);
        var afterUnrelated = driver.GetRunResult().Results.Single();
        AssertAllStepsTracked(afterUnrelated);
        AssertAllReused(afterUnrelated);

        var subscribed = editedUnrelated.ReplaceSyntaxTree(subscriptions, SubscriptionsTree("Salla.Events.SallaEvents.OrderCreated, Salla.Events.SallaEvents.ProductCreated"));
        driver = driver.RunGenerators(subscribed);
        var afterSubscribing = driver.GetRunResult().Results.Single();
        Assert.Contains(Outputs(afterSubscribing, SallaEventsGenerator.Steps.Subscriptions), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(afterSubscribing, SallaEventsGenerator.Steps.Events), o => o.Reason == IncrementalStepRunReason.New && ((EventToEmit)o.Value).Event.Name == "product.created");
        Assert.Contains(Outputs(afterSubscribing, SallaEventsGenerator.Steps.Events), o => Reused.Contains(o.Reason) && ((EventToEmit)o.Value).Event.Name == "order.created");
        Assert.Contains(afterSubscribing.GeneratedSources, s => s.HintName == "ProductCreatedEvent.g.cs");
    }

    private static SyntaxTree SubscriptionsTree(string arguments) =>
        CSharpSyntaxTree.ParseText($"[assembly: Salla.Codegen.SallaSubscriptions({arguments})]\n", GeneratorHost.ParseOptions, path: "Subscriptions.cs");

    // A project that names an event's handler interface: the step that finds such names has something to find.
    private static SyntaxTree HandlerReferenceTree() =>
        CSharpSyntaxTree.ParseText("namespace App { internal sealed class Holder { public Salla.Events.IOrderCreatedHandler? Handler; } }\n", GeneratorHost.ParseOptions, path: "Holder.cs");

    // A step that did not run has no outputs; AssertAllStepsTracked says which steps must have run.
    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string step) =>
        result.TrackedSteps.TryGetValue(step, out var runs) ? runs.SelectMany(s => s.Outputs) : Enumerable.Empty<(object, IncrementalStepRunReason)>();

    private static void AssertAllStepsTracked(GeneratorRunResult result)
    {
        Assert.Null(result.Exception);

        // A step over the syntax nodes that name subscriptions or event types has no run at all in a compilation without any.
        var missing = StepNames
            .Where(name => !result.TrackedSteps.ContainsKey(name))
            .Where(name => name != SallaEventsGenerator.Steps.SubscriptionFiles || ((Subscriptions)Outputs(result, SallaEventsGenerator.Steps.Subscriptions).Single().Value).Declared)
            .Where(name => name != SallaEventsGenerator.Steps.EventTypeNames || ((EquatableArray<string>)Outputs(result, SallaEventsGenerator.Steps.UsedEventTypes).Single().Value).Count > 0)
            .ToList();
        Assert.True(missing.Count == 0, "steps not tracked in this run: " + string.Join(", ", missing));
    }

    private static void AssertAllReused(GeneratorRunResult result)
    {
        var redone = StepNames
            .SelectMany(name => Outputs(result, name).Select(o => (name, o.Reason)))
            .Where(o => !Reused.Contains(o.Reason))
            .Select(o => $"{o.name}: {o.Reason}")
            .Distinct()
            .ToList();
        Assert.True(redone.Count == 0, "steps not reused: " + string.Join(", ", redone));
    }

    private static void AssertReferencedCatalogueRanAndWasUnchanged(GeneratorRunResult result)
    {
        var output = Assert.Single(Outputs(result, SallaEventsGenerator.Steps.ReferencedCatalogue));
        Assert.Equal(IncrementalStepRunReason.Unchanged, output.Reason);
        Assert.False((bool)output.Value);
    }

    /// <summary>A path to the first Compilation, ISymbol, SyntaxNode, SyntaxTree, SemanticModel or Location under <paramref name="value"/>, or null.</summary>
    private static string? FindRoslynObject(object? value, string path, HashSet<object> visited)
    {
        if (value is null)
        {
            return null;
        }

        var type = value.GetType();
        if (value is Compilation or ISymbol or SyntaxNode or SyntaxTree or SemanticModel or Location)
        {
            return $"{path}: {type.Name}";
        }

        if (type.IsPrimitive || type.IsEnum || value is string or decimal or DateTime or DateTimeOffset or Type or MemberInfo or Delegate)
        {
            return null;
        }

        if (!type.IsValueType && !visited.Add(value))
        {
            return null;
        }

        if (value is Array array)
        {
            var index = 0;
            foreach (var item in (IEnumerable)array)
            {
                if (FindRoslynObject(item, $"{path}[{index++}]", visited) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        for (var t = type; t is not null && t != typeof(object); t = t.BaseType)
        {
            foreach (var field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (FindRoslynObject(field.GetValue(value), $"{path}.{field.Name}", visited) is { } found)
                {
                    return found;
                }
            }
        }

        return null;
    }

    private sealed record Holder(object Value);
}
