using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Consumer.Tests;

/// <summary>
/// The write path: what is read, written and read again has the same typed values and extension members,
/// and writing is a fixed point (the second write is byte for byte the first).
/// </summary>
public class RoundTripTests
{
    private static readonly TimeSpan Riyadh = TimeSpan.FromHours(3);

    [Theory]
    [MemberData(nameof(RepoPaths.ExampleFileNames), MemberType = typeof(RepoPaths))]
    public void Example_written_and_read_again_keeps_every_typed_value_and_extension_member(string fileName) =>
        AssertRoundTrip(RepoPaths.ExampleBody(fileName));

    public static TheoryData<string> AcceptedVariants()
    {
        var data = new TheoryData<string>();
        foreach (var row in EnvelopePolicyTests.Cases())
        {
            if (!((string)row[1]).StartsWith(EnvelopePolicyTests.Refused, StringComparison.Ordinal))
            {
                data.Add((string)row[0]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AcceptedVariants))]
    public void Harsh_variant_written_and_read_again_keeps_every_typed_value(string variant)
    {
        var (example, mutate, _) = EnvelopePolicyTests.Variants[variant];
        AssertRoundTrip(Encoding.UTF8.GetBytes(mutate(Encoding.UTF8.GetString(RepoPaths.ExampleBody(example)))));
    }

    [Fact]
    public void An_event_built_in_code_writes_only_what_was_set_under_Salla_names()
    {
        var brand = new BrandCreatedEvent { Merchant = 1305146709, Data = new Brand { Id = 1911645512, Name = "Salla" } };

        Assert.Equal(
            """{"event":"brand.created","merchant":1305146709,"data":{"id":1911645512,"name":"Salla"}}""",
            Encoding.UTF8.GetString(brand.ToJson()));
        Assert.Equal("Salla", BrandCreatedEvent.Parse(brand.ToJson()).Data.Name);
    }

    [Fact]
    public void Unchanged_dates_are_written_in_the_encoding_they_came_in()
    {
        var written = JsonNode.Parse(OrderCreatedEvent.Parse(RepoPaths.ExampleBody("order.created.json")).ToJson())!;

        Assert.Equal("Sun Jun 26 2022 12:21:48 GMT+0300", written["created_at"]!.GetValue<string>());
        Assert.Equal("""{"date":"2022-06-26 12:21:45.000000","timezone_type":3,"timezone":"Asia/Riyadh"}""", written["data"]!["date"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"2022-12-31 12:31:25\"")]
    [InlineData("\"Sat Dec 31 2022 12:31:25 GMT+0300\"")]
    [InlineData("\"2022-12-31T09:31:25Z\"")]
    [InlineData("\"2022-12-31T12:31:25.5+03:00\"")]
    [InlineData("1672479085")]
    [InlineData("[\"2022-12-31\"]")]
    [InlineData("{\"date\":\"2022-12-31 12:31:25.000000\",\"timezone_type\":1,\"timezone\":\"+03:00\"}")]
    public void Every_date_encoding_is_written_back_as_sent(string date)
    {
        var body = OrderBody(order => order["date"] = JsonNode.Parse(date));

        var written = JsonNode.Parse(OrderCreatedEvent.Parse(body).ToJson())!;

        Assert.Equal(JsonNode.Parse(date)!.ToJsonString(), written["data"]!["date"]!.ToJsonString());
    }

    [Fact]
    public void A_changed_date_is_written_as_iso_8601_with_its_offset()
    {
        var salla = OrderCreatedEvent.Parse(RepoPaths.ExampleBody("order.created.json"));
        var later = new DateTimeOffset(2024, 2, 29, 8, 30, 0, 500, TimeSpan.Zero);
        salla.Data.Date = later;

        var written = salla.ToJson();

        Assert.Equal("2024-02-29T08:30:00.5+00:00", JsonNode.Parse(written)!["data"]!["date"]!.GetValue<string>());
        Assert.True(OrderCreatedEvent.Parse(written).Data.Date!.Value.EqualsExact(later));
    }

    [Fact]
    public void The_same_instant_at_another_offset_is_a_change()
    {
        var salla = OrderCreatedEvent.Parse(RepoPaths.ExampleBody("order.created.json"));
        salla.CreatedAt = salla.CreatedAt!.Value.ToUniversalTime();

        var written = salla.ToJson();

        Assert.Equal("2022-06-26T09:21:48+00:00", JsonNode.Parse(written)!["created_at"]!.GetValue<string>());
        Assert.Equal(TimeSpan.Zero, OrderCreatedEvent.Parse(written).CreatedAt!.Value.Offset);
    }

    [Fact]
    public void Numbers_sent_as_text_are_written_as_numbers_with_their_scale()
    {
        var body = OrderBody(order =>
        {
            order["id"] = "2116149737";
            order["amounts"]!["total"] = JsonNode.Parse("""{"amount":"1,234.50","currency":"SAR"}""");
            order["receipt_image"] = false;
        });

        var data = JsonNode.Parse(OrderCreatedEvent.Parse(body).ToJson())!["data"]!;

        Assert.Equal("2116149737", data["id"]!.ToJsonString());
        Assert.Equal("1234.50", data["amounts"]!["total"]!["amount"]!.ToJsonString());
        // A placeholder read as null, in an optional member, is left out rather than invented.
        Assert.False(data.AsObject().ContainsKey("receipt_image"));
    }

    [Fact]
    public void Extension_members_are_written_back_as_sent_in_the_order_sent()
    {
        var body = OrderBody(order =>
        {
            order["zz_first_unknown"] = JsonNode.Parse("""{"kept":["as",1,null,{"sent":true}]}""");
            order["aa_second_unknown"] = "سارة";
        });

        var data = JsonNode.Parse(OrderCreatedEvent.Parse(body).ToJson())!["data"]!.AsObject();
        var names = data.Select(member => member.Key).ToList();

        Assert.Equal("""{"kept":["as",1,null,{"sent":true}]}""", data["zz_first_unknown"]!.ToJsonString());
        Assert.Equal("سارة", data["aa_second_unknown"]!.GetValue<string>());
        Assert.True(names.IndexOf("zz_first_unknown") < names.IndexOf("aa_second_unknown"));
    }

    [Fact]
    public void Event_built_in_code_writes_Salla_shaped_json_and_parses_back()
    {
        var salla = new OrderCreatedEvent
        {
            Merchant = 1305146709,
            CreatedAt = new DateTimeOffset(2024, 5, 1, 10, 0, 0, Riyadh),
            Data = new Order
            {
                Id = 1,
                ReferenceId = 1001,
                Urls = new OrderUrls { Customer = "https://salla.sa/o/1" },
                Status = new OrderStatus { Slug = OrderStatus.SlugValues.UnderReview },
                Currency = "SAR",
                Amounts = new OrderAmounts { Total = new Money { Amount = 196.00m, Currency = "SAR" } },
                Customer = new Customer { FirstName = "سارة", Mobile = "501806978" },
                Items = [new OrderItem { Name = "Coffee", Quantity = 2 }, null],
            },
        };

        Assert.Equal(OrderCreatedEvent.Name, salla.Event);
        Assert.True(salla.RawBody.IsEmpty, "an event built in code has no body until it is written");

        var json = Encoding.UTF8.GetString(salla.ToJson());
        Assert.StartsWith("""{"event":"order.created","merchant":1305146709,"created_at":"2024-05-01T10:00:00+03:00","data":{"id":1,"reference_id":1001,""", json, StringComparison.Ordinal);
        Assert.Contains("\"first_name\":\"سارة\"", json, StringComparison.Ordinal);
        Assert.Contains("\"items\":[{\"name\":\"Coffee\",\"quantity\":2},null]", json, StringComparison.Ordinal);
        Assert.Contains("\"amount\":196.00", json, StringComparison.Ordinal);

        var parsed = OrderCreatedEvent.Parse(salla.ToJson());
        Assert.Empty(TypedComparer.Differences(salla, parsed));
        Assert.Equal(json, Encoding.UTF8.GetString(parsed.RawBody.Span));
    }

    [Fact]
    public void Unknown_event_built_in_code_keeps_its_name_and_data()
    {
        using var data = JsonDocument.Parse("""{"id":7,"note":"كل شيء"}""");
        var salla = new SallaUnknownEvent("partner.thing.happened") { Merchant = 5, Data = data.RootElement.Clone() };

        var written = salla.ToJson();
        var parsed = SallaEvents.Parse(written);

        Assert.Equal("""{"event":"partner.thing.happened","merchant":5,"data":{"id":7,"note":"كل شيء"}}""", Encoding.UTF8.GetString(written));
        Assert.IsType<SallaUnknownEvent>(parsed);
        Assert.Empty(TypedComparer.Differences(salla, parsed));
    }

    [Fact]
    public void An_event_cannot_be_built_without_a_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new SallaUnknownEvent(""));
        Assert.Contains("name", error.Message, StringComparison.Ordinal);
    }

    private static void AssertRoundTrip(byte[] body)
    {
        var parsed = SallaEvents.Parse(body);
        Assert.IsNotType<SallaUnknownEvent>(parsed);

        var written = parsed.ToJson();
        var reparsed = SallaEvents.Parse(written);

        Assert.Equal(parsed.GetType(), reparsed.GetType());
        Assert.Empty(TypedComparer.Differences(parsed, reparsed));
        Assert.Equal(Encoding.UTF8.GetString(written), Encoding.UTF8.GetString(reparsed.ToJson()));

        // Nothing is lost on the way out either: every written member is typed again or kept in a bag.
        using var document = JsonDocument.Parse(written);
        Assert.Empty(PayloadWalker.FindLosses(document.RootElement.GetProperty("data"), reparsed.UntypedData, "data"));
    }

    private static byte[] OrderBody(Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(RepoPaths.ExampleBody("order.created.json"))!.AsObject();
        edit(root["data"]!.AsObject());
        return Encoding.UTF8.GetBytes(root.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
