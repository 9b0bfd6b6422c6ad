using System;
using System.Diagnostics;
using System.Linq;
using BenchmarkDotNet.Running;
using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Benchmarks.Generator;

public static class Program
{
    /// <summary>The generator's bundled dependencies; a cold start that needs none of them should load none.</summary>
    private static readonly string[] BundledDependencies = { "NJsonSchema", "Newtonsoft.Json", "Namotion.Reflection" };

    public static void Main(string[] args)
    {
        // benchmarks/analyzer-build-cost.sh compiles AnalyzerCost's consumer with the real SDK; it asks for the files here.
        if (args.Length == 2 && args[0] == "--write-analyzer-consumer")
        {
            var count = AnalyzerCost.WriteConsumer(args[1]);
            Console.WriteLine($"Wrote {count} handler files to {args[1]}.");
            return;
        }

        if (args.Length == 1 && args[0] == "--cold-start")
        {
            ColdStart();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    /// <summary>
    /// The generator's first run in this fresh process (loading it, parsing the built-in specs, JIT), then two more runs
    /// of a new driver each, once everything is warm. One process measures one cold start: run it several times.
    /// </summary>
    private static void ColdStart()
    {
        // Outside the timing, as in a compiler: the host has its compilation before it runs any generator.
        var compilation = GeneratorCost.CreateConsumerCompilation();

        var first = TimedRun(compilation, out var files);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name).ToHashSet(StringComparer.Ordinal);
        var second = TimedRun(compilation, out _);
        var third = TimedRun(compilation, out _);

        Console.WriteLine($"cold first run: {first:F0} ms, {files} generated files");
        Console.WriteLine($"warm runs (a new driver each): {second:F1} ms, {third:F1} ms");
        Console.WriteLine("loaded by the first run: " + string.Join(", ", BundledDependencies.Select(name => $"{name} {(loaded.Contains(name) ? "yes" : "no")}")));
    }

    private static double TimedRun(Compilation compilation, out int generatedFiles)
    {
        var stopwatch = Stopwatch.StartNew();
        var driver = GeneratorCost.CreateDriver(track: false).RunGenerators(compilation);
        stopwatch.Stop();

        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
        {
            throw new InvalidOperationException("The generator failed.", result.Exception);
        }

        generatedFiles = result.GeneratedSources.Length;
        return stopwatch.Elapsed.TotalMilliseconds;
    }
}
