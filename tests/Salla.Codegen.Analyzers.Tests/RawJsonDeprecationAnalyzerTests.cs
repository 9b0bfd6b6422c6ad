using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

public class RawJsonDeprecationAnalyzerTests
{
    private static DiagnosticResult Deprecated(int location, string name, string since, string replacement) =>
        DiagnosticResult.CompilerWarning("SALLA202").WithLocation(location).WithArguments(name, since, replacement);

    private static DiagnosticResult CheckoutUrl(int location) => Deprecated(location, "checkout_url", "2025-05-25", "data.urls.checkout");

    private static DiagnosticResult RatingLink(int location) => Deprecated(location, "rating_link", "2025-05-25", "data.urls.rating");

    private static DiagnosticResult Codes(int location) => Deprecated(location, "codes", "2025-02-05", "data.urls.digital_content");

    private static DiagnosticResult Files(int location) => Deprecated(location, "files", "2025-02-05", "data.urls.digital_content");

    [Fact]
    public async Task GetProperty_on_the_raw_body_of_an_order_warns()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                string? A(OrderCreatedEvent e) =>
                    JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data").GetProperty({|#0:"checkout_url"|}).GetString();

                bool B(OrderCreatedEvent e) =>
                    JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data"u8).TryGetProperty({|#1:"rating_link"u8|}, out _);

                string? D(OrderCreatedEvent e) =>
                    JsonSerializer.Deserialize<JsonElement>(e.RawBody.Span).GetProperty("data").GetProperty({|#2:"checkout_url"|}).GetString();
            }
            """);
        test.ExpectedDiagnostics.Add(CheckoutUrl(0));
        test.ExpectedDiagnostics.Add(RatingLink(1));
        test.ExpectedDiagnostics.Add(CheckoutUrl(2));

        await test.RunAsync();
    }

    [Fact]
    public async Task Locals_foreach_and_out_variables_are_followed()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                int A(OrderCreatedEvent e)
                {
                    using var document = JsonDocument.Parse(e.RawBody);
                    var data = document.RootElement.GetProperty("data");
                    var count = 0;
                    foreach (var item in data.GetProperty("items").EnumerateArray())
                    {
                        count += item.GetProperty({|#0:"codes"|}).GetArrayLength();
                        if (item.TryGetProperty({|#1:"files"|}, out var files))
                        {
                            count += files.GetArrayLength();
                        }
                    }

                    if (document.RootElement.TryGetProperty("data", out var body) && body.TryGetProperty({|#2:"checkout_url"|}, out _))
                    {
                        count++;
                    }

                    return count;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Codes(0));
        test.ExpectedDiagnostics.Add(Files(1));
        test.ExpectedDiagnostics.Add(CheckoutUrl(2));

        await test.RunAsync();
    }

    [Fact]
    public async Task Linq_text_and_conditional_access_are_followed()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Linq;
            using System.Text;
            using System.Text.Json;
            using System.Text.Json.Nodes;
            using Salla.Events;

            class C
            {
                JsonElement A(OrderCreatedEvent e) =>
                    JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data").GetProperty("items").EnumerateArray().First().GetProperty({|#0:"codes"|});

                JsonNode? B(OrderCreatedEvent e) => JsonNode.Parse(Encoding.UTF8.GetString(e.RawBody.Span))?["data"]?[{|#1:"rating_link"|}];

                bool D(OrderCreatedEvent e)
                {
                    JsonElement? data = JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data");
                    return data?.TryGetProperty({|#2:"checkout_url"|}, out _) == true;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Codes(0));
        test.ExpectedDiagnostics.Add(RatingLink(1));
        test.ExpectedDiagnostics.Add(CheckoutUrl(2));

        await test.RunAsync();
    }

    [Fact]
    public async Task The_model_gives_the_replacement_of_a_nested_order()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                string? A(OrderStatusUpdatedEvent e)
                {
                    var root = JsonDocument.Parse(e.RawBody).RootElement;
                    return root.GetProperty("data").GetProperty("order").GetProperty({|#0:"rating_link"|}).GetString();
                }
            }
            """);
        test.ExpectedDiagnostics.Add(Deprecated(0, "rating_link", "2025-05-25", "data.order.urls.rating"));

