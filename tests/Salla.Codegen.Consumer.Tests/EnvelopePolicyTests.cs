using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text;
using System.Threading.Tasks;
using System;
using Salla.Codegen.TestSupport;
using Salla.Codegen;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>
/// The payload policy on generated types, as a table over harsher variants of Salla's documented examples:
/// each variant is either read with the exact values shown, or refused with the payload exception at the path
/// shown (the receiver answers 400 for those, so Salla does not retry a body that can never succeed).
/// </summary>
public class EnvelopePolicyTests
{
    internal const string Refused = "refused at ";

    internal static readonly Dictionary<string, (string Example, Func<string, string> Mutate, Func<SallaEvent, string>? Show)> Variants = new()
    {
        // Required members: missing, null, PHP's [] and {} for a scalar are refused.
        ["data missing"] = ("order.created.json", body => Edit(body, root => root.Remove("data")), null),
        ["data null"] = ("order.created.json", body => Edit(body, root => root["data"] = null), null),
        ["data []"] = ("order.created.json", body => Edit(body, root => root["data"] = new JsonArray()), null),
        ["event missing"] = ("order.created.json", body => Edit(body, root => root.Remove("event")), null),
        ["status []"] = ("order.created.json", body => Edit(body, root => root["data"]!["status"] = new JsonArray()), null),
        ["amounts []"] = ("order.created.json", body => Edit(body, root => root["data"]!["amounts"] = new JsonArray()), null),
        ["customer null"] = ("order.created.json", body => Edit(body, root => root["data"]!["customer"] = null), null),
        ["urls missing"] = ("order.created.json", body => Edit(body, root => root["data"]!.AsObject().Remove("urls")), null),
        ["id {}"] = ("order.created.json", body => Edit(body, root => root["data"]!["id"] = new JsonObject()), null),
        ["currency {}"] = ("order.created.json", body => Edit(body, root => root["data"]!["currency"] = new JsonObject()), null),
        ["currency false"] = ("order.created.json", body => Edit(body, root => root["data"]!["currency"] = false), null),
        ["items null"] = ("order.created.json", body => Edit(body, root => root["data"]!["items"] = null), null),

        // Optional members: PHP's placeholders read as empty, nothing else changes.
        ["items {}"] = ("order.created.json", body => Edit(body, root => root["data"]!["items"] = new JsonObject()), e => Order(e).Items.Count.ToString(CultureInfo.InvariantCulture)),
        ["optional text false"] = ("order.created.json", body => Edit(body, root => root["data"]!["customer"]!["email"] = false), e => Order(e).Customer.Email ?? "null"),
        ["optional object []"] = ("order.created.json", body => Edit(body, root => root["data"]!["bank"] = new JsonArray()), e => Order(e).Bank is { } bank ? "empty bank: " + (bank.ExtensionData.Count == 0) : "null"),

        // Numbers: never a different number.
        ["amount 12,5"] = ("order.created.json", body => Edit(body, root => root["data"]!["amounts"]!["total"]!["amount"] = "12,5"), null),
        ["amount 1,234.50"] = ("order.created.json", body => Edit(body, root => root["data"]!["amounts"]!["total"]!["amount"] = "1,234.50"), e => Order(e).Amounts.Total!.Amount!.Value.ToString(CultureInfo.InvariantCulture)),
        ["quantity 1,5"] = ("order.created.json", body => Edit(body, root => root["data"]!["items"]![0]!["quantity"] = "1,5"), null),

        // Duplicate members, at any depth, are refused: what is routed and what is read must be one thing.
        ["event twice"] = ("order.created.json", body => "{\"event\":\"communication.email.send\"," + body.TrimStart().Substring(1), null),
        ["data.id twice"] = ("order.created.json", body => Insert(body, "\"data\":{", "\"id\":1,"), null),
        ["status.slug twice"] = ("order.created.json", body => Insert(body, "\"status\":{", "\"slug\":\"completed\","), null),
        ["unknown member twice"] = ("order.created.json", body => Insert(body, "\"data\":{", "\"x\":1,\"x\":2,"), null),
        ["nested raw member twice"] = ("order.created.json", body => Insert(body, "\"data\":{", "\"x\":{\"y\":[{\"z\":1,\"z\":2}]},"), null),
        ["envelope extension twice"] = ("order.created.json", body => Insert(body, "{", "\"pickup_branch\":1,"), null),

        // Lists keep their length and order: null items stay where they were sent.
        ["null cart reminder"] = ("abandoned.cart.legacy-doc.json", body => Edit(body, root => root["data"]!["cart_history"]!.AsArray().Add(null)), e => Show(((AbandonedCartEvent)e).Data.CartHistory!.Select(r => r is null ? "null" : r.ReminderChannel ?? "?"))),
        ["null option value"] = ("order.created.json", body => Edit(body, root => root["data"]!["items"]![0]!["options"]![0]!["value"]!.AsArray().Insert(0, null)), e => Show(Order(e).Items[0]!.Options![0]!.Value!.Select(v => v is null ? "null" : v.Name ?? "?"))),
        ["null item"] = ("order.created.json", body => Edit(body, root => root["data"]!["items"]!.AsArray().Add(null)), e => Show(Order(e).Items.Select(i => i is null ? "null" : "item"))),
    };

