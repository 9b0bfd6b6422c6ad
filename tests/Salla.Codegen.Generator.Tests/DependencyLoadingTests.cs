using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// The generator reads its built-in specs with its own JSON reader; NJsonSchema, Namotion.Reflection and Newtonsoft.Json
/// check a consumer's specs only. Loading and compiling those libraries was most of the generator's cold start, so a
/// build with no consumer spec must not load them at all.
/// </summary>
/// <remarks>
/// Each run loads the generator afresh into a context of its own, as the compiler loads an analyzer: its bundled
/// dependencies from its folder, Roslyn and the framework from the default context. What that context then holds is
/// what the run loaded (the rest of the test process, which uses NJsonSchema itself, does not count).
/// </remarks>
public class DependencyLoadingTests
{
    private static readonly string[] BundledDependencies = { "NJsonSchema", "Namotion.Reflection", "Newtonsoft.Json" };

    [Fact]
    public void Built_in_specs_alone_load_neither_NJsonSchema_nor_Newtonsoft()
    {
        var loaded = AssembliesLoadedByOneRun(additionalTexts: Array.Empty<AdditionalText>());

        Assert.Contains("Salla.Codegen.Generator", loaded);
        foreach (var dependency in BundledDependencies)
        {
            Assert.DoesNotContain(dependency, loaded);
        }
    }

    [Fact]
    public void A_user_spec_is_checked_with_NJsonSchema()
    {
        var loaded = AssembliesLoadedByOneRun(new[] { UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty) });

        Assert.Contains("NJsonSchema", loaded);
        Assert.Contains("Newtonsoft.Json", loaded);
    }

    private static IReadOnlyList<string> AssembliesLoadedByOneRun(IEnumerable<AdditionalText> additionalTexts)
    {
        var generatorPath = typeof(SallaEventsGenerator).Assembly.Location;
        var generatorDirectory = Path.GetDirectoryName(generatorPath)!;
        foreach (var dependency in BundledDependencies)
        {
            // Otherwise the context could not load them from here, and the second test would fail for the wrong reason.
            Assert.True(File.Exists(Path.Combine(generatorDirectory, dependency + ".dll")), $"{dependency}.dll is beside the generator");
        }

        var context = new AnalyzerLikeLoadContext(generatorDirectory);
        try
        {
            var generatorType = context.LoadFromAssemblyPath(generatorPath).GetType(typeof(SallaEventsGenerator).FullName!, throwOnError: true)!;
            var generator = (IIncrementalGenerator)Activator.CreateInstance(generatorType)!;
            Assert.NotSame(typeof(SallaEventsGenerator), generatorType);

            var driver = CSharpGeneratorDriver.Create(new[] { generator.AsSourceGenerator() }, additionalTexts, GeneratorHost.ParseOptions, new TestOptionsProvider(null))
                .RunGenerators(GeneratorHost.Consumer);

            var result = driver.GetRunResult().Results.Single();
            Assert.Null(result.Exception);
            Assert.Empty(result.Diagnostics);
            Assert.True(result.GeneratedSources.Length > GeneratorHost.DocumentedEventCount, $"{result.GeneratedSources.Length} files generated");
            return context.Assemblies.Select(a => a.GetName().Name!).ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private sealed class AnalyzerLikeLoadContext : AssemblyLoadContext
    {
        private static readonly string FrameworkDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory());

        private readonly string _directory;

        public AnalyzerLikeLoadContext(string directory)
            : base(nameof(DependencyLoadingTests), isCollectible: true)
        {
            _directory = directory;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            var name = assemblyName.Name!;

            // Roslyn's types must be the driver's own, and the framework is shared; null defers to the default context.
            if (name.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) || File.Exists(Path.Combine(FrameworkDirectory, name + ".dll")))
            {
                return null;
            }

            var path = Path.Combine(_directory, name + ".dll");
            return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
        }
    }
}
