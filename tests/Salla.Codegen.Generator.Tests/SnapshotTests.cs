using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// The exact text generated for one event (storetax.created), checked by Microsoft.CodeAnalysis.Testing against the
/// files in Snapshots/, compiled against the net8.0 reference assemblies. To accept a deliberate change of the
/// output, run the tests with SALLA_UPDATE_SNAPSHOTS=1 and review the diff of Snapshots/.
/// </summary>
public class SnapshotTests
{
    private const string Filter = "storetax.created";

    private const string GlobalConfig = "is_global = true\nbuild_property.SallaCodegenEvents = " + Filter + "\n";

    private const string Source = """
        namespace App
        {
            internal sealed class StoreTaxHandler : global::Salla.Events.IStoretaxCreatedHandler
            {
                public global::System.Threading.Tasks.ValueTask HandleAsync(global::Salla.Events.StoretaxCreatedEvent salla, global::System.Threading.CancellationToken cancellationToken)
                {
                    global::Salla.Events.StoreTax tax = salla.Data;
                    return tax.Status == global::Salla.Events.StoreTax.StatusValues.Active ? default : default;
                }
            }
        }
        """;

    private static string SnapshotDirectory => Path.Combine(AppContext.BaseDirectory, "Snapshots");

    [Fact]
    public async Task Generated_sources_match_the_snapshots()
    {
        if (Environment.GetEnvironmentVariable("SALLA_UPDATE_SNAPSHOTS") == "1")
        {
            UpdateSnapshots();
        }

        var snapshots = Directory.GetFiles(SnapshotDirectory, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "StoreTax.g.cs");
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "StoretaxCreatedEvent.g.cs");
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "SallaEvents.g.cs");
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "SallaEventDispatcher.g.cs");

        var test = new CSharpSourceGeneratorTest<SallaEventsGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        test.TestState.Sources.Add(Source);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", GlobalConfig));
        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "runtime-net8.0", "Salla.Codegen.Runtime.dll")));
        foreach (var snapshot in snapshots)
        {
            // Read as the generator writes: '\n' line ends (whatever a checkout did to them), UTF-8.
            var text = File.ReadAllText(snapshot).Replace("\r\n", "\n", StringComparison.Ordinal);
            test.TestState.GeneratedSources.Add((typeof(SallaEventsGenerator), Path.GetFileName(snapshot), SourceText.From(text, Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    /// <summary>Rewrites Snapshots/ in the source tree from what the generator emits now.</summary>
    private static void UpdateSnapshots()
    {
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", Filter)));
        run.AssertNoCrash();
        foreach (var directory in new[] { Path.Combine(RepoPaths.Root, "tests", "Salla.Codegen.Generator.Tests", "Snapshots"), SnapshotDirectory })
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.cs"))
            {
                File.Delete(stale);
            }

            foreach (var (hintName, text) in run.Texts)
            {
                File.WriteAllText(Path.Combine(directory, hintName), text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
    }
}
