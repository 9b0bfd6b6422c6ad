using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Analyzers;
using Salla.Codegen.Generator;

namespace Salla.Codegen.Benchmarks.Generator;

/// <summary>
/// What the Salla.Codegen analyzers add to compiling a consumer: 200 files of handler code over the
/// generated types, compiled as a default <c>dotnet build</c> compiles them (with the .NET SDK's code analyzers)
/// and with the Salla analyzers added. Target: under 5%.
/// </summary>
/// <remarks>
/// <para>
/// The consumer: 200 source files, each a class implementing three generated handler interfaces that reads typed
/// members (now and then a deprecated one), switches over <c>SallaEvent.Event</c> with <c>SallaEvents</c> constants,
/// compares the name with a literal, matches event types in a switch expression, and in some files reads the raw
/// body with <c>JsonDocument</c>; one file holds <c>[assembly: SallaSubscriptions(...)]</c>. References: the running
/// framework's assemblies plus Salla.Codegen.Runtime. SallaEventsGenerator runs once in GlobalSetup
/// (<c>RunGeneratorsAndUpdateCompilation</c>), and its output compilation (the 200 files plus the generated ones)
/// is what every benchmark compiles.
/// </para>
/// <para>
/// The baseline is the compiler with the SDK's analyzers, because that is what every build of a net5.0+ project
/// runs (<c>EnableNETAnalyzers</c> defaults to true): the SDK's <c>Microsoft.CodeAnalysis.(CSharp.)NetAnalyzers</c>
/// under the SDK's default global config, keeping, as csc does without <c>/errorlog</c>, only analyzers with a
/// diagnostic of warning severity or above. Attaching any analyzer makes the compiler build operation trees and
/// raise compilation events; a real build pays that for the SDK's analyzers whether or not it has the Salla ones,
/// so comparing against the bare compiler would bill the Salla analyzers for it. The bare compiler is measured too,
/// for scale.
/// </para>
/// <para>
/// Each operation compiles a fresh copy of that compilation (<c>WithOptions</c> with the same options: same syntax
/// trees and metadata, no bound state). "Compile" is <c>GetDiagnostics()</c>, or with analyzers
/// <c>WithAnalyzers(...).GetAllDiagnosticsAsync()</c>, which compiles once with an event queue the analyzers
/// consume, as csc does; concurrent build and concurrent analysis, csc's defaults. Nothing is emitted. The built-in
/// specs the Salla analyzers read are parsed once per process, as in a long-lived compiler server.
/// </para>
/// <para>
/// GlobalSetup checks that the consumer compiles without a warning, that the SDK's analyzers load, and that the
/// Salla analyzers report exactly the diagnostics the files were written to raise (SALLA101, SALLA103, SALLA201,
/// SALLA202) and change nothing else. The processes that time the Salla analyzers then print the ways of
/// compiling interleaved in one process and each analyzer's execution time as the compiler measures it.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
// Three processes per benchmark: the comparison is across processes, and on the 2-core machine the README describes
// the same compile's median moved by up to 15% from one process to the next.
[SimpleJob(launchCount: 3, warmupCount: 3, iterationCount: 15)]
public class AnalyzerCost
{
    private const int FileCount = 200;
    private const int HandlersPerFile = 3;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    /// <summary>Events the files handle, each with the shape of body that reads its data.</summary>
    private static readonly Handled[] Pool =
    {
        new("OrderCreated", "order.created", Body.Order),
        new("CustomerCreated", "customer.created", Body.Customer),
        new("ProductCreated", "product.created", Body.Product),
        new("ShipmentCreated", "shipment.created", Body.Shipment),
        new("OrderUpdated", "order.updated", Body.Order),
        new("AbandonedCart", "abandoned.cart", Body.Any),
        new("OrderCancelled", "order.cancelled", Body.Order),
        new("CustomerUpdated", "customer.updated", Body.Customer),
        new("ProductQuantityLow", "product.quantity.low", Body.Product),
        new("ShipmentUpdated", "shipment.updated", Body.Shipment),
        new("OrderRefunded", "order.refunded", Body.Order),
        new("AppInstalled", "app.installed", Body.Any),
        new("OrderPaymentUpdated", "order.payment.updated", Body.Order),
        new("CustomerLogin", "customer.login", Body.Customer),
        new("ProductDeleted", "product.deleted", Body.Product),
        new("ShipmentCancelled", "shipment.cancelled", Body.Shipment),
        new("OrderTotalPriceUpdated", "order.total.price.updated", Body.Order),
        new("AppUninstalled", "app.uninstalled", Body.Any),
        new("OrderDeleted", "order.deleted", Body.Order),
        new("BrandCreated", "brand.created", Body.Any),
        new("ShipmentCreating", "shipment.creating", Body.Shipment),
        new("OrderCustomerUpdated", "order.customer.updated", Body.Order),
        new("CategoryCreated", "category.created", Body.Any),
        new("AppStoreAuthorize", "app.store.authorize", Body.Any),
        new("OrderShippingAddressUpdated", "order.shipping.address.updated", Body.Order),
        new("CouponApplied", "coupon.applied", Body.Any),
        new("SpecialofferCreated", "specialoffer.created", Body.Any),
        new("StoreBranchCreated", "store.branch.created", Body.Any),
        new("ShippingZoneCreated", "shipping.zone.created", Body.Any),
        new("ShippingCompanyCreated", "shipping.company.created", Body.Any),
        new("AppSettingsUpdated", "app.settings.updated", Body.Any),
    };

