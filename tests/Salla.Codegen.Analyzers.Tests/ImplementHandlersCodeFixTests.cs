using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Salla.Codegen.CodeFixes;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class ImplementHandlersCodeFixTests
{
    private static DiagnosticResult Unhandled(int location, string name, string handler) =>
        DiagnosticResult.CompilerWarning("SALLA101").WithLocation(location).WithArguments(name, handler);

    private const string OrderHandler = """
        using System.Threading;
        using System.Threading.Tasks;
        using Salla.Events;

        namespace Shop.Handlers;

        internal sealed class OrderHandler : IOrderCreatedHandler
        {
            public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
        }
        """;

    /// <summary>Stands in for <c>IServiceCollection</c>: the fix finds registrations by the method's name, not its type.</summary>
    private const string Registry = """
        namespace Shop;

        internal sealed class Registry
        {
            public Registry AddSallaEventHandler<THandler>() where THandler : class => this;
        }
        """;

    private static string Handler(string? ns, string className, string eventName, string eventType, string handlerInterface, bool fileScoped = true)
    {
        var body = $$"""
            internal sealed class {{className}} : {{handlerInterface}}
            {
                public ValueTask HandleAsync({{eventType}} salla, CancellationToken cancellationToken)
                {
                    // Until this handler is written, each {{eventName}} delivery is acknowledged and nothing else happens.
                    return ValueTask.CompletedTask;
                }
            }

            """;
        const string Usings = """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;


            """;
        if (ns is null)
        {
            return Usings + body;
        }

        if (fileScoped)
        {
            return Usings + $"namespace {ns};\n\n" + body;
        }

        var indented = string.Join("\n", body.TrimEnd('\n').Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
        return Usings + $"namespace {ns}\n{{\n{indented}\n}}\n";
    }

    [Fact]
    public async Task Adds_a_class_of_its_own_beside_the_existing_handlers_and_registers_it_after_the_last_registration()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:SallaEvents.ProductCreated|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.ProductCreated)]
            """);
        const string Startup = """
            namespace Shop.Hosting
            {
                internal static class Startup
                {
                    public static void Configure(Registry services, bool audit)
                    {
                        services.AddSallaEventHandler<Handlers.OrderHandler>();
                        if (audit)
                        {
                            System.Console.WriteLine("auditing");
                        }

                        services.AddSallaEventHandler<Shop.Handlers.OrderHandler>();
                        System.Console.WriteLine("handlers registered");
                    }
                }
            }
            """;
        test.TestState.Sources.Add(("/0/Handlers/OrderHandler.cs", OrderHandler));
        test.TestState.Sources.Add(("/0/Registry.cs", Registry));
        test.TestState.Sources.Add(("/0/Startup.cs", Startup));
        test.FixedState.Sources.Add(("/0/Handlers/OrderHandler.cs", OrderHandler));
        test.FixedState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/Startup.cs", """
            using Shop.Handlers;

            namespace Shop.Hosting
            {
                internal static class Startup
                {
                    public static void Configure(Registry services, bool audit)
                    {
                        services.AddSallaEventHandler<Handlers.OrderHandler>();
                        if (audit)
                        {
                            System.Console.WriteLine("auditing");
                        }

                        services.AddSallaEventHandler<Shop.Handlers.OrderHandler>();
                        services.AddSallaEventHandler<ProductCreatedHandler>();
                        System.Console.WriteLine("handlers registered");
                    }
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Handlers/ProductCreatedHandler.cs", Handler("Shop.Handlers", "ProductCreatedHandler", "product.created", "ProductCreatedEvent", "IProductCreatedHandler")));
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Without_handlers_the_class_goes_to_the_root_namespace_and_a_top_level_chain_gets_a_sibling_on_its_receiver()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.AppStoreAuthorize|})]

            var builder = new Builder();
            builder.Services.AddSallaEventHandler<AuditLog>().AddSallaEventHandler<Metrics>();
            System.Console.WriteLine("started");

            sealed class Builder
            {
                public Shop.Registry Services { get; } = new();
            }

            sealed class AuditLog
            {
            }

            sealed class Metrics
            {
            }
            """,
            """
            using Salla.Codegen;
            using Salla.Events;
            using Shop;

            [assembly: SallaSubscriptions(SallaEvents.AppStoreAuthorize)]

            var builder = new Builder();
            builder.Services.AddSallaEventHandler<AuditLog>().AddSallaEventHandler<Metrics>();
            builder.Services.AddSallaEventHandler<AppStoreAuthorizeHandler>();
            System.Console.WriteLine("started");

            sealed class Builder
            {
                public Shop.Registry Services { get; } = new();
            }

            sealed class AuditLog
            {
            }

            sealed class Metrics
            {
            }
            """);
        test.TestState.OutputKind = OutputKind.ConsoleApplication;
        test.FixedState.OutputKind = OutputKind.ConsoleApplication;
        test.TestState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/AppStoreAuthorizeHandler.cs", Handler("Shop", "AppStoreAuthorizeHandler", "app.store.authorize", "AppStoreAuthorizeEvent", "IAppStoreAuthorizeHandler")));
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectDefaultNamespace(projectId, "Shop"));
        test.ExpectedDiagnostics.Add(Unhandled(0, "app.store.authorize", "IAppStoreAuthorizeHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_adds_one_class_and_one_registration_per_event_and_steps_around_a_name_in_use()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:SallaEvents.ProductCreated|}, {|#1:SallaEvents.AppInstalled|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.ProductCreated, SallaEvents.AppInstalled)]
            """);
        const string Taken = """
            namespace Shop.Handlers;

            // Not a Salla handler: a class of the app that already has the name the fix would choose.
            internal sealed class AppInstalledHandler
            {
            }
            """;
        const string Startup = """
            using Shop.Handlers;

            namespace Shop;

            internal static class Startup
            {
                public static Registry Configure(Registry services)
                {
                    services.AddSallaEventHandler<OrderHandler>();
                    return services;
                }
            }
            """;
        test.TestState.Sources.Add(("/0/Handlers/OrderHandler.cs", OrderHandler));
        test.TestState.Sources.Add(("/0/Handlers/AppInstalledHandler.cs", Taken));
        test.TestState.Sources.Add(("/0/Registry.cs", Registry));
        test.TestState.Sources.Add(("/0/Startup.cs", Startup));
        test.FixedState.Sources.Add(("/0/Handlers/OrderHandler.cs", OrderHandler));
        test.FixedState.Sources.Add(("/0/Handlers/AppInstalledHandler.cs", Taken));
        test.FixedState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/Startup.cs", """
            using Shop.Handlers;

            namespace Shop;

            internal static class Startup
            {
                public static Registry Configure(Registry services)
                {
                    services.AddSallaEventHandler<OrderHandler>();
                    services.AddSallaEventHandler<ProductCreatedHandler>();
                    services.AddSallaEventHandler<AppInstalledHandler2>();
                    return services;
                }
            }
            """));
        test.FixedState.Sources.Add(("/0/Handlers/ProductCreatedHandler.cs", Handler("Shop.Handlers", "ProductCreatedHandler", "product.created", "ProductCreatedEvent", "IProductCreatedHandler")));
        test.FixedState.Sources.Add(("/0/Handlers/AppInstalledHandler2.cs", Handler("Shop.Handlers", "AppInstalledHandler2", "app.installed", "AppInstalledEvent", "IAppInstalledHandler")));
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "app.installed", "IAppInstalledHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_registration_that_a_copy_could_change_is_not_extended_and_the_class_follows_the_block_namespace_style()
    {
        // The only registration hangs off a call (a second Create() would be a second registry) and another sits in a
        // lambda: neither gets a sibling, so the new class is only added.
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.ProductCreated|})]

            namespace Shop
            {
                internal static class Startup
                {
                    public static void Configure(System.Action<System.Func<Registry, Registry>> configure)
                    {
                        Create().AddSallaEventHandler<Startup.Audit>();
                        configure(r => r.AddSallaEventHandler<Audit>());
                    }

                    private static Registry Create() => new();

                    internal sealed class Audit
                    {
                    }
                }
            }
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.ProductCreated)]

            namespace Shop
            {
                internal static class Startup
                {
                    public static void Configure(System.Action<System.Func<Registry, Registry>> configure)
                    {
                        Create().AddSallaEventHandler<Startup.Audit>();
                        configure(r => r.AddSallaEventHandler<Audit>());
                    }

                    private static Registry Create() => new();

                    internal sealed class Audit
                    {
                    }
                }
            }
            """);
        test.TestState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/ProductCreatedHandler.cs", Handler("Shop", "ProductCreatedHandler", "product.created", "ProductCreatedEvent", "IProductCreatedHandler", fileScoped: false)));
        test.SolutionTransforms.Add((solution, projectId) => solution.WithProjectDefaultNamespace(projectId, "Shop"));
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Where_dotnet_format_runs_the_classes_follow_the_first_handler_class_in_its_file()
    {
        // A workspace loaded from MSBuild would write a <Compile> item for a new file, which an SDK-style project refuses as a duplicate.
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:SallaEvents.ProductCreated|}, {|#1:SallaEvents.AppInstalled|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.ProductCreated, SallaEvents.AppInstalled)]
            """)
        {
            WorkspaceKind = Microsoft.CodeAnalysis.WorkspaceKind.MSBuild,
        };
        const string Startup = """
            using Shop.Handlers;

            namespace Shop;

            internal static class Startup
            {
                public static void Configure(Registry services) => services.AddSallaEventHandler<OrderHandler>();
            }
            """;
        test.TestState.Sources.Add(("/0/Handlers/OrderHandler.cs", OrderHandler));
        test.TestState.Sources.Add(("/0/Registry.cs", Registry));
        test.TestState.Sources.Add(("/0/Startup.cs", Startup));
        test.FixedState.Sources.Add(("/0/Handlers/OrderHandler.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace Shop.Handlers;

            internal sealed class OrderHandler : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => ValueTask.CompletedTask;
            }

            internal sealed class ProductCreatedHandler : IProductCreatedHandler
            {
                public ValueTask HandleAsync(ProductCreatedEvent salla, CancellationToken cancellationToken)
                {
                    // Until this handler is written, each product.created delivery is acknowledged and nothing else happens.
                    return ValueTask.CompletedTask;
                }
            }

            internal sealed class AppInstalledHandler : IAppInstalledHandler
            {
                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken)
                {
                    // Until this handler is written, each app.installed delivery is acknowledged and nothing else happens.
                    return ValueTask.CompletedTask;
                }
            }

            """));
        test.FixedState.Sources.Add(("/0/Registry.cs", Registry));
        test.FixedState.Sources.Add(("/0/Startup.cs", Startup));
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "app.installed", "IAppInstalledHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Where_dotnet_format_runs_without_handlers_the_class_ends_the_subscription_file_in_its_namespace()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.ProductCreated|})]

            namespace Shop
            {
                internal static class Startup
                {
                }
            }
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.ProductCreated)]

            namespace Shop
            {
                internal static class Startup
                {
                }

                internal sealed class ProductCreatedHandler : IProductCreatedHandler
                {
                    public ValueTask HandleAsync(ProductCreatedEvent salla, CancellationToken cancellationToken)
                    {
                        // Until this handler is written, each product.created delivery is acknowledged and nothing else happens.
                        return ValueTask.CompletedTask;
                    }
                }
            }
            """)
        {
            WorkspaceKind = Microsoft.CodeAnalysis.WorkspaceKind.MSBuild,
        };
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task The_fix_is_titled_after_the_event()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.ProductCreated|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.ProductCreated)]
            """);
        test.FixedState.Sources.Add(("/0/ProductCreatedHandler.cs", Handler(null, "ProductCreatedHandler", "product.created", "ProductCreatedEvent", "IProductCreatedHandler")));
        test.ExpectedDiagnostics.Add(Unhandled(0, "product.created", "IProductCreatedHandler"));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Add a handler class for product.created", action.Title);

        await test.RunAsync();
    }
}