        await test.RunAsync();
    }

    [Fact]
    public async Task JsonNode_indexers_and_JsonObject_lookups_warn()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json.Nodes;
            using Salla.Events;

            class C
            {
                string? A(OrderCreatedEvent e) => (string?)JsonNode.Parse(e.RawBody.Span)!["data"]![{|#0:"checkout_url"|}];

                bool B(OrderCreatedEvent e)
                {
                    var data = JsonNode.Parse(e.RawBody.Span)!["data"]!.AsObject();
                    return data.TryGetPropertyValue({|#1:"rating_link"|}, out _) || data.ContainsKey({|#2:"checkout_url"|});
                }

                int D(OrderCreatedEvent e)
                {
                    var items = JsonNode.Parse(e.RawBody.Span)!["data"]!["items"]!.AsArray();
                    return items[0]![{|#3:"files"|}]!.AsArray().Count;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(CheckoutUrl(0));
        test.ExpectedDiagnostics.Add(RatingLink(1));
        test.ExpectedDiagnostics.Add(CheckoutUrl(2));
        test.ExpectedDiagnostics.Add(Files(3));

        await test.RunAsync();
    }

    [Fact]
    public async Task The_extension_bag_of_a_payload_warns()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Collections.Generic;
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                JsonElement A(Order order) => order.ExtensionData[{|#0:"checkout_url"|}];
                bool B(Order order) => order.ExtensionData.TryGetValue({|#1:"rating_link"|}, out _);
                bool D(OrderItem item) => item.ExtensionData.ContainsKey({|#2:"codes"|});
                JsonElement E(OrderCreatedEvent e) => e.Data.Items[0]!.ExtensionData.GetValueOrDefault({|#3:"files"|});
            }
            """);
        test.ExpectedDiagnostics.Add(CheckoutUrl(0));
        test.ExpectedDiagnostics.Add(RatingLink(1));
        test.ExpectedDiagnostics.Add(Codes(2));
        test.ExpectedDiagnostics.Add(Files(3));

        await test.RunAsync();
    }

    [Fact]
    public async Task Free_form_Salla_json_is_judged_by_the_name()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Codegen;

            class C
            {
                string? A(SallaUnknownEvent e) => e.Data?.GetProperty({|#0:"checkout_url"|}).GetString();
                string? B(SallaUnknownEvent e) => e.Data!.Value.GetProperty({|#1:"codes"|}).GetString();

                int D(SallaUnknownEvent e)
                {
                    if (e.Data is { } data && data.TryGetProperty("items", out var items))
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            if (item.TryGetProperty({|#2:"files"|}, out _))
                            {
                                return 1;
                            }
                        }
                    }

                    return 0;
                }
            }
            """);
        test.ExpectedDiagnostics.Add(CheckoutUrl(0));
        test.ExpectedDiagnostics.Add(Codes(1));
        test.ExpectedDiagnostics.Add(Files(2));

        await test.RunAsync();
    }

    [Fact]
    public async Task Json_of_its_own_is_not_a_Salla_payload()
    {
        // The negative: a file that uses System.Text.Json on documents of its own with
        // files, codes and checkout_url members, no Salla type anywhere.
        await new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Collections.Generic;
            using System.IO;
            using System.Text.Json;
            using System.Text.Json.Nodes;

            class Uploads
            {
                const string Manifest = "{\"files\":[\"a.txt\"],\"codes\":[1,2],\"checkout_url\":\"https://shop.example/pay\",\"rating_link\":null}";

                int Count()
                {
                    using var document = JsonDocument.Parse(Manifest);
                    var root = document.RootElement;
                    var total = root.GetProperty("files").GetArrayLength() + root.GetProperty("codes"u8).GetArrayLength();
                    if (root.TryGetProperty("checkout_url", out var url) && url.GetString() is { } text)
                    {
                        total += text.Length;
                    }

                    return total;
                }

                string? Node(Stream stream)
                {
                    var node = JsonNode.Parse(stream)!;
                    var obj = node.AsObject();
                    obj.TryGetPropertyValue("codes", out _);
                    _ = obj.ContainsKey("files");
                    return (string?)node["checkout_url"];
                }

                bool Bag(Dictionary<string, JsonElement> bag, IReadOnlyDictionary<string, JsonElement> other) =>
                    bag.ContainsKey("files") || other.TryGetValue("codes", out _) || bag["checkout_url"].ValueKind == JsonValueKind.String;

                T? Typed<T>(string json) => JsonSerializer.Deserialize<JsonElement>(json).GetProperty("files").Deserialize<T>();
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Json_that_does_not_come_from_a_payload_is_not_checked()
    {
        await new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System;
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                // A parameter or a body read elsewhere: nothing says it is Salla's.
                string? A(JsonElement payload) => payload.GetProperty("data").GetProperty("checkout_url").GetString();
                string? B(ReadOnlyMemory<byte> body) => JsonDocument.Parse(body).RootElement.GetProperty("checkout_url").GetString();

                // A payload in the same method does not make unrelated JSON Salla's.
                string? D(OrderCreatedEvent e, JsonDocument other) =>
                    e.Data.Urls.Checkout ?? other.RootElement.GetProperty("checkout_url").GetString();
            }
            """).RunAsync();
    }

    [Fact]
    public async Task A_member_the_model_does_not_deprecate_is_fine()
    {
        await new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                // An abandoned cart's checkout_url is its live checkout link, not the order's deprecated one.
                string? A(AbandonedCartEvent e) =>
                    JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data").GetProperty("checkout_url").GetString();

                bool B(AbandonedCart cart) => cart.ExtensionData.ContainsKey("checkout_url");

                // The replacement, the envelope, and a member the order does not have.
                string? D(OrderCreatedEvent e)
                {
                    var root = JsonDocument.Parse(e.RawBody).RootElement;
                    _ = root.TryGetProperty("checkout_url", out _);
                    _ = root.GetProperty("data").TryGetProperty("files", out _);
                    return root.GetProperty("data").GetProperty("urls").GetProperty("checkout").GetString();
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Computed_names_and_writes_are_not_reads_of_a_deprecated_field()
    {
        await new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using System.Text.Json.Nodes;
            using Salla.Codegen;
            using Salla.Events;

            class C
            {
                JsonElement A(SallaUnknownEvent e, string name) => e.Data!.Value.GetProperty(name);
                JsonElement B(SallaUnknownEvent e) => e.Data!.Value.GetProperty("checkout" + Suffix());
                bool D(Order order, string key) => order.ExtensionData.ContainsKey(key);

                void E(OrderCreatedEvent e)
                {
                    var node = JsonNode.Parse(e.RawBody.Span)!;
                    node["data"]!["checkout_url"] = "https://example.com";
                }

                static string Suffix() => "_url";
            }
            """).RunAsync();
    }

    [Fact]
    public async Task Editorconfig_can_turn_the_rule_off()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using System.Text.Json;
            using Salla.Events;

            class C
            {
                string? A(OrderCreatedEvent e) =>
                    JsonDocument.Parse(e.RawBody).RootElement.GetProperty("data").GetProperty("checkout_url").GetString();
                JsonElement B(Order order) => order.ExtensionData["checkout_url"];
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.SALLA202.severity = none"));

        await test.RunAsync();
    }

    [Fact]
    public async Task Editorconfig_can_lower_the_severity()
    {
        var test = new SallaAnalyzerTest<RawJsonDeprecationAnalyzer>("""
            using Salla.Events;

            class C
            {
                bool A(Order order) => order.ExtensionData.ContainsKey({|#0:"checkout_url"|});
            }
            """);
        test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*]\ndotnet_diagnostic.SALLA202.severity = suggestion"));
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SALLA202", Microsoft.CodeAnalysis.DiagnosticSeverity.Info).WithLocation(0).WithArguments("checkout_url", "2025-05-25", "data.urls.checkout"));

        await test.RunAsync();
    }
}