    public static TheoryData<string, string> Cases() => new()
    {
        { "data missing", Refused + "$.data: a required member is missing" },
        { "data null", Refused + "$.data: a required object is null" },
        { "data []", Refused + "$.data: a required object is an empty array []" },
        { "event missing", Refused + "$.event: the body has no 'event' member" },
        { "status []", Refused + "$.data.status: a required object is an empty array []" },
        { "amounts []", Refused + "$.data.amounts: a required object is an empty array []" },
        { "customer null", Refused + "$.data.customer: a required object is null" },
        { "urls missing", Refused + "$.data.urls: a required member is missing" },
        { "id {}", Refused + "$.data.id: found an object" },
        { "currency {}", Refused + "$.data.currency: a required member is null" },
        { "currency false", Refused + "$.data.currency: a required member is null" },
        { "items null", Refused + "$.data.items: a required member is null" },
        { "items {}", "0" },
        { "optional text false", "null" },
        { "optional object []", "empty bank: True" },
        { "amount 12,5", Refused + "$.data.amounts.total.amount: '12,5' is ambiguous" },
        { "amount 1,234.50", "1234.50" },
        { "quantity 1,5", Refused + "$.data.items[0].quantity: '1,5' is ambiguous" },
        { "event twice", Refused + "$.event: the member appears more than once" },
        { "data.id twice", Refused + "$.data.id: the member appears more than once" },
        { "status.slug twice", Refused + "$.data.status.slug: the member appears more than once" },
        { "unknown member twice", Refused + "$.data.x: the member appears more than once" },
        { "nested raw member twice", Refused + "$.data.x.y[0].z: the member appears more than once" },
        { "envelope extension twice", Refused + "$.pickup_branch: the member appears more than once" },
        { "null cart reminder", "[sms,null]" },
        { "null option value", "[null,BIG]" },
        { "null item", "[item,null]" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Variant_is_read_or_refused(string variant, string expected)
    {
        var (example, mutate, show) = Variants[variant];
        var body = Encoding.UTF8.GetBytes(mutate(Encoding.UTF8.GetString(RepoPaths.ExampleBody(example))));

        string actual;
        try
        {
            var result = await new SallaEventDispatcher(new TestServices()).DispatchAsync(body);
            Assert.True(result.Event.RawBody.Span.SequenceEqual(body), "the event keeps the bytes it was read from");
            actual = show is null ? "accepted" : show(result.Event);
        }
        catch (SallaPayloadException ex)
        {
            actual = Refused + ex.JsonPath + ": " + ex.Problem;
        }

        if (expected.StartsWith(Refused, StringComparison.Ordinal))
        {
            Assert.StartsWith(expected, actual, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Every_variant_has_an_expected_outcome() =>
        Assert.Equal(Variants.Keys.OrderBy(k => k, StringComparer.Ordinal), Cases().Select(row => (string)row[0]).OrderBy(k => k, StringComparer.Ordinal));

    [Fact]
    public void A_typed_parse_of_another_event_is_refused()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => OrderDeletedEvent.Parse(RepoPaths.ExampleBody("order.created.json")));

        Assert.Equal("$.event", ex.JsonPath);
        Assert.Equal("the body is a 'order.created' event, not 'order.deleted'", ex.Problem);
    }

    private static Order Order(SallaEvent salla) => ((OrderCreatedEvent)salla).Data;

    private static string Show(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    private static string Edit(string body, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(body)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static string Insert(string body, string after, string text)
    {
        var compact = JsonNode.Parse(body)!.ToJsonString();
        var at = compact.IndexOf(after, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{after}' is in the example");
        return compact.Insert(at + after.Length, text);
    }
}
