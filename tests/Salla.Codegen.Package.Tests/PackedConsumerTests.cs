using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Package.Tests;

/// <summary>
/// Packs Salla.Codegen, Salla.Codegen.AspNetCore, the inbox Salla.Codegen.EntityFrameworkCore, the test kit Salla.Codegen.Testing and the dotnet tool
/// Salla.Codegen.Tool with a unique version into a folder feed, once for all tests, with a NuGet
/// configuration and packages folder of its own.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        Version = "0.1.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        Root = Path.Combine(Path.GetTempPath(), "salla-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        Environment = new Dictionary<string, string>
        {
            // A packages folder of its own: nothing a previous build left in the user's cache is used.
            ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
        };

        foreach (var project in new[] { "runtime/Salla.Codegen.Runtime", "runtime/Salla.Codegen.AspNetCore", "runtime/Salla.Codegen.EntityFrameworkCore", "runtime/Salla.Codegen.Testing", "tools/Salla.Codegen.Tool" })
        {
            DotNet.Run(RepoPaths.Root, null, "pack", project, "-c", "Release", "-o", Feed, "-p:Version=" + Version, "-p:ContinuousIntegrationBuild=true")
                .AssertSuccess("dotnet pack " + project);
        }

        DotNet.WriteFile(Path.Combine(Root, "consumers", "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
    }

    public string Version { get; }

    /// <summary>The Entity Framework Core version the repository pins (EF Core 11 does not restore on net10.0): what a consumer adds beside the inbox.</summary>
    public static string EntityFrameworkCoreVersion { get; } =
        System.Xml.Linq.XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "Microsoft.EntityFrameworkCore.Sqlite").Attribute("Version")!.Value;

    public string Root { get; }

    public string Feed { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Where consumers are created; its nuget.config puts the feed first.</summary>
    public string Consumers => Path.Combine(Root, "consumers");

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    /// <summary>Creates a project from a dotnet template and adds the package exactly as 'dotnet add package' does.</summary>
    public string NewConsumer(string name, string template, string package)
    {
        var consumers = Path.Combine(Root, "consumers");
        DotNet.Run(consumers, Environment, "new", template, "-o", name, "-n", name, "--no-restore").AssertSuccess("dotnet new " + template);
        var directory = Path.Combine(consumers, name);
        DotNet.Run(directory, Environment, "add", "package", package, "--version", Version, "--no-restore").AssertSuccess("dotnet add package " + package);
        return directory;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is the OS's to clean then.
        }
    }
}

[CollectionDefinition(nameof(PackedPackages))]
public sealed class PackedPackagesCollection : ICollectionFixture<PackedPackages>
{
}

[Collection(nameof(PackedPackages))]
public class PackedConsumerTests
{
    private readonly PackedPackages _packages;

    public PackedConsumerTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void Package_bundles_the_generator_its_dependencies_the_analyzers_and_the_runtime()
    {
        using var zip = ZipFile.OpenRead(_packages.PackagePath("Salla.Codegen"));
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var dll in new[] { "Salla.Codegen.Generator", "Salla.Codegen.Analyzers", "Salla.Codegen.CodeFixes", "NJsonSchema", "NJsonSchema.Annotations", "Namotion.Reflection", "Newtonsoft.Json" })
        {
            Assert.Contains($"analyzers/dotnet/cs/{dll}.dll", entries);
        }

