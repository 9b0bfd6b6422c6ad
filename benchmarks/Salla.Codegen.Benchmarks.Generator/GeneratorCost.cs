using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Generator;

namespace Salla.Codegen.Benchmarks.Generator;

/// <summary>
/// What SallaEventsGenerator costs the compiler, run in-process with Roslyn's CSharpGeneratorDriver over a one-file
/// consumer compilation (the running framework's assemblies plus Salla.Codegen.Runtime).
/// </summary>
/// <remarks>
/// The built-in specs are parsed once per process (a static Lazy in the generator), so FirstRun measures a new driver in a
/// process that has already parsed them, as in a long-lived compiler server; the one truly cold run is timed once in
/// GlobalSetup and printed (<c>--cold-start</c> times only that, in a process of its own).
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class GeneratorCost
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private const string ConsumerSource = "namespace App\n{\n    internal static class Program\n    {\n    }\n}\n";

    private CSharpCompilation _compilation = null!;
    private SyntaxTree _unrelatedTree = null!;
    private GeneratorDriver _warmDriver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _compilation = CreateConsumerCompilation();
        _unrelatedTree = CSharpSyntaxTree.ParseText(
            "namespace App\n{\n    internal static class Unrelated\n    {\n        public static int Answer() => 42;\n    }\n}\n",
            ParseOptions,
            path: "Consumer/Unrelated.cs");

        var stopwatch = Stopwatch.StartNew();
        var first = CreateDriver(track: true).RunGenerators(_compilation);
        stopwatch.Stop();
        var firstResult = first.GetRunResult();
        var run = firstResult.Results.Single();
        if (run.Exception is not null)
        {
            throw new InvalidOperationException("The generator failed.", run.Exception);
        }

        var errors = firstResult.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (run.GeneratedSources.Length == 0 || errors.Count > 0)
        {
            throw new InvalidOperationException($"The generator produced {run.GeneratedSources.Length} files and {errors.Count} errors: " + string.Join("; ", errors.Take(5)));
        }

        Console.WriteLine($"// GeneratorCost: cold first run in this process (built-in specs parsed, JIT included), timed once: {stopwatch.Elapsed.TotalMilliseconds:F0} ms, {run.GeneratedSources.Length} files, {run.GeneratedSources.Sum(s => s.SourceText.Length):N0} chars.");
        Print("first run (new driver)", first);
        var warm = first.RunGenerators(_compilation);
        Print("warm re-run (same driver, same compilation)", warm);
        var edited = first.RunGenerators(_compilation.AddSyntaxTrees(_unrelatedTree));
        Print("after an unrelated edit (same driver, a syntax tree added)", edited);
        var replaced = edited.RunGenerators(_compilation.AddSyntaxTrees(_unrelatedTree.WithChangedText(
            _unrelatedTree.GetText().Replace(_unrelatedTree.ToString().IndexOf("42", StringComparison.Ordinal), 2, "43"))));
        Print("after a second unrelated edit (the added tree's text replaced)", replaced);

        _warmDriver = CreateDriver(track: false).RunGenerators(_compilation);
    }

    /// <summary>A new driver over the compilation: every step runs (the specs are already parsed in this process).</summary>
    [Benchmark(Baseline = true)]
    public GeneratorDriver FirstRun() => CreateDriver(track: false).RunGenerators(_compilation);

    /// <summary>The warmed driver over the very same compilation: every input is unchanged.</summary>
    [Benchmark]
    public GeneratorDriver WarmRerun() => _warmDriver.RunGenerators(_compilation);

    /// <summary>The warmed driver over a new compilation with one unrelated syntax tree added, as after a keystroke in another file.</summary>
    [Benchmark]
    public GeneratorDriver AfterUnrelatedEdit() => _warmDriver.RunGenerators(_compilation.AddSyntaxTrees(_unrelatedTree));

    /// <summary>The one-file consumer compilation every GeneratorCost measurement runs the generator over.</summary>
    internal static CSharpCompilation CreateConsumerCompilation() =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(ConsumerSource, ParseOptions, path: "Consumer/Program.cs") },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    /// <summary>A new driver holding a new <see cref="SallaEventsGenerator"/>, with the options GeneratorCost measures.</summary>
    internal static GeneratorDriver CreateDriver(bool track) =>
        CSharpGeneratorDriver.Create(
            new[] { new SallaEventsGenerator().AsSourceGenerator() },
            additionalTexts: null,
            ParseOptions,
            new GlobalOptionsProvider(new Dictionary<string, string> { ["build_property.SallaCodegenNamespace"] = "Salla.Events" }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: track));

    private static void Print(string label, GeneratorDriver driver)
    {
        var result = driver.GetRunResult().Results.Single();
        Console.WriteLine($"// GeneratorCost steps, {label}:");
        foreach (var (name, steps) in result.TrackedSteps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"//   {name,-22} {Reasons(steps)}");
        }

        foreach (var (name, steps) in result.TrackedOutputSteps.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"//   output {name,-15} {Reasons(steps)}");
        }
    }

    private static string Reasons(ImmutableArray<IncrementalGeneratorRunStep> steps) =>
        string.Join(", ", steps.SelectMany(s => s.Outputs).GroupBy(o => o.Reason).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}"))
        + $" ({steps.Length} step run{(steps.Length == 1 ? "" : "s")})";

    internal static ImmutableArray<MetadataReference> References()
    {
        // The running framework's assemblies (from the trusted platform assemblies; not the benchmark's own
        // dependencies, which TPA lists too) plus Salla.Codegen.Runtime.
        var frameworkDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()).TrimEnd(Path.DirectorySeparatorChar);
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return trusted
            .Where(path => string.Equals(Path.GetFullPath(Path.GetDirectoryName(path)!).TrimEnd(Path.DirectorySeparatorChar), frameworkDirectory, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(Salla.Codegen.SallaObject).Assembly.Location))
            .ToImmutableArray();
    }

    /// <summary>The global options MSBuild hands to analyzers (<c>build_property.*</c>); nothing per file.</summary>
    internal sealed class GlobalOptionsProvider : AnalyzerConfigOptionsProvider
    {
        private static readonly Options NoOptions = new(new Dictionary<string, string>());

        public GlobalOptionsProvider(IReadOnlyDictionary<string, string> globalOptions) => GlobalOptions = new Options(globalOptions);

        public override AnalyzerConfigOptions GlobalOptions { get; }

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> _values;

            public Options(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
                _values.TryGetValue(key, out value);
        }
    }
}