    /// <summary>Subscribed but handled by no file: one SALLA101 each.</summary>
    private static readonly string[] SubscribedUnhandled = { "ReviewAdded", "InvoiceCreated" };

    private CSharpCompilation _compilation = null!;
    private ImmutableArray<DiagnosticAnalyzer> _salla;
    private ImmutableArray<DiagnosticAnalyzer> _sdk;
    private ImmutableArray<DiagnosticAnalyzer> _sdkAndSalla;
    private CompilationWithAnalyzersOptions _analyzerOptions = null!;

    private enum Body
    {
        Order,
        Customer,
        Product,
        Shipment,
        Any,
    }

    /// <summary>Builds and checks the consumer; the processes that time the Salla analyzers also print the in-process comparison.</summary>
    [GlobalSetup(Target = nameof(CompileWithSdkAndSallaAnalyzers))]
    public void SetupAndReport() => Setup(report: true);

    [GlobalSetup(Targets = new[] { nameof(CompileWithoutAnalyzers), nameof(CompileWithSdkAnalyzers) })]
    public void Setup() => Setup(report: false);

    private void Setup(bool report)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = HandlerSources(expected);
        var (sdkAnalyzers, sdkSeverities, sdkDescription) = SdkAnalyzers.Load();
        var consumer = CSharpCompilation.Create(
            "Consumer",
            sources.Select((text, i) => CSharpSyntaxTree.ParseText(text, ParseOptions, path: $"Consumer/Handlers{i:000}.cs", encoding: Encoding.UTF8)),
            GeneratorCost.References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(sdkSeverities));

        var globalOptions = new GeneratorCost.GlobalOptionsProvider(new Dictionary<string, string> { ["build_property.SallaCodegenNamespace"] = "Salla.Events" });
        CSharpGeneratorDriver.Create(
                new[] { new SallaEventsGenerator().AsSourceGenerator() },
                additionalTexts: null,
                ParseOptions,
                globalOptions)
            .RunGeneratorsAndUpdateCompilation(consumer, out var generated, out var generatorDiagnostics);
        if (generatorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException("The generator failed: " + string.Join("; ", generatorDiagnostics.Take(5)));
        }

        _compilation = (CSharpCompilation)generated;
        var userChars = sources.Sum(s => s.Length);
        var generatedTrees = _compilation.SyntaxTrees.Skip(FileCount).ToList();
        Console.WriteLine(
            $"// AnalyzerCost: consumer of {FileCount} handler files ({userChars:N0} chars, {sources.Sum(s => s.Count(c => c == '\n')):N0} lines) "
            + $"plus {generatedTrees.Count} generated files ({generatedTrees.Sum(t => t.Length):N0} chars), {_compilation.References.Count()} references.");
        Console.WriteLine("// AnalyzerCost: " + sdkDescription);

        if (ReferenceEquals(Fresh(), _compilation))
        {
            throw new InvalidOperationException("WithOptions returned the same compilation; the benchmarks would measure a warm one.");
        }

