using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;
using Salla.Codegen.TestSupport;
using Xunit;
using static Salla.Codegen.Runtime.Tests.JsonTestHelper;

namespace Salla.Codegen.Runtime.Tests;

public class SallaUnknownEventTests
{
    private const string PickupBranch = "{\"id\": 5, \"type\": [], \"location\": {\"lat\": \"24.7\", \"lng\": 46.6}}";

    private const string Data = "{\"id\":1473353380,\"amounts\":{\"total\":{\"amount\":\"0.10\"}},\"name\":\"\\u0645\"}";

    private static readonly string Body =
        "{\"event\":\"order.created\",\"merchant\":1305146709,\"created_at\":\"Sun Jun 26 2022 12:21:48 GMT+0300\",\"data\":" + Data + ",\"pickup_branch\":" + PickupBranch + "}";

    [Fact]
    public void ReadsTheEnvelope()
    {
        var body = Utf8(Body);

        var salla = SallaUnknownEvent.Parse(body);

        Assert.Equal("order.created", salla.Event);
        Assert.Equal(1305146709, salla.Merchant);
        SameMoment(Iso("2022-06-26T12:21:48+03:00"), salla.CreatedAt);
        Assert.NotNull(salla.Data);
        Assert.Equal(Data, salla.Data!.Value.GetRawText());
        Assert.Equal("0.10", salla.Data.Value.GetProperty("amounts").GetProperty("total").GetProperty("amount").GetString());
        Assert.IsType<JsonElement>(salla.UntypedData);
        Assert.True(salla.RawBody.Equals(body), "RawBody is the very memory passed in");
        Assert.True(salla.RawBody.Span.SequenceEqual(Encoding.UTF8.GetBytes(Body)));
    }

    [Fact]
    public void UnknownEnvelopeMembersKeepTheirExactJson()
    {
        var salla = SallaUnknownEvent.Parse(Utf8(Body));

        var member = Assert.Single(salla.ExtensionData);
        Assert.Equal("pickup_branch", member.Key);
        Assert.Equal(PickupBranch, member.Value.GetRawText());
    }

