using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

/// <summary>The per-compilation event index that SubscriptionAnalyzer and EventSwitchAnalyzer share.</summary>
public class SallaEventIndexTests
{
    private const string Source = """
        using System.Threading;
        using System.Threading.Tasks;
        using Salla.Codegen;
        using Salla.Events;

        [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderUpdated)]

        sealed class OrderCreated : IOrderCreatedHandler
        {
            public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;

            static string Describe(SallaEvent e)
            {
                switch (e)
                {
                    case OrderCreatedEvent:
                        return "created";
                }

                return "other";
            }
        }
        """;

    private static Task<CSharpCompilation> CompileAsync(string source) =>
        SallaTestSetup.CompileAsync("Consumer", CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)));

    [Fact]
    public async Task One_index_per_compilation_and_options()
    {
        var compilation = await CompileAsync(Source);
        var other = compilation.WithOptions(compilation.Options);
        var symbols = SallaSymbols.From(compilation);
        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);
        var otherOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty);

        var first = SallaEventIndex.For(compilation, symbols, options);

        Assert.Same(first, SallaEventIndex.For(compilation, SallaSymbols.From(compilation), options));
        Assert.NotSame(first, SallaEventIndex.For(other, SallaSymbols.From(other), options));
        var withOtherOptions = SallaEventIndex.For(compilation, symbols, otherOptions);
        Assert.NotSame(first, withOtherOptions);
        Assert.Same(withOtherOptions, SallaEventIndex.For(compilation, symbols, otherOptions));
    }

    [Fact]
    public async Task What_the_specs_say_is_read_from_a_referenced_library_whatever_its_event_filter()
    {
        // A library generated with SallaCodegenEvents = order.*: the app reuses its types and learns the specs from it.
        var library = SallaTestSetup.GeneratedFor("order.*", System.Array.Empty<(string, string)>());
        var references = (await SallaTestSetup.Net10.ResolveAsync(LanguageNames.CSharp, CancellationToken.None)).Add(SallaTestSetup.Runtime).Add(library);
        var compilation = CSharpCompilation.Create("App", new[] { CSharpSyntaxTree.ParseText("class C { }") }, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

        var specs = SallaEventIndex.For(compilation, SallaSymbols.From(compilation), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetSpecs(CancellationToken.None);

        Assert.Null(compilation.GetTypeByMetadataName("Salla.Events.ProductUpdatedEvent"));
        var productUpdated = specs.Events["product.updated"];
        Assert.Equal("product", productUpdated.Group);
        Assert.Equal("2025-12-15", productUpdated.Deprecation?.Since);
        Assert.Contains("product.price.updated", productUpdated.Deprecation!.ReplacedBy);
        Assert.Null(specs.Events["order.created"].Deprecation);
        Assert.Equal("data.urls.checkout", specs.DeprecatedJsonFields["checkout_url"].Replacement);
        Assert.Equal("2025-05-25", specs.DeprecatedJsonFields["checkout_url"].Since);
    }

    [Fact]
    public async Task Analyzers_sharing_the_index_in_one_concurrent_run_each_report_what_they_report_alone()
    {
        var compilation = await CompileAsync(Source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var together = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SubscriptionAnalyzer(), new EventSwitchAnalyzer()), new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
            .GetAnalyzerDiagnosticsAsync();

        var ids = together.Select(d => d.Id).OrderBy(id => id, System.StringComparer.Ordinal);
        Assert.Equal(new[] { "SALLA101", "SALLA103" }, ids);
        Assert.All(together, d =>
        {
            var message = d.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Contains("order.updated", message, System.StringComparison.Ordinal);
            Assert.DoesNotContain("order.created", message, System.StringComparison.Ordinal);
        });
    }
}
