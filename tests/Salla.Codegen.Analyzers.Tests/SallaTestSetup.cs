using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Salla.Codegen.Generator;

namespace Salla.Codegen.Analyzers.Tests;

/// <summary>
/// References for analyzer tests: .NET 10 reference assemblies, the runtime, and the generated Salla
/// types compiled once into an assembly, so test code uses the real generated API and the analyzers read
/// what the specs say from that assembly, as they do from a referenced library in a real build.
/// </summary>
public static class SallaTestSetup
{
    public static readonly ReferenceAssemblies Net10 = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.14"),
        Path.Combine("ref", "net10.0"));

    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(Salla.Codegen.SallaObject).Assembly.Location);

    private static readonly CSharpCompilationOptions LibraryOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<MetadataReference> LazyGenerated = new(() => BuildGenerated(null, Array.Empty<(string, string)>()), LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly ConcurrentDictionary<string, Lazy<MetadataReference>> GeneratedWith = new(StringComparer.Ordinal);

    /// <summary>The generated types (namespace Salla.Events) for every built-in event.</summary>
    public static MetadataReference Generated => LazyGenerated.Value;

    /// <summary>A library of <paramref name="trees"/> against .NET 10, the runtime and the generated types, for tests that drive Roslyn directly.</summary>
    public static async Task<CSharpCompilation> CompileAsync(string assemblyName, params SyntaxTree[] trees)
    {
        var references = (await Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).Add(Runtime).Add(Generated);
        return CSharpCompilation.Create(assemblyName, trees, references, LibraryOptions);
    }

    /// <summary>
    /// The generated types as a build with <paramref name="specs"/> (<c>*.salla.json</c> files) and the
    /// <c>SallaCodegenEvents</c> <paramref name="eventFilter"/> makes them; built once per distinct input.
    /// </summary>
    public static MetadataReference GeneratedFor(string? eventFilter, IReadOnlyList<(string Path, string Text)> specs)
    {
        if (eventFilter is null && specs.Count == 0)
        {
            return Generated;
        }

        var key = eventFilter + "\u0000" + string.Join("\u0000", specs.Select(s => s.Path + "\u0001" + s.Text));
        return GeneratedWith.GetOrAdd(key, _ => new Lazy<MetadataReference>(() => BuildGenerated(eventFilter, specs), LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }

    private static MetadataReference BuildGenerated(string? eventFilter, IReadOnlyList<(string Path, string Text)> specs)
    {
        var references = Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult().Add(Runtime);
        var compilation = CSharpCompilation.Create("Salla.Events.Generated", Array.Empty<SyntaxTree>(), references, LibraryOptions);
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (eventFilter is not null)
        {
            options["build_property.SallaCodegenEvents"] = eventFilter;
        }

        var driver = CSharpGeneratorDriver.Create(
            new[] { new SallaEventsGenerator().AsSourceGenerator() },
            specs.Select(s => (AdditionalText)new SpecText(s.Path, s.Text)),
            optionsProvider: new BuildProperties(options));
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        var errors = output.GetDiagnostics().Concat(diagnostics).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The generated types do not compile: " + string.Join("; ", errors.Take(5)));
        }

        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("Cannot emit the generated types: " + string.Join("; ", emitted.Diagnostics.Take(5)));
        }

        return MetadataReference.CreateFromImage(stream.ToArray());
    }

    internal static void Configure(SolutionState state)
    {
        state.AdditionalReferences.Add(Runtime);
        state.AdditionalReferences.Add(Generated);
    }

    /// <summary>
    /// Swaps the default generated types for those a build with <paramref name="state"/>'s <c>*.salla.json</c>
    /// additional files and <paramref name="eventFilter"/> generates: the analyzers know a project's specs only
    /// through what the generator made of them.
    /// </summary>
    internal static void UseGeneratedFor(SolutionState state, string? eventFilter)
    {
        var specs = state.AdditionalFiles
            .Where(f => f.filename.EndsWith(".salla.json", StringComparison.OrdinalIgnoreCase))
            .Select(f => (Path: f.filename, Text: f.content.ToString()))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        var generated = GeneratedFor(eventFilter, specs);
        if (!ReferenceEquals(generated, Generated))
        {
            state.AdditionalReferences.Remove(Generated);
            state.AdditionalReferences.Add(generated);
        }
    }

    private sealed class SpecText : AdditionalText
    {
        private readonly SourceText _text;

        public SpecText(string path, string text)
        {
            Path = path;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class BuildProperties : AnalyzerConfigOptionsProvider
    {
        private static readonly AnalyzerConfigOptions None = new Options(new Dictionary<string, string>());

        private readonly AnalyzerConfigOptions _global;

        public BuildProperties(IReadOnlyDictionary<string, string> values) => _global = new Options(values);

        public override AnalyzerConfigOptions GlobalOptions => _global;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => None;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => None;

        private sealed class Options : AnalyzerConfigOptions
        {
            private readonly IReadOnlyDictionary<string, string> _values;

            public Options(IReadOnlyDictionary<string, string> values) => _values = values;

            public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);
        }
    }
}

/// <summary>An analyzer test with the Salla references in place.</summary>
public sealed class SallaAnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public SallaAnalyzerTest(string source)
    {
        ReferenceAssemblies = SallaTestSetup.Net10;
        SallaTestSetup.Configure(TestState);
        TestCode = source;
    }

    /// <summary>The <c>SallaCodegenEvents</c> the generated types are built with, or null for every event.</summary>
    public string? EventFilter { get; set; }

    /// <summary>Analyzers that run beside <typeparamref name="TAnalyzer"/>, as they do in a build, for rules that meet on the same code.</summary>
    public List<DiagnosticAnalyzer> AdditionalAnalyzers { get; } = new();

    protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => base.GetDiagnosticAnalyzers().Concat(AdditionalAnalyzers);

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        SallaTestSetup.UseGeneratedFor(TestState, EventFilter);
        return base.RunImplAsync(cancellationToken);
    }
}

/// <summary>A code-fix test with the Salla references in place.</summary>
public sealed class SallaCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public SallaCodeFixTest(string source, string fixedSource)
    {
        ReferenceAssemblies = SallaTestSetup.Net10;
        SallaTestSetup.Configure(TestState);
        SallaTestSetup.Configure(FixedState);
        TestCode = source;
        FixedCode = fixedSource;
    }

    /// <summary>The <c>SallaCodegenEvents</c> the generated types are built with, or null for every event.</summary>
    public string? EventFilter { get; set; }

    /// <summary>
    /// The kind of workspace the fix runs in, when it matters: <see cref="Microsoft.CodeAnalysis.WorkspaceKind.MSBuild"/> is
    /// what <c>dotnet format</c> loads a project into. Null for the test framework's own.
    /// </summary>
    public string? WorkspaceKind { get; set; }

    protected override async Task<Workspace> CreateWorkspaceImplAsync()
    {
        var workspace = await base.CreateWorkspaceImplAsync();
        return WorkspaceKind is null ? workspace : new AdhocWorkspace(workspace.Services.HostServices, WorkspaceKind);
    }

    protected override Task RunImplAsync(CancellationToken cancellationToken)
    {
        SallaTestSetup.UseGeneratedFor(TestState, EventFilter);
        SallaTestSetup.UseGeneratedFor(FixedState, EventFilter);
        return base.RunImplAsync(cancellationToken);
    }
}