    [Fact]
    public void ExtensionMembersSurviveTheBody()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"event\":\"x\",\"rating_link\":\"https://s.salla.sa/r\",\"flag\":null}");
        var salla = SallaUnknownEvent.Parse(bytes);
        Array.Clear(bytes);

        Assert.Equal("https://s.salla.sa/r", salla.ExtensionData["rating_link"].GetString());
        Assert.Equal(JsonValueKind.Null, salla.ExtensionData["flag"].ValueKind);
    }

    [Theory]
    [InlineData("\"1029864349\"", 1029864349L)]
    [InlineData("1029864349", 1029864349L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    public void MerchantIsNumberOrString(string merchant, long expected) =>
        Assert.Equal(expected, SallaUnknownEvent.Parse(Utf8("{\"event\":\"store.branch.updated\",\"merchant\":" + merchant + "}")).Merchant);

    [Theory]
    [InlineData("\"2022-12-31 12:31:25\"", "2022-12-31T12:31:25+03:00")]
    [InlineData("\"Wed Jul 7 2021 14:50:48 GMT+0300\"", "2021-07-07T14:50:48+03:00")]
    [InlineData("{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}", "2022-06-26T12:21:45+03:00")]
    public void CreatedAtInEveryEncoding(string createdAt, string expected) =>
        SameMoment(Iso(expected), SallaUnknownEvent.Parse(Utf8("{\"created_at\":" + createdAt + ",\"event\":\"app.installed\"}")).CreatedAt);

    [Fact]
    public void MemberOrderDoesNotMatter()
    {
        var salla = SallaUnknownEvent.Parse(Utf8("{\"data\":[],\"created_at\":null,\"merchant\":null,\"event\":\"x.y\"}"));

        Assert.Equal("x.y", salla.Event);
        Assert.Null(salla.Merchant);
        Assert.Null(salla.CreatedAt);
        Assert.Equal("[]", salla.Data!.Value.GetRawText());
        Assert.Empty(salla.ExtensionData);
    }

    [Fact]
    public void AnEnvelopeWithoutAnEventNameIsRefused()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => SallaUnknownEvent.Parse(Utf8("{}")));

        Assert.Equal("$.event", ex.JsonPath);
        Assert.Equal("a required member is missing", ex.Problem);
    }

    [Fact]
    public void MissingOptionalMembersAreEmpty()
    {
        var salla = SallaUnknownEvent.Parse(Utf8("{\"event\":\"x.y\"}"));

        Assert.Equal("x.y", salla.Event);
        Assert.Null(salla.Merchant);
        Assert.Null(salla.CreatedAt);
        Assert.Null(salla.Data);
        Assert.Null(salla.UntypedData);
    }

    [Fact]
    public void ToleratesCommentsTrailingCommasAndWhitespace()
    {
        var salla = SallaUnknownEvent.Parse(Utf8(" \n{\"event\":\"x.y\", // note\n \"data\":{\"a\":1,},}\n /* end */ "));

        Assert.Equal("x.y", salla.Event);
        Assert.Equal(1, salla.Data!.Value.GetProperty("a").GetInt32());
    }

    [Theory]
    [InlineData("{", "$")]
    [InlineData("{\"event\":\"x\"", "$")]
    [InlineData("{\"event\":\"x\",", "$")]
    [InlineData("{\"event\":\"x\",\"data\":{\"a\":", "$.data")]
    [InlineData("{\"event\":\"x\",\"data\":{\"a\":1}", "$")]
    [InlineData("{\"event\":\"x\",\"pickup_branch\":[1,", "$.pickup_branch")]
    [InlineData("{}x", "$")]
    [InlineData("{} {}", "$")]
    [InlineData("{\"event\":\"x\"}]", "$")]
    [InlineData("{\"event\":\"x\"} \"more\"", "$")]
    [InlineData("{\"event\":\"x\" \"merchant\":1}", "$")]
    [InlineData("{\"event\":'x'}", "$.event")]
    [InlineData("nope", "$")]
    public void MalformedBodiesThrowPayloadException(string body, string path)
    {
        var ex = Assert.Throws<SallaPayloadException>(() => SallaUnknownEvent.Parse(Utf8(body)));
        Assert.Equal(path, ex.JsonPath);
        Assert.Null(ex.ExpectedType);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void BlankBodyIsEmpty(string body)
    {
        var ex = Assert.Throws<SallaPayloadException>(() => SallaUnknownEvent.Parse(Utf8(body)));
        Assert.Equal("$", ex.JsonPath);
        Assert.Equal("object", ex.ExpectedType);
        Assert.Equal("the body is empty", ex.Problem);
    }

    [Theory]
    [InlineData("[]", "$", "object")]
    [InlineData("\"order.created\"", "$", "object")]
    [InlineData("null", "$", "object")]
    [InlineData("{\"event\":\"x\",\"merchant\":{\"a\":1}}", "$.merchant", "integer")]
    [InlineData("{\"event\":\"x\",\"merchant\":\"abc\"}", "$.merchant", "integer")]
    [InlineData("{\"event\":\"x\",\"merchant\":true}", "$.merchant", "integer")]
    [InlineData("{\"event\":{\"name\":\"x\"}}", "$.event", "string")]
    [InlineData("{\"event\":\"x\",\"created_at\":\"not a date\"}", "$.created_at", "date-time")]
    [InlineData("{\"event\":\"x\",\"created_at\":{\"date\":\"bad\",\"timezone\":\"UTC\"}}", "$.created_at.date", "date-time")]
    public void WrongTypesNameTheMember(string body, string path, string expectedType)
    {
        var ex = Assert.Throws<SallaPayloadException>(() => SallaUnknownEvent.Parse(Utf8(body)));
        Assert.Equal(path, ex.JsonPath);
        Assert.Equal(expectedType, ex.ExpectedType);
        Assert.Contains(path + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(expected " + expectedType + ")", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOffsetPointsAtTheBadValue()
    {
        const string body = "{\"event\":\"x\",\"merchant\":{\"a\":1}}";
        var ex = Assert.Throws<SallaPayloadException>(() => SallaUnknownEvent.Parse(Utf8(body)));
        Assert.Equal(body.IndexOf("{\"a\"", StringComparison.Ordinal), ex.BytePosition);
    }

    [Theory]
    [MemberData(nameof(RepoPaths.ExampleFileNames), MemberType = typeof(RepoPaths))]
    public void ParsesEveryDocumentedExample(string fileName)
    {
        var bytes = RepoPaths.ExampleBody(fileName);
        using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = document.RootElement;
        var expectedEvent = root.GetProperty("event").GetString();
        var merchant = root.GetProperty("merchant");
        var expectedMerchant = merchant.ValueKind == JsonValueKind.String ? long.Parse(merchant.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : merchant.GetInt64();

        var salla = SallaUnknownEvent.Parse(bytes);

        Assert.Equal(expectedEvent, salla.Event);
        Assert.Equal(expectedEvent, SallaDispatch.ReadEventName(bytes));
        Assert.Equal(expectedMerchant, salla.Merchant);
        Assert.NotNull(salla.CreatedAt);
        Assert.Equal(TimeSpan.FromHours(3), salla.CreatedAt!.Value.Offset);
        Assert.InRange(salla.CreatedAt.Value.Year, 2021, 2026);
        Assert.Equal(root.GetProperty("data").GetRawText(), salla.Data!.Value.GetRawText());
        var extra = new List<string>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("event" or "merchant" or "created_at" or "data"))
            {
                extra.Add(property.Name);
                Assert.Equal(property.Value.GetRawText(), salla.ExtensionData[property.Name].GetRawText());
            }
        }

        Assert.Equal(extra.OrderBy(n => n, StringComparer.Ordinal), salla.ExtensionData.Keys.OrderBy(n => n, StringComparer.Ordinal));
        Assert.True(salla.RawBody.Span.SequenceEqual(bytes));
    }

    [Fact]
    public void OrderCreatedKeepsPickupBranchOutsideData()
    {
        var salla = SallaUnknownEvent.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Examples, "order.created.json")));
        Assert.True(salla.ExtensionData.ContainsKey("pickup_branch"));
    }
}

