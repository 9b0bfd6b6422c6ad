using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Salla.Codegen.CodeFixes;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class AddMissingEventCasesCodeFixTests
{
    private const string Subscriptions = """
        using System.Threading.Tasks;
        using Salla.Codegen;
        using Salla.Events;

        [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderUpdated, SallaEvents.AppInstalled)]

        """;

    private static DiagnosticResult Incomplete(int location, string missing) =>
        DiagnosticResult.CompilerWarning("SALLA103").WithLocation(location).WithArguments(missing);

    [Fact]
    public async Task A_type_switch_statement_gets_a_section_that_breaks_for_each_missing_event()
    {
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(
            Subscriptions + """
            class C
            {
                string M(SallaEvent e)
                {
                    {|#0:switch|} (e)
                    {
                        case OrderCreatedEvent created:
                            return "created " + created.Merchant;
                    }

                    return "other";
                }
            }
            """,
            Subscriptions + """
            class C
            {
                string M(SallaEvent e)
                {
                    switch (e)
                    {
                        case OrderCreatedEvent created:
                            return "created " + created.Merchant;
                        case AppInstalledEvent:
                            break;
                        case OrderUpdatedEvent:
                            break;
                    }

                    return "other";
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Add cases for the missing events", action.Title);

        await test.RunAsync();
    }

    [Fact]
    public async Task Before_CSharp_9_a_type_case_is_written_with_a_discard()
    {
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(
            Subscriptions + """
            class C
            {
                void M(SallaEvent e)
                {
                    {|#0:switch|} (e)
                    {
                        case OrderCreatedEvent _:
                        case OrderUpdatedEvent _:
                            System.Console.WriteLine("order");
                            break;
                    }
                }
            }
            """,
            Subscriptions + """
            class C
            {
                void M(SallaEvent e)
                {
                    switch (e)
                    {
                        case OrderCreatedEvent _:
                        case OrderUpdatedEvent _:
                            System.Console.WriteLine("order");
                            break;
                        case AppInstalledEvent _:
                            break;
                    }
                }
            }
            """);
        test.SolutionTransforms.Add((solution, projectId) =>
            solution.WithProjectParseOptions(projectId, ((CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!).WithLanguageVersion(LanguageVersion.CSharp8)));
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_string_switch_gets_the_SallaEvents_constant_or_the_literal_of_an_event_without_one()
    {
        // The event filter generates the order events only: app.installed is a known name with no constant.
        const string Header = """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, SallaEvents.OrderUpdated, "app.installed")]

            """;
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(
            Header + """
            class C
            {
                void M(SallaEvent e)
                {
                    {|#0:switch|} (e.Event)
                    {
                        case "order.created":
                            System.Console.WriteLine("created");
                            break;
                    }
                }
            }
            """,
            Header + """
            class C
            {
                void M(SallaEvent e)
                {
                    switch (e.Event)
                    {
                        case "order.created":
                            System.Console.WriteLine("created");
                            break;
                        case "app.installed":
                            break;
                        case SallaEvents.OrderUpdated:
                            break;
                    }
                }
            }
            """)
        {
            EventFilter = "order.*",
        };
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Switch_expressions_over_tasks_get_arms_that_complete_and_the_usings_they_need()
    {
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(
            """
            [assembly: Salla.Codegen.SallaSubscriptions("order.created", "order.updated", "app.installed")]

            static class Router
            {
                public static System.Threading.Tasks.ValueTask Route(Salla.Codegen.SallaEvent e) => e {|#0:switch|}
                {
                    Salla.Events.OrderCreatedEvent created => Handle(created),
                };

                public static System.Threading.Tasks.Task RouteName(string name) => name {|#1:switch|}
                {
                    "order.created" or "order.updated" => System.Threading.Tasks.Task.CompletedTask
                };

                private static System.Threading.Tasks.ValueTask Handle(Salla.Events.OrderCreatedEvent created) => default;
            }
            """,
            """
            using System.Threading.Tasks;
            using Salla.Events;

            [assembly: Salla.Codegen.SallaSubscriptions("order.created", "order.updated", "app.installed")]

            static class Router
            {
                public static System.Threading.Tasks.ValueTask Route(Salla.Codegen.SallaEvent e) => e switch
                {
                    Salla.Events.OrderCreatedEvent created => Handle(created),
                    AppInstalledEvent => ValueTask.CompletedTask,
                    OrderUpdatedEvent => ValueTask.CompletedTask,
                };

                public static System.Threading.Tasks.Task RouteName(string name) => name switch
                {
                    "order.created" or "order.updated" => System.Threading.Tasks.Task.CompletedTask,
                    SallaEvents.AppInstalled => Task.CompletedTask
                };

                private static System.Threading.Tasks.ValueTask Handle(Salla.Events.OrderCreatedEvent created) => default;
            }
            """);
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));
        test.ExpectedDiagnostics.Add(Incomplete(1, "app.installed"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_switch_expression_with_any_other_value_gets_no_fix()
    {
        // No arm could give a string without inventing one or throwing, which would fail the delivery.
        const string Source = Subscriptions + """
            static class Router
            {
                public static string Route(SallaEvent e) => e {|#0:switch|}
                {
                    OrderCreatedEvent => "created",
                };
            }
            """;
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(Source, Source);
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));
        test.FixedState.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_name_a_misspelt_case_stands_for_gets_no_second_case()
    {
        // "order.updatd" is SALLA301's to correct, into order.updated: a case of its own for order.updated would then be a duplicate.
        var test = new SallaCodeFixTest<EventSwitchAnalyzer, AddMissingEventCasesCodeFix>(
            Subscriptions + """
            class C
            {
                void M(SallaEvent e)
                {
                    {|#0:switch|} (e.Event)
                    {
                        case SallaEvents.OrderCreated:
                        case "order.updatd":
                            System.Console.WriteLine("order");
                            break;
                    }
                }
            }
            """,
            Subscriptions + """
            class C
            {
                void M(SallaEvent e)
                {
                    {|#0:switch|} (e.Event)
                    {
                        case SallaEvents.OrderCreated:
                        case "order.updatd":
                            System.Console.WriteLine("order");
                            break;
                        case SallaEvents.AppInstalled:
                            break;
                    }
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Incomplete(0, "app.installed, order.updated"));
        test.FixedState.ExpectedDiagnostics.Add(Incomplete(0, "order.updated"));

        await test.RunAsync();
    }
}
