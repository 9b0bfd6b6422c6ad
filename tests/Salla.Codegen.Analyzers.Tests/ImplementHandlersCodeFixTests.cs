using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Salla.Codegen.CodeFixes;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class ImplementHandlersCodeFixTests
{
    private static DiagnosticResult Unhandled(int location, string name, string handler) =>
        DiagnosticResult.CompilerWarning("SALLA101").WithLocation(location).WithArguments(name, handler);

    [Fact]
    public async Task Adds_the_handler_to_the_first_handler_class_by_name()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppInstalled, {|#0:SallaEvents.OrderUpdated|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppInstalled, SallaEvents.OrderUpdated)]
            """);
        test.TestState.Sources.Add(("/0/OrderHandlers.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace App;

            internal sealed class OrderHandlers : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """));
        test.TestState.Sources.Add(("/0/AppHandlers.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace App;

            internal sealed class AppHandlers : IAppInstalledHandler
            {
                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken) => default;
            }
            """));
        test.FixedState.Sources.Add(("/0/OrderHandlers.cs", """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace App;

            internal sealed class OrderHandlers : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }
            """));
        test.FixedState.Sources.Add(("/0/AppHandlers.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace App;

            internal sealed class AppHandlers : IAppInstalledHandler, IOrderUpdatedHandler
            {
                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken) => default;

                public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();
            }
            """));
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.updated", "IOrderUpdatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Adds_a_base_list_when_the_handler_class_has_none_of_its_own()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:SallaEvents.OrderUpdated|})]

            abstract class Base : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }

            sealed class Orders<T> : Base
            {
                private readonly int _count;
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderUpdated)]

            abstract class Base : IOrderCreatedHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => default;
            }

            sealed class Orders<T> : Base, IOrderUpdatedHandler
            {
                private readonly int _count;

                public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();
            }
            """);
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.updated", "IOrderUpdatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Adds_the_usings_the_new_member_needs()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            [assembly: Salla.Codegen.SallaSubscriptions(Salla.Events.SallaEvents.OrderCreated, {|#0:Salla.Events.SallaEvents.OrderUpdated|})]

            namespace App
            {
                sealed class Orders : Salla.Events.IOrderCreatedHandler
                {
                    public System.Threading.Tasks.ValueTask HandleAsync(Salla.Events.OrderCreatedEvent salla, System.Threading.CancellationToken cancellationToken) => default;
                }
            }
            """,
            """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            [assembly: Salla.Codegen.SallaSubscriptions(Salla.Events.SallaEvents.OrderCreated, Salla.Events.SallaEvents.OrderUpdated)]

            namespace App
            {
                sealed class Orders : Salla.Events.IOrderCreatedHandler, IOrderUpdatedHandler
                {
                    public System.Threading.Tasks.ValueTask HandleAsync(Salla.Events.OrderCreatedEvent salla, System.Threading.CancellationToken cancellationToken) => default;

                    public ValueTask HandleAsync(OrderUpdatedEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.updated", "IOrderUpdatedHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Creates_SallaEventHandlers_when_no_class_handles_an_event()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.AppStoreAuthorize|})]

            namespace MyApp.Webhooks;

            public static class Startup
            {
            }
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.AppStoreAuthorize)]

            namespace MyApp.Webhooks;

            public static class Startup
            {
            }
            """);
        test.FixedState.Sources.Add(("/0/SallaEventHandlers.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            namespace MyApp.Webhooks;

            internal sealed class SallaEventHandlers : IAppStoreAuthorizeHandler
            {
                public ValueTask HandleAsync(AppStoreAuthorizeEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();
            }

            """));
        test.ExpectedDiagnostics.Add(Unhandled(0, "app.store.authorize", "IAppStoreAuthorizeHandler"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_implements_every_unhandled_event_in_one_class()
    {
        var test = new SallaCodeFixTest<SubscriptionAnalyzer, ImplementHandlersCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions({|#0:SallaEvents.OrderCreated|}, {|#1:SallaEvents.AppInstalled|})]
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.AppInstalled)]
            """);
        test.FixedState.Sources.Add(("/0/SallaEventHandlers.cs", """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Salla.Events;

            internal sealed class SallaEventHandlers : IOrderCreatedHandler, IAppInstalledHandler
            {
                public ValueTask HandleAsync(OrderCreatedEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();

                public ValueTask HandleAsync(AppInstalledEvent salla, CancellationToken cancellationToken) => throw new NotImplementedException();
            }

            """));
        test.ExpectedDiagnostics.Add(Unhandled(0, "order.created", "IOrderCreatedHandler"));
        test.ExpectedDiagnostics.Add(Unhandled(1, "app.installed", "IAppInstalledHandler"));

        await test.RunAsync();
    }
}