public class TypedEventTests
{
    [Fact]
    public void ReadsTypedData()
    {
        var salla = TestEvent.Parse(Utf8("{\"event\":\"test.event\",\"merchant\":\"7\",\"data\":{\"items\":[{\"id\":\"1\",\"name\":2},[],null],\"total\":\"0.10\",\"other\":[]}}"));

        Assert.Equal("test.event", salla.Event);
        Assert.Equal(7, salla.Merchant);
        var data = Assert.IsType<TestData>(salla.UntypedData);
        Assert.Same(salla.Data, data);
        Assert.Equal(3, data.Items!.Count);
        Assert.Equal(1, data.Items[0]!.Id);
        Assert.Equal("2", data.Items[0]!.Name);
        Assert.Null(data.Items[2]);
        Assert.Equal("0.10", data.Total!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("[]", data.ExtensionData["other"].GetRawText());
    }

    [Theory]
    [InlineData("{\"event\":\"test.event\",\"data\":[]}", "a required object is an empty array []")]
    [InlineData("{\"event\":\"test.event\",\"data\":null}", "a required object is null")]
    [InlineData("{\"event\":\"test.event\"}", "a required member is missing")]
    public void TypedDataIsRequired(string body, string problem)
    {
        var ex = Assert.Throws<SallaPayloadException>(() => TestEvent.Parse(Utf8(body)));
        Assert.Equal("$.data", ex.JsonPath);
        Assert.Equal(problem, ex.Problem);
    }

    [Fact]
    public void NestedFailureGivesTheFullPath()
    {
        const string body = "{\"event\":\"test.event\",\"data\":{\"total\":1,\"items\":[{\"id\":1},{\"id\":\"x\"}]}}";
        var ex = Assert.Throws<SallaPayloadException>(() => TestEvent.Parse(Utf8(body)));
        Assert.Equal("$.data.items[1].id", ex.JsonPath);
        Assert.Equal("integer", ex.ExpectedType);
        Assert.Equal(body.IndexOf("\"x\"", StringComparison.Ordinal), ex.BytePosition);
        Assert.StartsWith("Salla payload: $.data.items[1].id: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedNestedBodyGivesThePathSoFar()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => TestEvent.Parse(Utf8("{\"event\":\"test.event\",\"data\":{\"items\":[{\"id\":1},{\"id\":")));
        Assert.StartsWith("$.data.items[1]", ex.JsonPath, StringComparison.Ordinal);
        Assert.Null(ex.ExpectedType);
        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }
}
