using System;
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
using Salla.Codegen.Generator;

namespace Salla.Codegen.Analyzers.Tests;

/// <summary>
/// References for analyzer tests: .NET 10 reference assemblies, the runtime, and the generated Salla
/// types compiled once into an assembly, so test code uses the real generated API.
/// </summary>
public static class SallaTestSetup
{
    public static readonly ReferenceAssemblies Net10 = new(
        "net10.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "10.0.14"),
        Path.Combine("ref", "net10.0"));

    public static MetadataReference Runtime { get; } = MetadataReference.CreateFromFile(typeof(Salla.Codegen.SallaObject).Assembly.Location);

    private static readonly CSharpCompilationOptions LibraryOptions = new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable);

    private static readonly Lazy<MetadataReference> LazyGenerated = new(BuildGenerated, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The generated types (namespace Salla.Events) for every built-in event.</summary>
    public static MetadataReference Generated => LazyGenerated.Value;

    /// <summary>A library of <paramref name="trees"/> against .NET 10, the runtime and the generated types, for tests that drive Roslyn directly.</summary>
    public static async Task<CSharpCompilation> CompileAsync(string assemblyName, params SyntaxTree[] trees)
    {
        var references = (await Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).Add(Runtime).Add(Generated);
        return CSharpCompilation.Create(assemblyName, trees, references, LibraryOptions);
    }

    private static MetadataReference BuildGenerated()
    {
        var references = Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None).GetAwaiter().GetResult().Add(Runtime);
        var compilation = CSharpCompilation.Create("Salla.Events.Generated", Array.Empty<SyntaxTree>(), references, LibraryOptions);
        var driver = CSharpGeneratorDriver.Create(new SallaEventsGenerator().AsSourceGenerator());
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
}
