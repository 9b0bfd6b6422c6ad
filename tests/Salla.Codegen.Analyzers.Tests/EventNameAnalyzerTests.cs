using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class EventNameAnalyzerTests
{
    private const string LoyaltySpec = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "LoyaltyPoints",
          "description": "Points a customer earned.",
          "x-salla-events": [
            { "name": "loyalty.points.earned", "group": "customer", "description": "A customer earned loyalty points.", "added": null, "deprecated": null }
          ],
          "type": "object",
          "properties": {
            "points": { "type": "integer", "description": "How many points." }
          }
        }
        """;

    /// <summary>What the analyzers read from a project that references the generated types.</summary>
    private static async Task<SallaSpecFacts> SpecsAsync()
    {
        var compilation = await SallaTestSetup.CompileAsync("Suggest");
        return SallaEventIndex.For(compilation, SallaSymbols.From(compilation), new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty)).GetSpecs(CancellationToken.None);
    }

    private static DiagnosticResult Unknown(int location, string name, string? suggestion) =>
        DiagnosticResult.CompilerError("SALLA301")
            .WithLocation(location)
            .WithArguments(name, suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)");

    [Theory]
    [InlineData("app.stroe.authorize", "app.store.authorize")]
    [InlineData("order.create", "order.created")]
    [InlineData("store.tax.created", "storetax.created")]
    [InlineData("Order.Created", "order.created")]
    [InlineData("product.update", "product.updated")]
    public async Task Suggest_finds_the_intended_event(string typo, string expected)
    {
        var index = await SpecsAsync();

        Assert.Equal(expected, index.Suggest(typo));
    }

    [Theory]
    [InlineData("totally.unrelated.thing")]
    [InlineData("x")]
    [InlineData("payment.received")]
    public async Task Suggest_offers_nothing_when_nothing_is_close(string name)
    {
        var index = await SpecsAsync();

        Assert.Null(index.Suggest(name));
    }

    [Fact]
    public async Task Misspelt_subscription_is_an_error_with_a_suggestion()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, {|#0:"app.stroe.authorize"|}, "app.installed", {|#1:"store.tax.created"|})]
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "app.stroe.authorize", "app.store.authorize"));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Known_subscriptions_are_fine()
    {
        await new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;
            using Salla.Events;

            [assembly: SallaSubscriptions(SallaEvents.OrderCreated, "app.store.authorize", "storetax.created", "product.updated")]
            [assembly: SallaSubscriptions("store.branch.setDefault")]
            """).RunAsync();
    }

    [Fact]
    public async Task Comparisons_with_the_envelope_name_are_checked()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using System;
            using Salla.Codegen;

            class C
            {
                bool A(SallaEvent e) => e.Event == {|#0:"order.create"|};
                bool B(SallaEvent e) => {|#1:"store.tax.created"|} != e.Event;
                bool D(SallaEvent e) => string.Equals(e.Event, {|#2:"order.create"|});
                bool E(SallaEvent e) => e.Event.Equals({|#3:"app.stroe.authorize"|}, StringComparison.Ordinal);
                bool F(SallaUnknownEvent e) => e.Event == {|#4:"no.such.event.anywhere"|};
                bool G(SallaEvent e) => e.Event == "order.created" || e.Event == "storetax.created";
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));
        test.ExpectedDiagnostics.Add(Unknown(2, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(3, "app.stroe.authorize", "app.store.authorize"));
        test.ExpectedDiagnostics.Add(Unknown(4, "no.such.event.anywhere", null));

        await test.RunAsync();
    }

    [Fact]
    public async Task Switches_and_patterns_on_the_envelope_name_are_checked()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                int A(SallaEvent e)
                {
                    switch (e.Event)
                    {
                        case "order.created":
                            return 1;
                        case {|#0:"order.create"|}:
                            return 2;
                        case {|#1:"order.cancel"|} when e.Merchant > 0:
                            return 3;
                        default:
                            return 0;
                    }
                }

                int B(SallaEvent e) => e.Event switch
                {
                    "order.created" => 1,
                    {|#2:"store.tax.created"|} or "storetax.created" => 2,
                    _ => 0,
                };

                bool D(SallaEvent e) => e.Event is {|#3:"app.stroe.authorize"|} or "app.installed";

                bool E(SallaEvent e) => e is { Event: {|#4:"order.create"|} };
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(1, "order.cancel", "order.cancelled"));
        test.ExpectedDiagnostics.Add(Unknown(2, "store.tax.created", "storetax.created"));
        test.ExpectedDiagnostics.Add(Unknown(3, "app.stroe.authorize", "app.store.authorize"));
        test.ExpectedDiagnostics.Add(Unknown(4, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Event_name_parameters_are_checked()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;
            using Salla.Codegen.Webhooks;
            using Salla.Events;

            class C
            {
                SallaEventInfo? A() => SallaEvents.Find({|#0:"order.create"|});
                SallaEventInfo? B() => SallaEvents.Find("order.created");
                SallaWebhookResult D(SallaAuthenticationResult auth) =>
                    Result(SallaWebhookOutcome.Handled, "ok", auth, eventName: {|#1:"store.tax.created"|});
                SallaWebhookResult E(SallaAuthenticationResult auth) =>
                    Result(SallaWebhookOutcome.Handled, "ok", auth, "order.created");
                SallaEventInfo F() =>
                    new SallaEventInfo({|#2:"order.create"|}, "order", "A test.", typeof(object), typeof(object), typeof(object), null, System.Array.Empty<string>());

                static SallaWebhookResult Result(SallaWebhookOutcome outcome, string reason, SallaAuthenticationResult auth, [SallaEventName] string? eventName = null) =>
                    new SallaWebhookResult(outcome, reason, auth, eventName);
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));
        test.ExpectedDiagnostics.Add(Unknown(2, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_parameter_is_an_event_name_by_its_attribute_not_by_its_name()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                void A() => Unmarked("order.create");
                void B() => Marked({|#0:"order.create"|});
                void D() => Marked("order.created");
                void E() => MarkedList("order.created", {|#1:"store.tax.created"|});
                bool F(Route route) => route.Event == {|#2:"order.create"|};

                static void Unmarked(string eventName) { }
                static void Marked([SallaEventName] string topic) { }
                static void MarkedList([SallaEventName] params string[] topics) { }
            }

            sealed class Route
            {
                [SallaEventName]
                public string Event { get; set; } = "";
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(1, "store.tax.created", "storetax.created"));
        test.ExpectedDiagnostics.Add(Unknown(2, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task An_event_the_event_filter_leaves_out_is_still_known()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            [assembly: SallaSubscriptions("order.created", "product.updated", {|#0:"product.update"|})]
            """)
        {
            EventFilter = "order.*",
        };
        test.ExpectedDiagnostics.Add(Unknown(0, "product.update", "product.updated"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Other_event_name_properties_are_compared_too()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                bool A(SallaDispatchResult r) => r.EventName == {|#0:"order.create"|};
                bool B(SallaEventInfo info) => info.Name == {|#1:"order.create"|};
                bool D(byte[] body) => SallaEnvelopeHead.Read(body).EventName == {|#2:"order.create"|};
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(1, "order.create", "order.created"));
        test.ExpectedDiagnostics.Add(Unknown(2, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task A_constant_of_this_project_is_checked_where_it_is_used()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                const string OrderCreate = "order.create";
                const string OrderCreated = "order.created";

                bool A(SallaEvent e) => e.Event == {|#0:OrderCreate|};
                bool B(SallaEvent e) => e.Event == OrderCreated;
                bool D(SallaEvent e) => e.Event == Salla.Events.OrderCreatedEvent.Name;
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "order.create", "order.created"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Strings_that_are_not_event_names_are_not_checked()
    {
        await new SallaAnalyzerTest<EventNameAnalyzer>("""
            using System;
            using Salla.Codegen;

            class C
            {
                bool A(string s) => s == "order.create";
                bool B(SallaEvent e) => e.Event.StartsWith("order.", StringComparison.Ordinal);
                bool D(SallaEvent e, string typed) => e.Event == typed;
                bool E(SallaEvent e) => e.Event == "order." + "create" + Suffix();
                void F() => Register(name: "order.create");
                bool G(SallaEvent e) => string.Equals(e.Event, "Order.Created", StringComparison.OrdinalIgnoreCase);
                int H(string s) => s switch { "order.create" => 1, _ => 0 };

                static string Suffix() => "d";
                static void Register(string name) { }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task An_event_of_a_project_spec_is_known()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            [assembly: SallaSubscriptions("loyalty.points.earned", {|#0:"loyalty.point.earned"|})]

            class C
            {
                bool A(SallaEvent e) => e.Event == "loyalty.points.earned";
            }
            """);
        test.TestState.AdditionalFiles.Add(("my.salla.json", LoyaltySpec));
        test.ExpectedDiagnostics.Add(Unknown(0, "loyalty.point.earned", "loyalty.points.earned"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Without_the_project_spec_its_event_is_unknown()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                bool A(SallaEvent e) => e.Event == {|#0:"loyalty.points.earned"|};
            }
            """);
        test.ExpectedDiagnostics.Add(Unknown(0, "loyalty.points.earned", null));

        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_can_turn_the_rule_off()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            [assembly: SallaSubscriptions("app.stroe.authorize")]

            class C
            {
                bool A(SallaEvent e) => e.Event == "order.create";
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.SALLA301.severity = none"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_can_lower_the_severity()
    {
        var test = new SallaAnalyzerTest<EventNameAnalyzer>("""
            using Salla.Codegen;

            class C
            {
                bool A(SallaEvent e) => e.Event == {|#0:"order.create"|};
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.SALLA301.severity = warning"));
        test.ExpectedDiagnostics.Add(DiagnosticResult.CompilerWarning("SALLA301").WithLocation(0).WithArguments("order.create", " (did you mean 'order.created'?)"));

        await test.RunAsync();
    }
}
