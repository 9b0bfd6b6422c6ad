using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Salla.Codegen.CodeFixes;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class UseSuggestedEventNameCodeFixTests
{
    private static DiagnosticResult Unknown(int location, string name, string? suggestion) =>
        DiagnosticResult.CompilerError("SALLA301")
            .WithLocation(location)
            .WithArguments(name, suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)");

    [Fact]
    public async Task Replaces_each_misspelt_literal_with_the_suggested_name()
    {
        var test = new SallaCodeFixTest<EventNameAnalyzer, UseSuggestedEventNameCodeFix>(
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:"app.stroe.authorize"|})]

            static class Router
            {
                public static bool IsTax(SallaEvent e) => e.Event == /* the tax event */ {|#1:"store.tax.created"|};

                public static SallaEventInfo? Describe() => SallaEvents.Find({|#2:@"order.create"|});
            }
            """,
            """
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, "app.store.authorize")]

            static class Router
            {
                public static bool IsTax(SallaEvent e) => e.Event == /* the tax event */ "storetax.created";

                public static SallaEventInfo? Describe() => SallaEvents.Find("order.created");
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "app.stroe.authorize", "app.store.authorize"));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));
        test.ExpectedDiagnostics.Add(Unknown(2, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task The_fix_is_titled_after_the_suggestion()
    {
        var test = new SallaCodeFixTest<EventNameAnalyzer, UseSuggestedEventNameCodeFix>(
            """
            [assembly: Salla.Codegen.SallaSubscriptions({|#0:"order.create"|})]
            """,
            """
            [assembly: Salla.Codegen.SallaSubscriptions("order.created")]
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.CodeActionVerifier = (action, verifier) => verifier.Equal("Use 'order.created'", action.Title);

        await test.RunAsync();
    }

    [Fact]
    public async Task Offers_nothing_without_a_suggestion_or_for_a_constant()
    {
        // A name nothing resembles has no suggestion to apply; a constant is fixed where it is declared, not where it is read.
        const string Source = """
            using Salla.Events;

            static class Router
            {
                private const string Tax = "store.tax.created";

                public static bool IsPayment(Salla.Codegen.SallaEvent e) => e.Event == {|#0:"payment.received"|};

                public static bool IsTax(Salla.Codegen.SallaEvent e) => e.Event == {|#1:Tax|};
            }
            """;
        var test = new SallaCodeFixTest<EventNameAnalyzer, UseSuggestedEventNameCodeFix>(Source, Source);
        test.ExpectedDiagnostics.Add(Unknown(0, "payment.received", null));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));
        test.FixedState.ExpectedDiagnostics.Add(Unknown(0, "payment.received", null));
        test.FixedState.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));

        await test.RunAsync();
    }
}
