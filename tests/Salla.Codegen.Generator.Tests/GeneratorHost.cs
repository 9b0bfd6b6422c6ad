using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Salla.Codegen.Generator;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>Builds compilations and runs <see cref="SallaEventsGenerator"/> over them with Roslyn's driver, in-process.</summary>
internal static class GeneratorHost
{
    /// <summary>The events the built-in specs document (every <c>x-salla-events</c> entry under specs/).</summary>
    public const int DocumentedEventCount = 84;

    public const string ConsumerSource = "namespace App\n{\n    internal static class Program\n    {\n    }\n}\n";

    /// <summary>C# 12 (the newest Roslyn 4.8 knows) with documentation comments checked, so malformed XML docs in the output show.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    private static readonly Lazy<ImmutableArray<MetadataReference>> LazyReferences = new(LoadReferences, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<CSharpCompilation> LazyConsumer = new(() => CreateCompilation("Consumer", ConsumerSource), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<GeneratorRun> LazyDefaultRun = new(() => Run(Consumer), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The running framework's assemblies plus Salla.Codegen.Runtime.</summary>
    public static ImmutableArray<MetadataReference> References => LazyReferences.Value;

    /// <summary>One parsed consumer compilation shared by the tests (compilations are immutable).</summary>
    public static CSharpCompilation Consumer => LazyConsumer.Value;

    /// <summary>The generator over <see cref="Consumer"/> with no options and no user specs, run once.</summary>
    public static GeneratorRun DefaultRun => LazyDefaultRun.Value;

    public static CSharpCompilation CreateCompilation(string assemblyName, string source, IEnumerable<MetadataReference>? extraReferences = null) =>
        CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(source, ParseOptions, path: assemblyName + "/Source.cs") },
            References.AddRange(extraReferences ?? Array.Empty<MetadataReference>()),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                deterministic: true));

    public static GeneratorDriver CreateDriver(IReadOnlyDictionary<string, string>? globalOptions = null, IEnumerable<AdditionalText>? additionalTexts = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SallaEventsGenerator().AsSourceGenerator() },
            additionalTexts,
            ParseOptions,
            new TestOptionsProvider(globalOptions),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorRun Run(Compilation compilation, IReadOnlyDictionary<string, string>? globalOptions = null, IEnumerable<AdditionalText>? additionalTexts = null)
    {
        var driver = CreateDriver(globalOptions, additionalTexts)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(driver.GetRunResult().Results.Single(), output, driverDiagnostics);
    }

    /// <summary>Options as MSBuild passes them: <c>build_property.SallaCodegenX</c>.</summary>
    public static IReadOnlyDictionary<string, string> Properties(params (string Name, string Value)[] properties) =>
        properties.ToDictionary(p => "build_property." + p.Name, p => p.Value, StringComparer.Ordinal);

    public static MetadataReference EmitToImageReference(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "emit failed:\n" + Format(result.Diagnostics));
        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d => d.ToString()));

    /// <summary>Asserts the compilation has no diagnostic at all, warnings included, printing the first ones if it has.</summary>
    public static void AssertClean(Compilation compilation)
    {
        var diagnostics = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(diagnostics.Count == 0, $"{diagnostics.Count} diagnostics:\n" + Format(diagnostics.Take(30)));
    }

    /// <summary>Top-level types declared in the generated trees of <paramref name="run"/>.</summary>
    public static IReadOnlyList<INamedTypeSymbol> GeneratedTypes(GeneratorRun run)
    {
        var types = new List<INamedTypeSymbol>();
        foreach (var tree in run.Result.GeneratedSources.Select(s => s.SyntaxTree))
        {
            var model = run.Output.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<BaseTypeDeclarationSyntax>())
            {
                if (declaration.Parent is BaseNamespaceDeclarationSyntax or CompilationUnitSyntax)
                {
                    types.Add((INamedTypeSymbol)model.GetDeclaredSymbol(declaration)!);
                }
            }
        }

        return types;
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // The framework the tests run on (not the test's own dependencies, which TPA lists too), plus the runtime library.
        var frameworkDirectory = Path.GetFullPath(RuntimeEnvironment.GetRuntimeDirectory()).TrimEnd(Path.DirectorySeparatorChar);
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var framework = trusted
            .Where(path => string.Equals(Path.GetDirectoryName(Path.GetFullPath(path)), frameworkDirectory, StringComparison.Ordinal))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
        Assert.Contains(framework, path => Path.GetFileName(path) == "System.Runtime.dll");
        return framework
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .Append(MetadataReference.CreateFromFile(typeof(SallaObject).Assembly.Location))
            .ToImmutableArray();
    }
}

/// <summary>What one generator run gave: its result, the compilation with the generated trees, and the driver's own diagnostics.</summary>
internal sealed record GeneratorRun(GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    public IReadOnlyList<string> HintNames => Result.GeneratedSources.Select(s => s.HintName).OrderBy(n => n, StringComparer.Ordinal).ToList();

    public bool Generated(string hintName) => Result.GeneratedSources.Any(s => s.HintName == hintName);

    public string Source(string hintName) => Result.GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();

    /// <summary>Every generated file by hint name.</summary>
    public IReadOnlyDictionary<string, string> Texts => Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>The generator ran to the end: no exception, and no CS8785 (generator failed) or CS8784 (generator could not load).</summary>
    public void AssertNoCrash()
    {
        Assert.Null(Result.Exception);
        Assert.DoesNotContain(DriverDiagnostics, d => d.Id is "CS8785" or "CS8784");
        Assert.DoesNotContain(Result.Diagnostics, d => d.Id is "CS8785" or "CS8784");
    }
}

/// <summary>The global options MSBuild hands to analyzers (<c>build_property.*</c>); nothing per file.</summary>
internal sealed class TestOptionsProvider : AnalyzerConfigOptionsProvider
{
    private static readonly TestOptions NoOptions = new(new Dictionary<string, string>());

    public TestOptionsProvider(IReadOnlyDictionary<string, string>? globalOptions) =>
        GlobalOptions = new TestOptions(globalOptions ?? new Dictionary<string, string>());

    public override AnalyzerConfigOptions GlobalOptions { get; }

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => NoOptions;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => NoOptions;

    private sealed class TestOptions : AnalyzerConfigOptions
    {
        private readonly IReadOnlyDictionary<string, string> _values;

        public TestOptions(IReadOnlyDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) =>
            _values.TryGetValue(key, out value);
    }
}

/// <summary>An additional file (a consumer's <c>*.salla.json</c>) held in memory.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text, Encoding.UTF8);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