        _salla = typeof(DeprecatedMemberAnalyzer).Assembly.GetTypes()
            .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !t.IsAbstract && t.IsDefined(typeof(DiagnosticAnalyzerAttribute), inherit: false))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        if (_salla.Length == 0)
        {
            throw new InvalidOperationException("No analyzers found in " + typeof(DeprecatedMemberAnalyzer).Assembly.GetName().Name);
        }

        _sdk = sdkAnalyzers;
        _sdkAndSalla = _sdk.AddRange(_salla);
        var exceptions = new List<string>();
        _analyzerOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, globalOptions),
            (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name}: {exception.Message}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);

        // Without analyzers: the consumer must compile cleanly.
        var compilerDiagnostics = Fresh().GetDiagnostics();
        var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"The consumer does not compile ({errors.Count} errors): " + string.Join("; ", errors.Take(5)));
        }

        var compilerWarnings = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        if (compilerWarnings.Count > 0)
        {
            throw new InvalidOperationException($"The consumer has {compilerWarnings.Count} compiler warnings: " + string.Join("; ", compilerWarnings.Take(5)));
        }

        // The SDK's analyzers alone, then with the Salla ones: the difference must be exactly what the sources were
        // written to raise, and no analyzer may fail.
        var sdkOnly = Analyze(_sdk);
        var both = Analyze(_sdkAndSalla);
        var failures = exceptions.Concat(sdkOnly.Concat(both).Where(d => d.Id.StartsWith("AD", StringComparison.Ordinal)).Select(d => d.ToString())).ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException("An analyzer failed: " + string.Join("; ", failures.Take(3)));
        }

        var sdkReported = CountById(sdkOnly, salla: false);
        var added = CountById(both, salla: true);
        Console.WriteLine($"// AnalyzerCost: the SDK's analyzers report {Describe(sdkReported)} (info and hidden ones included).");
        Console.WriteLine($"// AnalyzerCost: {_salla.Length} Salla analyzers ({string.Join(", ", _salla.Select(a => a.GetType().Name))}) add {Describe(added)}; expected {Describe(expected)}.");
        if (!string.Equals(Describe(expected), Describe(added), StringComparison.Ordinal) || !added.ContainsKey("SALLA201") || !added.ContainsKey("SALLA101"))
        {
            throw new InvalidOperationException($"The Salla analyzers reported {Describe(added)}, expected {Describe(expected)}.");
        }

        if (!string.Equals(Describe(sdkReported), Describe(CountById(both, salla: false)), StringComparison.Ordinal) || CountById(sdkOnly, salla: true).Count > 0)
        {
            throw new InvalidOperationException("Adding the Salla analyzers changed what the SDK's analyzers report.");
        }

        if (report)
        {
            PrintInterleaved();
        }
    }

    /// <summary>
    /// Writes the consumer's 200 handler files (the generated ones come from the generator at build time) for a
    /// real build, with the diagnostics they are written to raise in <c>expected-diagnostics.txt</c>. Returns the file count.
    /// </summary>
    public static int WriteConsumer(string directory)
    {
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        var sources = HandlerSources(expected);
        Directory.CreateDirectory(directory);
        for (var i = 0; i < sources.Count; i++)
        {
            File.WriteAllText(Path.Combine(directory, $"Handlers{i:000}.cs"), sources[i]);
        }

        File.WriteAllText(Path.Combine(directory, "expected-diagnostics.txt"), Describe(expected) + "\n");
        return sources.Count;
    }

    /// <summary>The compiler alone, for scale: every diagnostic of a fresh copy of the consumer.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithoutAnalyzers() => Fresh().GetDiagnostics();

    /// <summary>The compiler and the SDK's analyzers a default build runs: the baseline.</summary>
    [Benchmark(Baseline = true)]
    public ImmutableArray<Diagnostic> CompileWithSdkAnalyzers() => Analyze(_sdk);

    /// <summary>The same, with every Salla.Codegen analyzer added.</summary>
    [Benchmark]
    public ImmutableArray<Diagnostic> CompileWithSdkAndSallaAnalyzers() => Analyze(_sdkAndSalla);

    private ImmutableArray<Diagnostic> Analyze(ImmutableArray<DiagnosticAnalyzer> analyzers) =>
        Fresh().WithAnalyzers(analyzers, _analyzerOptions).GetAllDiagnosticsAsync().GetAwaiter().GetResult();

    /// <summary>Same trees, references and options; nothing bound yet.</summary>
    private CSharpCompilation Fresh() => _compilation.WithOptions(_compilation.Options);

    private static Dictionary<string, int> CountById(IEnumerable<Diagnostic> diagnostics, bool salla) =>
        diagnostics.Where(d => d.Id.StartsWith("SALLA", StringComparison.Ordinal) == salla)
            .GroupBy(d => d.Id)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>
    /// Printed, not benchmarked: the ways of compiling interleaved in this one process (so process-to-process variance
    /// cancels out), and the compiler's own per-analyzer figures (what <c>-reportanalyzer</c> prints: each analyzer's
    /// action time, summed over threads) from a telemetry-on run of the SDK and Salla analyzers in each round.
    /// </summary>
    private void PrintInterleaved()
    {
        const int Rounds = 8;
        var telemetryOptions = new CompilationWithAnalyzersOptions(_analyzerOptions.Options!, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true);
        var ways = new (string Name, Func<object> Run)[]
        {
            ("without", () => CompileWithoutAnalyzers()),
            ("SDK", () => CompileWithSdkAnalyzers()),
            ("SDK+Salla", () => CompileWithSdkAndSallaAnalyzers()),
            ("Salla alone", () => Analyze(_salla)),
        };
        var elapsed = ways.ToDictionary(w => w.Name, _ => new List<double>());
        var times = _sdkAndSalla.ToDictionary(a => a, _ => new List<double>());
        for (var round = 0; round <= Rounds; round++)
        {
            // Each way takes each place in the order twice over the eight measured rounds.
            for (var i = 0; i < ways.Length; i++)
            {
                var way = ways[(i + round) % ways.Length];
                var ms = Time(() => way.Run());
                if (round > 0)
                {
                    elapsed[way.Name].Add(ms);
                }
            }

            AnalysisResult? result = null;
            Time(() => result = Fresh().WithAnalyzers(_sdkAndSalla, telemetryOptions).GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult());
            if (round == 0)
            {
                continue;
            }

            foreach (var analyzer in _sdkAndSalla)
            {
                times[analyzer].Add(result!.AnalyzerTelemetryInfo.TryGetValue(analyzer, out var telemetry) ? telemetry.ExecutionTime.TotalMilliseconds : 0);
            }
        }

        var sdk = Median(elapsed["SDK"]);
        var paired = elapsed["SDK+Salla"].Zip(elapsed["SDK"], (with, without) => with / without).ToList();
        Console.WriteLine($"// AnalyzerCost: interleaved in this process, {Rounds} rounds after one warm-up (order rotated each round), a full GC before each, medians:");
        foreach (var way in ways)
        {
            Console.WriteLine($"//   {way.Name,-12} {Median(elapsed[way.Name]),8:F1} ms  min {elapsed[way.Name].Min(),8:F1} ms  ({Median(elapsed[way.Name]) / sdk:F3}x SDK)");
        }

        Console.WriteLine($"//   SDK+Salla / SDK, round by round: median {Median(paired):F3}x, from {paired.Min():F3}x to {paired.Max():F3}x");

        var sallaSums = Enumerable.Range(0, Rounds).Select(i => _salla.Sum(a => times[a][i])).ToList();
        var sdkSums = Enumerable.Range(0, Rounds).Select(i => _sdk.Sum(a => times[a][i])).ToList();
        Console.WriteLine($"// AnalyzerCost: execution time (AnalyzerTelemetryInfo.ExecutionTime, summed over threads), SDK and Salla analyzers together, {Rounds} rounds, medians:");
        Console.WriteLine($"//   {_sdk.Length} SDK analyzers: {Median(sdkSums):F1} ms; {_salla.Length} Salla analyzers: {Median(sallaSums):F1} ms ({100 * Median(sallaSums) / sdk:F2}% of the SDK compile's {sdk:F0} ms)");
        foreach (var analyzer in _salla.OrderByDescending(a => Median(times[a])))
        {
            Console.WriteLine($"//   {analyzer.GetType().Name,-28} {Median(times[analyzer]),7:F2} ms  min {times[analyzer].Min(),7:F2} ms");
        }

        foreach (var analyzer in _sdk.OrderByDescending(a => Median(times[a])).Take(5))
        {
            Console.WriteLine($"//   (SDK) {analyzer.GetType().Name,-40} {Median(times[analyzer]),7:F2} ms");
        }
    }

    private static double Time(Action action)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "nothing" : string.Join(", ", counts.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} x{p.Value}"));

    private static void Expect(Dictionary<string, int> expected, string id) => expected[id] = expected.TryGetValue(id, out var count) ? count + 1 : 1;

    /// <summary>The 200 handler files, counting the diagnostics they are written to raise.</summary>
    private static List<string> HandlerSources(Dictionary<string, int> expected)
    {
        var sources = new List<string>(FileCount);
        for (var file = 0; file < FileCount; file++)
        {
            var handled = Enumerable.Range(0, HandlersPerFile).Select(k => Pool[((file * HandlersPerFile) + k) % Pool.Length]).ToArray();
            var s = new StringBuilder();
            s.Append("using System;\nusing System.Collections.Generic;\nusing System.Text.Json;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Salla.Codegen;\nusing Salla.Events;\n\n");
            if (file == 0)
            {
                s.Append("[assembly: SallaSubscriptions(\n");
                var subscribed = Pool.Select(h => h.Constant).Concat(SubscribedUnhandled).ToList();
                s.Append(string.Join(",\n", subscribed.Select(c => "    SallaEvents." + c))).Append(")]\n\n");
                foreach (var _ in SubscribedUnhandled)
                {
                    Expect(expected, "SALLA101");
                }
            }

            s.Append("namespace Consumer.Handlers;\n\n");
            s.Append($"internal sealed class Handlers{file:000} : {string.Join(", ", handled.Select(h => "I" + h.Constant + "Handler"))}\n{{\n");
            s.Append("    private readonly List<string> _log = new();\n    private long _count;\n    private decimal _total;\n\n");
            s.Append("    public IReadOnlyList<string> Log => _log;\n\n    public long Count => _count;\n\n    public decimal Total => _total;\n\n");
            s.Append("    public void Reset()\n    {\n        _log.Clear();\n        _count = 0;\n        _total = 0m;\n    }\n\n");
            for (var k = 0; k < handled.Length; k++)
            {
                AppendHandler(s, handled[k], file, k, expected);
            }

            // A switch over the envelope's name; a few files leave out the default (SALLA103 lists what is missing).
            var noDefault = file % 25 == 7;
            s.Append("    public static string Describe(SallaEvent salla)\n    {\n        switch (salla.Event)\n        {\n");
            foreach (var h in handled)
            {
                s.Append($"            case SallaEvents.{h.Constant}:\n                return \"{h.Name} from \" + salla.Merchant;\n");
            }

            if (noDefault)
            {
                s.Append("        }\n\n        return string.Empty;\n    }\n\n");
                Expect(expected, "SALLA103");
            }
            else
            {
                s.Append("            default:\n                return salla.Event;\n        }\n    }\n\n");
            }

            s.Append($"    public static bool IsFirst(SallaEvent salla) => salla.Event == \"{handled[0].Name}\";\n\n");
            s.Append("    public static long? MerchantOf(SallaEvent salla) => salla switch\n    {\n");
            foreach (var h in handled)
            {
                s.Append($"        {h.Constant}Event e => e.Merchant,\n");
            }

            s.Append("        _ => null,\n    };\n\n");
            s.Append("    private async ValueTask FlushAsync(string line, CancellationToken cancellationToken)\n    {\n        await Task.Yield();\n        cancellationToken.ThrowIfCancellationRequested();\n        _log.Add(line);\n    }\n}\n");
            sources.Add(s.ToString());
        }

        return sources;
    }

    private static void AppendHandler(StringBuilder s, Handled h, int file, int k, Dictionary<string, int> expected)
    {
        s.Append($"    public ValueTask HandleAsync({h.Constant}Event salla, CancellationToken cancellationToken)\n    {{\n");
        s.Append("        _count++;\n");
        switch (h.Body)
        {
            case Body.Order:
                s.Append("        if (salla.Data is not { } order)\n        {\n            return ValueTask.CompletedTask;\n        }\n\n");
                s.Append("        var total = order.Amounts.Total?.Amount ?? 0m;\n");
                s.Append("        var customer = order.Customer.FirstName ?? order.Customer.Email ?? \"unknown\";\n");
                if ((file + k) % 9 == 0)
                {
                    s.Append("        var link = order.CheckoutUrl ?? order.Urls.Customer;\n");
                    Expect(expected, "SALLA201");
                }
                else
                {
                    s.Append("        var link = order.Urls.Checkout ?? order.Urls.Customer;\n");
                }

                s.Append("        long lines = 0;\n        foreach (var item in order.Items)\n        {\n            lines += item.Quantity ?? 0;\n");
                if (file % 20 == 3)
                {
                    s.Append("            if (item.Codes is { Count: > 0 } codes)\n            {\n                _log.Add(item.Name + \": \" + codes.Count + \" codes\");\n            }\n");
                    Expect(expected, "SALLA201");
                }
                else
                {
                    s.Append("            _log.Add(item.Name ?? item.Sku ?? string.Empty);\n");
                }

                s.Append("        }\n\n");
                if (file % 4 == 1)
                {
                    // The raw body, read as JSON; one file in twenty asks it for a deprecated field (SALLA202).
                    s.Append("        using (var document = JsonDocument.Parse(salla.RawBody))\n        {\n");
                    s.Append("            var data = document.RootElement.GetProperty(\"data\");\n");
                    s.Append("            if (data.TryGetProperty(\"reference_id\", out var reference) && reference.ValueKind == JsonValueKind.Number)\n            {\n                lines += reference.GetInt64() % 2;\n            }\n");
                    if (file % 20 == 1)
                    {
                        s.Append("\n            if (data.TryGetProperty(\"checkout_url\", out var checkout))\n            {\n                link ??= checkout.GetString();\n            }\n");
                        Expect(expected, "SALLA202");
                    }

                    s.Append("        }\n\n");
                }

                s.Append("        _total += total;\n");
                s.Append($"        return FlushAsync($\"{{salla.Event}} {{order.Id}} {{order.ReferenceId}} {{order.Status.Slug}} {{customer}} {{total}} {{order.Currency}} {{lines}} {{link}}\", cancellationToken);\n");
                break;
            case Body.Customer:
                s.Append("        var customer = salla.Data;\n        if (customer is null)\n        {\n            return ValueTask.CompletedTask;\n        }\n\n");
                s.Append("        var name = string.Join(' ', customer.FirstName, customer.LastName).Trim();\n");
                s.Append("        var contact = customer.Email ?? (customer.MobileCode + customer.Mobile);\n");
                s.Append("        _log.Add($\"{salla.Event} {customer.Id} {name} <{contact}> {customer.City}, {customer.Country} {customer.UpdatedAt:O}\");\n");
                s.Append("        return ValueTask.CompletedTask;\n");
                break;
            case Body.Product:
                s.Append("        var product = salla.Data;\n        if (product is null)\n        {\n            return ValueTask.CompletedTask;\n        }\n\n");
                s.Append("        var price = product.Price?.Amount ?? product.RegularPrice?.Amount ?? 0m;\n");
                s.Append("        var available = product.IsAvailable == true && (product.UnlimitedQuantity == true || product.Quantity > 0);\n");
                s.Append("        _total += price * (product.Quantity ?? 0);\n");
                s.Append("        _log.Add($\"{salla.Event} {product.Id} {product.Sku} {product.Name} {price} {product.Currency} {product.Status} {available}\");\n");
                s.Append("        return ValueTask.CompletedTask;\n");
                break;
            case Body.Shipment:
                s.Append("        if (salla.Data is not { } shipment)\n        {\n            return ValueTask.CompletedTask;\n        }\n\n");
                s.Append("        var international = shipment.IsInternational ?? false;\n");
                s.Append("        var cost = shipment.Total?.Amount ?? 0m;\n");
                s.Append("        _total += international ? cost * 2 : cost;\n");
                s.Append("        return FlushAsync($\"{salla.Event} {shipment.Id} order {shipment.OrderId} {shipment.CourierName} {shipment.ShippingNumber} {shipment.Status} {cost}\", cancellationToken);\n");
                break;
            default:
                s.Append("        _log.Add($\"{salla.Event} merchant {salla.Merchant} at {salla.CreatedAt:O}: {(salla.Data is null ? \"no data\" : \"data\")} ({salla.RawBody.Length} bytes)\");\n");
                s.Append("        return ValueTask.CompletedTask;\n");
                break;
        }

        s.Append("    }\n\n");
    }

    /// <summary>
    /// The .NET SDK's code analyzers, loaded from the SDK that built this benchmark, configured as a default build of
    /// a net5.0+ project configures them (the SDK's <c>analysislevel_N_default.globalconfig</c>, N its major version,
    /// as <c>AnalysisLevel</c> defaults to latest), and kept only when they have a diagnostic of warning severity or above: csc runs no others unless
    /// asked for an error log (dotnet/roslyn#43546).
    /// </summary>
    private static class SdkAnalyzers
    {
        private static readonly Regex SeverityLine = new(@"^\s*dotnet_diagnostic\.(?<id>[A-Za-z0-9_]+)\.severity\s*=\s*(?<severity>\w+)", RegexOptions.CultureInvariant);

        public static (ImmutableArray<DiagnosticAnalyzer> Analyzers, ImmutableDictionary<string, ReportDiagnostic> Severities, string Description) Load()
        {
            var directory = RecordedByBuild("SdkAnalyzersDirectory");
            // AnalysisLevel defaults to "latest", which the SDK maps to its own major version.
            var level = RecordedByBuild("SdkVersion").Split('.')[0];
            var config = Path.Combine(directory, "build", "config", $"analysislevel_{level}_default.globalconfig");
            var severities = File.ReadLines(config)
                .Select(line => SeverityLine.Match(line))
                .Where(m => m.Success)
                .ToImmutableDictionary(m => m.Groups["id"].Value, m => ToReportDiagnostic(m.Groups["severity"].Value), StringComparer.Ordinal);

            var loader = new LoadFromLoader();
            var failures = new List<string>();
            var analyzers = new List<DiagnosticAnalyzer>();
            var files = new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" };
            foreach (var file in files)
            {
                var reference = new AnalyzerFileReference(Path.Combine(directory, file), loader);
                reference.AnalyzerLoadFailed += (_, e) => failures.Add($"{file}: {e.ErrorCode} {e.TypeName} {e.Message}");
                analyzers.AddRange(reference.GetAnalyzers(LanguageNames.CSharp));
            }

            if (failures.Count > 0 || analyzers.Count == 0)
            {
                throw new InvalidOperationException($"The SDK's analyzers did not load from {directory}: " + string.Join("; ", failures.Take(3)));
            }

            var run = analyzers.Where(a => a.SupportedDiagnostics.Any(d => IsBuildVisible(d, severities))).ToImmutableArray();
            var description = $"{analyzers.Count} SDK analyzers loaded from {directory} with {Path.GetFileName(config)} ({severities.Count} severities); "
                + $"{run.Length} have a warning a build shows, and run.";
            return (run, severities, description);
        }

        /// <summary>A value the project file stores as <c>AssemblyMetadata</c> when it builds this benchmark.</summary>
        private static string RecordedByBuild(string key) =>
            typeof(AnalyzerCost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == key)?.Value
            ?? throw new InvalidOperationException($"The build did not record {key} (AssemblyMetadata in the project file).");

        private static bool IsBuildVisible(DiagnosticDescriptor descriptor, ImmutableDictionary<string, ReportDiagnostic> severities) =>
            severities.TryGetValue(descriptor.Id, out var configured)
                ? configured is ReportDiagnostic.Warn or ReportDiagnostic.Error
                : descriptor.IsEnabledByDefault && descriptor.DefaultSeverity >= DiagnosticSeverity.Warning;

        private static ReportDiagnostic ToReportDiagnostic(string severity) => severity switch
        {
            "error" => ReportDiagnostic.Error,
            "warning" => ReportDiagnostic.Warn,
            "suggestion" => ReportDiagnostic.Info,
            "silent" => ReportDiagnostic.Hidden,
            "none" => ReportDiagnostic.Suppress,
            _ => ReportDiagnostic.Default,
        };

        /// <summary>Loads into the default context, where this process's Roslyn already is (the analyzers target Roslyn 3.11).</summary>
        private sealed class LoadFromLoader : IAnalyzerAssemblyLoader
        {
            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }

    /// <summary>A handled event: its <c>SallaEvents</c> constant (also the stem of its class and handler interface), name and body shape.</summary>
    private sealed record Handled(string Constant, string Name, Body Body);
}
