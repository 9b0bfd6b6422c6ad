using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class SubscriptionAnalyzerTests
{
    private const string ProductReplacements =
        "product.price.updated, product.status.updated, product.image.updated, product.category.updated, product.brand.updated, product.tags.updated";

    private static DiagnosticResult Unhandled(int location, string name, string handler) =>
        DiagnosticResult.CompilerWarning("SALLA101").WithLocation(location).WithArguments(name, handler);

    private static DiagnosticResult Unsubscribed(int location, string type, string name) =>
        new DiagnosticResult("SALLA102", DiagnosticSeverity.Info).WithLocation(location).WithArguments(type, name);

    private static DiagnosticResult Deprecated(int location, string name) =>
        DiagnosticResult.CompilerWarning("SALLA302").WithLocation(location).WithArguments(name, "2025-12-15", ProductReplacements);

    [Fact]
    public async Task Subscribed_event_without_handler_warns_at_its_argument()
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:SallaEvents.OrderUpdated|}, {|#1:"app.store.authorize"|})]

            sealed class OrderCreated : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """);
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.updated", "IOrderUpdatedHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "app.store.authorize", "IAppStoreAuthorizeHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Every_declaration_form_is_read_and_handlers_in_other_files_count()
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(new[] { SallaEvents.OrderCreated, {|#0:SallaEvents.AppInstalled|} })]
            [assembly: SallaSubscriptions({|#1:OrderCancelledEvent.Name|})]
            [assembly: SallaSubscriptions([SallaEvents.AppUninstalled])]
            """);
        test.TestState.Sources.Add(("/0/Handlers.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace App.Handlers
            {
                public abstract class HandlerBase : IAppUninstalledHandler
                {
                    public ValueTask HandleAsync(AppUninstalledEvent salla, CancellationToken cancellationToken) => default;
                }

                public sealed class Uninstalled : HandlerBase
                {
                }

                public class Outer
                {
                    public sealed class OrderCreated : IOrderCreatedHandler
                    {
                        public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
                    }
                }
            }
            """));
        test.ExpectedDiagnostics.Add(Unhandled(0, "app.installed", "IAppInstalledHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "order.cancelled", "IOrderCancelledHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Abstract_classes_and_bare_ISallaEventHandler_are_not_handlers()
    {
        // The generated dispatcher resolves IOrderCreatedHandler: a class implementing only
        // ISallaEventHandler<OrderCreatedEvent> never runs, nor does an abstract class.
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.OrderCreated|}, {|#1:SallaEvents.OrderUpdated|})]

            abstract class Base : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }

            sealed class Bare : ISallaEventHandler<OrderUpdatedEvent>
            {
                public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """);
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.created", "IOrderCreatedHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "order.updated", "IOrderUpdatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task All_subscribed_events_handled_is_silent()
    {
        await new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppStoreAuthorize)]

            sealed class Handlers : IOrderCreatedHandler, IAppStoreAuthorizeHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(AppStoreAuthorizeEvent salla, CancellationToken cancellationToken) => default;
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Handler_for_an_unsubscribed_event_is_info_at_the_class()
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated)]

            sealed class {|#0:Orders|} : IOrderCreatedHandler, IOrderUpdatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => default;
            }

            class {|#1:Installs|} : IAppInstalledHandler
            {
                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken) => default;
            }

            // Reported on its base, not again here.
            sealed class MoreInstalls : Installs
            {
            }
            """);
        test.ExpectedDiagnostics.Add(Unsubscribed(0, "Orders", "order.updated"));
        test.ExpectedDiagnostics.Add(Unsubscribed(1, "Installs", "app.installed"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Without_a_subscription_declaration_handlers_are_not_reported()
    {
        await new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            sealed class Orders : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Subscribing_to_a_deprecated_event_warns_with_date_and_replacements()
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.ProductUpdated|}, {|#1:"product.available"|}, SallaEvents.ProductPriceUpdated)]

            sealed class {|#3:Products|} : IProductUpdatedHandler, IProductPriceUpdatedHandler
            {
                public ValueTask HandleAsync(ProductUpdatedEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(ProductPriceUpdatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """);
        test.TestState.Sources.Add(("/0/Products.cs", """
            sealed class {|#2:Other|} : Salla.Events.IProductUpdatedHandler
            {
                public System.Threading.Tasks.ValueTask HandleAsync(Salla.Events.ProductUpdatedEvent salla, System.Threading.CancellationToken cancellationToken) => default;
            }
            """));
        test.ExpectedDiagnostics.Add(Deprecated(0, "product.updated"));
        test.ExpectedDiagnostics.Add(Deprecated(1, "product.available"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "product.available", "IProductAvailableHandler"));
        test.ExpectedDiagnostics.Add(Deprecated(2, "product.updated"));
        test.ExpectedDiagnostics.Add(Deprecated(3, "product.updated"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Handling_a_deprecated_event_warns_without_a_subscription_declaration()
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            sealed class {|#0:Availability|} : IProductAvailableHandler
            {
                public ValueTask HandleAsync(ProductAvailableEvent salla, CancellationToken cancellationToken) => default;
            }
            """);
        test.ExpectedDiagnostics.Add(Deprecated(0, "product.available"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Event_deprecations_come_from_the_specs_including_the_projects_own()
    {
        // A user spec (an AdditionalFile *.salla.json) that deprecates its own event: no list in the analyzer knows it.
        const string spec = """
            {
              "$schema": "http://json-schema.org/draft-07/schema#",
              "title": "LoyaltyPoints",
              "description": "Points a customer earned.",
              "x-salla-events": [
                { "name": "loyalty.points.earned", "group": "customer", "description": "Points earned.", "added": null,
                  "deprecated": { "since": "2026-01-01", "replacedBy": [ "loyalty.points.changed" ] } },
                { "name": "loyalty.points.changed", "group": "customer", "description": "Points changed.", "added": null, "deprecated": null }
              ],
              "type": "object",
              "properties": {
                "points": { "type": "integer", "description": "How many points." }
              }
            }
            """;
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using Salla.Codegen;

            [assembly: SallaSubscriptions({|#0:"loyalty.points.earned"|}, "loyalty.points.changed")]
            """)
        {
            // The event filter leaves the loyalty types out (no handler interface to miss, no SALLA101): the
            // deprecation must come from what the generator recorded of the spec, not from a generated type.
            EventFilter = "order.created",
        };
        test.TestState.AdditionalFiles.Add(("loyalty.salla.json", spec));
        test.ExpectedDiagnostics.Add(DiagnosticResult.CompilerWarning("SALLA302").WithLocation(0).WithArguments("loyalty.points.earned", "2026-01-01", "loyalty.points.changed"));

        await test.RunAsync();
    }

    [Theory]
    [InlineData("SALLA101")]
    [InlineData("SALLA102")]
    [InlineData("SALLA302")]
    public async Task Each_rule_is_silenced_by_editorconfig(string id)
    {
        var test = new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.OrderCreated|}, {|#1:SallaEvents.ProductUpdated|})]

            sealed class {|#2:Products|} : IProductUpdatedHandler, IAppInstalledHandler
            {
                public ValueTask HandleAsync(ProductUpdatedEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken) => default;
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n[*]\ndotnet_diagnostic.{id}.severity = none"));
        var all = new[]
        {
            Unhandled(0, "order.created", "IOrderCreatedHandler"),
            Deprecated(1, "product.updated"),
            Deprecated(2, "product.updated"),
            Unsubscribed(2, "Products", "app.installed"),
        };
        test.ExpectedDiagnostics.AddRange(all.Where(d => d.Id != id));

        await test.RunAsync();
    }

    [Fact]
    public async Task Code_without_Salla_types_is_silent()
    {
        await new SallaAnalyzerTest<SubscriptionAnalyzer>("""
            using System;
            using System.Reflection;

            [assembly: AssemblyMetadata("event", "order.created")]

            interface IHandler<T> { void Handle(T value); }

            sealed class Handler : IHandler<string>, IDisposable
            {
                public void Handle(string value) { }
                public void Dispose() { }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task A_project_without_the_runtime_is_silent()
    {
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SubscriptionAnalyzer, DefaultVerifier>
        {
            ReferenceAssemblies = SallaTestSetup.Net10,
            TestCode = """
                [assembly: System.Reflection.AssemblyMetadata("event", "order.created")]

                sealed class Handler : System.IDisposable
                {
                    public void Dispose() { }
                }
                """,
        };

        await test.RunAsync();
    }

    [Fact]
    public async Task Rules_101_and_102_report_from_single_file_analysis_without_compilation_end()
    {
        var subscriptions = CSharpSyntaxTree.ParseText(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppInstalled)]
            """,
            path: "Subscriptions.cs");
        var handlers = CSharpSyntaxTree.ParseText(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            sealed class Orders : IOrderCreatedHandler, IOrderUpdatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """,
            path: "Handlers.cs");
        var compilation = await SallaTestSetup.CompileAsync("Live", subscriptions, handlers);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var analyzer = new SubscriptionAnalyzer();
        var withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(analyzer));

        // What the IDE does while one file is edited: analyse that file's semantic model, nothing more.
        var onSubscriptions = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(
            compilation.GetSemanticModel(subscriptions), subscriptions.GetRoot().FullSpan, CancellationToken.None);
        var unhandled = Assert.Single(onSubscriptions);
        Assert.Equal("SALLA101", unhandled.Id);
        Assert.Contains("'app.installed'", unhandled.GetMessage(), StringComparison.Ordinal);
        Assert.Equal("SallaEvents.AppInstalled", subscriptions.GetText().ToString(unhandled.Location.SourceSpan));

        var onHandlers = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(
            compilation.GetSemanticModel(handlers), filterSpan: null, CancellationToken.None);
        var unsubscribed = Assert.Single(onHandlers);
        Assert.Equal("SALLA102", unsubscribed.Id);
        Assert.Contains("'order.updated'", unsubscribed.GetMessage(), StringComparison.Ordinal);

        // And the analyzer has nothing that waits for the end of the compilation.
        var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
        Assert.Equal(0, telemetry.CompilationEndActionsCount);
        Assert.Equal(0, telemetry.SymbolEndActionsCount);
    }
}