        Assert.Contains("lib/net8.0/Salla.Codegen.dll", entries);
        Assert.Contains("lib/net10.0/Salla.Codegen.dll", entries);
        Assert.Contains("buildTransitive/Salla.Codegen.props", entries);
        Assert.Contains("buildTransitive/Salla.Codegen.targets", entries);
        Assert.Contains("prebuilt/net8.0/Salla.Events.dll", entries);
        Assert.Contains("prebuilt/net10.0/Salla.Events.dll", entries);
        Assert.Contains("prebuilt/net10.0/Salla.Events.xml", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void Console_consumer_builds_dispatches_an_example_and_shows_the_analyzer_warnings()
    {
        var app = _packages.NewConsumer("ConsoleConsumer", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderUpdated)]

            var body = File.ReadAllBytes(args[0]);
            var result = await new SallaEventDispatcher(new Services(new OrderCreatedHandler())).DispatchAsync(body);
            Console.WriteLine($"dispatched {result.EventName}: {result.Outcome}");

            sealed class OrderCreatedHandler : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    var order = salla.Data;
                    Console.WriteLine($"handled order {order.Id} of customer mobile {order.Customer.Mobile} placed {order.Date:yyyy-MM-dd}");
                    Console.WriteLine($"legacy checkout link: {order.CheckoutUrl ?? "(none)"}");
                    return ValueTask.CompletedTask;
                }
            }

            sealed class Services(IOrderCreatedHandler handler) : IServiceProvider
            {
                public object? GetService(Type serviceType) =>
                    serviceType == typeof(IEnumerable<IOrderCreatedHandler>) ? new[] { handler } : null;
            }
            """);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the console consumer");

        Assert.DoesNotContain("CS8784", build.Output);
        Assert.DoesNotContain("CS8785", build.Output);
        Assert.Contains("warning SALLA201", build.Output);
        Assert.Contains("'Order.CheckoutUrl' is deprecated by Salla since 2025-05-25", build.Output);
        Assert.Contains("warning SALLA101", build.Output);
        Assert.Contains("'order.updated'", build.Output);

        var run = DotNet.Run(app, _packages.Environment, "run", "-c", "Release", "--no-build", "--", Path.Combine(RepoPaths.Examples, "order.created.json"))
            .AssertSuccess("running the console consumer");
        Assert.Contains("handled order 2116149737 of customer mobile 501806978 placed 2022-06-26", run.Output);
        Assert.Contains("dispatched order.created: Handled", run.Output);
    }

    [Fact]
    public void Every_analyzer_rule_reports_in_a_consumer_build_and_editorconfig_sets_its_severity()
    {
        var library = _packages.NewConsumer("RulesConsumer", "classlib", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(library, "Class1.cs"), """
            using System.Text.Json;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderCancelled, SallaEvents.ProductUpdated, "order.create")]

            namespace RulesConsumer;

            public sealed class Handlers : IOrderCreatedHandler, IProductUpdatedHandler, ICustomerCreatedHandler
            {
                public string? LastLink { get; private set; }

                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    LastLink = salla.Data?.CheckoutUrl;
                    using var document = JsonDocument.Parse(salla.RawBody);
                    LastLink ??= document.RootElement.GetProperty("data").GetProperty("checkout_url").GetString();
                    return ValueTask.CompletedTask;
                }

                public ValueTask HandleAsync(ProductUpdatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;

                public ValueTask HandleAsync(CustomerCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            public static class Router
            {
                public static string Route(SallaEvent salla)
                {
                    switch (salla)
                    {
                        case OrderCreatedEvent:
                            return "orders";
                    }

                    return "elsewhere";
                }

                public static bool IsTax(SallaEvent salla) => salla.Event == "store.tax.created";
            }
            """);

        // csc leaves info diagnostics out of the build output; the error log has them.
        var errorLog = Path.Combine(library, "build.sarif");
        var build = DotNet.Run(library, _packages.Environment, "build", "-c", "Release", "-p:ErrorLog=" + errorLog);

        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error SALLA301: 'order.create' is not a documented or user-specified Salla event (did you mean 'order.created'?)", build.Output);
        Assert.Contains("error SALLA301: 'store.tax.created' is not a documented or user-specified Salla event (did you mean 'storetax.created'?)", build.Output);
        Assert.Contains("warning SALLA101: The app subscribes to 'order.cancelled' but no class implements", build.Output);
        var info = Assert.Single(SarifResults(errorLog), r => r.RuleId == "SALLA102");
        Assert.Equal("note", info.Level);
        Assert.Equal("Handlers handles 'customer.created', which [assembly: SallaSubscriptions(...)] does not list; Salla will not send it", info.Message);
        Assert.Contains("warning SALLA103: This switch over Salla events has no default and misses: ", build.Output);
        Assert.Contains("warning SALLA201: 'Order.CheckoutUrl' is deprecated by Salla since 2025-05-25", build.Output);
        Assert.Contains("warning SALLA202: The JSON field 'checkout_url' of a Salla payload is deprecated by Salla since 2025-05-25", build.Output);
        Assert.Contains("warning SALLA302: 'product.updated' is deprecated by Salla since 2025-12-15", build.Output);
        Assert.DoesNotContain("CS8784", build.Output);
        Assert.DoesNotContain("AD0001", build.Output);

        DotNet.WriteFile(Path.Combine(library, ".editorconfig"), """
            root = true

            [*.cs]
            dotnet_diagnostic.SALLA301.severity = warning
            dotnet_diagnostic.SALLA201.severity = none
            dotnet_diagnostic.SALLA302.severity = error
            """);
        var configured = DotNet.Run(library, _packages.Environment, "build", "-c", "Release", "--no-incremental");

        Assert.NotEqual(0, configured.ExitCode);
        Assert.Contains("warning SALLA301: 'order.create'", configured.Output);
        Assert.Contains("error SALLA302: 'product.updated'", configured.Output);
        Assert.DoesNotContain("SALLA201", configured.Output);
        Assert.Contains("warning SALLA202", configured.Output);
        Assert.DoesNotContain("error SALLA301", configured.Output);
    }

    /// <summary>Every result of a SARIF error log (version 1 or 2), wherever the version puts its message.</summary>
    private static List<(string RuleId, string? Level, string? Message)> SarifResults(string path)
    {
        using var log = JsonDocument.Parse(File.ReadAllBytes(path));
        var results = new List<(string, string?, string?)>();
        foreach (var run in log.RootElement.GetProperty("runs").EnumerateArray())
        {
            foreach (var result in run.GetProperty("results").EnumerateArray())
            {
                var message = result.GetProperty("message");
                results.Add((
                    result.GetProperty("ruleId").GetString()!,
                    result.TryGetProperty("level", out var level) ? level.GetString() : null,
                    message.ValueKind == JsonValueKind.String ? message.GetString() : message.GetProperty("text").GetString()));
            }
        }

        return results;
    }

    [Fact]
    public void Readme_quick_start_compiles_as_written_and_runs()
    {
        var code = DotNet.ReadmeBlock("quickstart");
        var app = _packages.NewConsumer("QuickStart", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), code);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the README quick start");
        var run = DotNet.Run(app, _packages.Environment, "run", "-c", "Release", "--no-build").AssertSuccess("running the README quick start");

        Assert.Contains("0 Warning(s)", build.Output);
        Assert.Contains("order 41027662: 196.00 SAR, customer Mohammed (501806978)", run.Output);
        Assert.Contains("order.created: Handled", run.Output);
    }

    [Fact]
    public void A_project_on_the_defaults_uses_the_prebuilt_models_and_one_with_options_or_specs_of_its_own_generates_them()
    {
        const string Describe = """
            Console.WriteLine($"{typeof(Salla.Events.OrderCreatedEvent).Assembly.GetName().Name}: {Salla.Events.SallaEvents.All.Count} events");
            """;
        var prebuilt = _packages.NewConsumer("PrebuiltModels", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(prebuilt, "Program.cs"), Describe);
        var withSpec = _packages.NewConsumer("OwnSpecModels", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(withSpec, "Program.cs"), Describe + "\nConsole.WriteLine(Salla.Events.LoyaltyPointsEarnedEvent.Name);");
        DotNet.WriteFile(Path.Combine(withSpec, "specs", "loyalty.salla.json"), """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "title": "LoyaltyPoints",
              "description": "Loyalty points a customer earned.",
              "x-salla-events": [ { "name": "loyalty.points.earned", "group": "customer", "description": "A customer earned loyalty points.", "added": null, "deprecated": null } ],
              "type": "object",
              "required": ["points"],
              "properties": { "points": { "type": "integer", "description": "How many points were earned." } }
            }
            """);
        var filtered = _packages.NewConsumer("FilteredModels", "console", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(filtered, "Program.cs"), Describe);
        DotNet.WriteFile(Path.Combine(filtered, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <SallaCodegenEvents>order.created</SallaCodegenEvents>
              </PropertyGroup>
            </Project>
            """);

        string Run(string app, string name)
        {
            DotNet.Run(app, _packages.Environment, "build", "-c", "Release", "-p:EmitCompilerGeneratedFiles=true").AssertSuccess("building " + name);
            return DotNet.Run(app, _packages.Environment, "run", "-c", "Release", "--no-build").AssertSuccess("running " + name).Output;
        }

        int GeneratedFiles(string app) =>
            Directory.Exists(Path.Combine(app, "obj")) ? Directory.GetFiles(Path.Combine(app, "obj"), "*.g.cs", SearchOption.AllDirectories).Count(f => f.Contains("Salla.Codegen.Generator", StringComparison.Ordinal)) : 0;

        Assert.Contains("Salla.Events: 84 events", Run(prebuilt, "a consumer on the defaults"));
        Assert.Equal(0, GeneratedFiles(prebuilt));
        Assert.True(File.Exists(Path.Combine(prebuilt, "bin", "Release", "net10.0", "Salla.Events.dll")));

        var ownSpec = Run(withSpec, "a consumer with a spec of its own");
        Assert.Contains("OwnSpecModels: 85 events", ownSpec);
        Assert.Contains("loyalty.points.earned", ownSpec);
        Assert.False(File.Exists(Path.Combine(withSpec, "bin", "Release", "net10.0", "Salla.Events.dll")));

        Assert.Contains("FilteredModels: 1 events", Run(filtered, "a consumer with SallaCodegenEvents"));
        Assert.InRange(GeneratedFiles(filtered), 3, 100);
        Assert.False(File.Exists(Path.Combine(filtered, "bin", "Release", "net10.0", "Salla.Events.dll")));
    }

    [Fact]
    public void Library_and_app_that_both_use_the_package_build_without_duplicate_types()
    {
        var library = _packages.NewConsumer("SharedHandlers", "classlib", "Salla.Codegen");
        DotNet.WriteFile(Path.Combine(library, "Class1.cs"), """
            using Salla.Events;

            namespace SharedHandlers;

            public sealed class StoreTaxHandler : IStoretaxCreatedHandler
            {
                public ValueTask HandleAsync(StoretaxCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }
            """);
        var app = _packages.NewConsumer("HandlersApp", "console", "Salla.Codegen");
        DotNet.Run(app, _packages.Environment, "add", "reference", Path.Combine(library, "SharedHandlers.csproj")).AssertSuccess("dotnet add reference");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Salla.Events;

            IStoretaxCreatedHandler handler = new SharedHandlers.StoreTaxHandler();
            Console.WriteLine($"{SallaEvents.All.Count} events; {handler.GetType().Name} handles {StoretaxCreatedEvent.Name}");
            """);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the two-project consumer");

        Assert.DoesNotContain("CS0436", build.Output);
        Assert.DoesNotContain("CS0433", build.Output);
        Assert.DoesNotContain("CS8785", build.Output);
        var run = DotNet.Run(app, _packages.Environment, "run", "-c", "Release", "--no-build").AssertSuccess("running the two-project consumer");
        Assert.Contains("84 events; StoreTaxHandler handles storetax.created", run.Output);
    }

    [Fact]
    public void An_app_and_a_library_with_different_options_agree_on_one_set_of_Salla_Events_types()
    {
        const string Handler = """
            using Salla.Events;

            namespace {0};

            public sealed class StoreTaxHandler : IStoretaxCreatedHandler
            {{
                public ValueTask HandleAsync(StoretaxCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }}
            """;
        const string Filter = """
            <Project>
              <PropertyGroup>
                <SallaCodegenEvents>storetax.*</SallaCodegenEvents>
              </PropertyGroup>
            </Project>
            """;
        const string App = """
            using Salla.Events;

            IStoretaxCreatedHandler handler = new {0}.StoreTaxHandler();
            Console.WriteLine($"{{SallaEvents.All.Count}} events from {{typeof(StoretaxCreatedEvent).Assembly.GetName().Name}}; {{handler.GetType().Name}}");
            """;

        string Pair(string app, string library, bool filteredLibrary)
        {
            var libraryDirectory = _packages.NewConsumer(library, "classlib", "Salla.Codegen");
            DotNet.WriteFile(Path.Combine(libraryDirectory, "Class1.cs"), string.Format(CultureInfo.InvariantCulture, Handler, library));
            var appDirectory = _packages.NewConsumer(app, "console", "Salla.Codegen");
            DotNet.WriteFile(Path.Combine(filteredLibrary ? libraryDirectory : appDirectory, "Directory.Build.props"), Filter);
            DotNet.Run(appDirectory, _packages.Environment, "add", "reference", Path.Combine(libraryDirectory, library + ".csproj")).AssertSuccess("dotnet add reference");
            DotNet.WriteFile(Path.Combine(appDirectory, "Program.cs"), string.Format(CultureInfo.InvariantCulture, App, library));
            var build = DotNet.Run(appDirectory, _packages.Environment, "build", "-c", "Release").AssertSuccess($"building {app} with {library}");
            Assert.DoesNotContain("CS0433", build.Output);
            Assert.DoesNotContain("CS0436", build.Output);
            return DotNet.Run(appDirectory, _packages.Environment, "run", "-c", "Release", "--no-build").AssertSuccess("running " + app).Output;
        }

        // The library generates its own public types (a filter): the app on the defaults reuses them.
        Assert.Contains("1 events from GeneratingLibrary; StoreTaxHandler", Pair("DefaultsApp", "GeneratingLibrary", filteredLibrary: true));
        // The library uses the prebuilt models: the app with a filter references them too, and reuses them.
        Assert.Contains("84 events from Salla.Events; StoreTaxHandler", Pair("FilteringApp", "DefaultsLibrary", filteredLibrary: false));
    }
}

[Collection(nameof(PackedPackages))]
public class PackedWebConsumerTests
{
    private readonly PackedPackages _packages;

    public PackedWebConsumerTests(PackedPackages packages) => _packages = packages;

    [Fact]
    public void Web_consumer_of_the_AspNetCore_package_gets_the_generated_types_and_builds()
    {
        var app = _packages.NewConsumer("WebConsumer", "web", "Salla.Codegen.AspNetCore");
        DotNet.WriteFile(Path.Combine(app, "Program.cs"), """
            using Salla.Codegen.AspNetCore;
            using Salla.Events;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSallaWebhooks<SallaEventDispatcher>(options => options.Secrets.Add("a-secret-for-the-package-test"));
            builder.Services.AddSallaEventHandler<OrderHandler>();
            var app = builder.Build();
            app.MapSallaWebhooks("/webhooks/salla");
            app.Run();

            sealed class OrderHandler(ILogger<OrderHandler> logger) : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken)
                {
                    logger.LogInformation("order {Id}", salla.Data?.Id);
                    return ValueTask.CompletedTask;
                }
            }
            """);

        var build = DotNet.Run(app, _packages.Environment, "build", "-c", "Release").AssertSuccess("building the web consumer");

        Assert.DoesNotContain("CS8784", build.Output);
        Assert.DoesNotContain("CS8785", build.Output);
        Assert.Contains("0 Error(s)", build.Output);
    }
}
