using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;
using Xunit;
using static Salla.Codegen.Runtime.Tests.JsonTestHelper;

namespace Salla.Codegen.Runtime.Tests;

public class SallaJsonReadStringTests
{
    [Theory]
    [InlineData("\"abc\"", "abc")]
    [InlineData("\"\"", "")]
    [InlineData("\"null\"", "null")]
    [InlineData("\"\\u0645\\u062D\\u0645\\u062F\"", "محمد")]
    [InlineData("\"+96652318526\"", "+96652318526")]
    [InlineData("555555555", "555555555")]
    [InlineData("911.97", "911.97")]
    [InlineData("0.10", "0.10")]
    [InlineData("-5", "-5")]
    [InlineData("1e3", "1e3")]
    [InlineData("9007199254740993", "9007199254740993")]
    [InlineData("true", "true")]
    [InlineData("false", null)]
    [InlineData("null", null)]
    [InlineData("{}", null)]
    [InlineData("[]", null)]
    [InlineData("{ }", null)]
    [InlineData("[\n]", null)]
    public void Accepts(string json, string? expected) =>
        Assert.Equal(expected, Read(json, SallaJson.ReadString));

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("[1]")]
    [InlineData("[\"a\"]")]
    [InlineData("[[]]")]
    public void Rejects(string json) => Reject(json, SallaJson.ReadString, "string");
}

public class SallaJsonReadInt64Tests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1473353380", 1473353380L)]
    [InlineData("\"1473353380\"", 1473353380L)]
    [InlineData("9007199254740993", 9007199254740993L)]
    [InlineData("\"9007199254740993\"", 9007199254740993L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("\"-9223372036854775808\"", long.MinValue)]
    [InlineData("-12", -12L)]
    [InlineData("\"-12\"", -12L)]
    [InlineData("\"+7\"", 7L)]
    [InlineData("\" 42 \"", 42L)]
    [InlineData("\"0\"", 0L)]
    [InlineData("1.0", 1L)]
    [InlineData("1e3", 1000L)]
    [InlineData("\"12.00\"", 12L)]
    [InlineData("555555555", 555555555L)]
    public void Accepts(string json, long expected) =>
        Assert.Equal(expected, Read(json, SallaJson.ReadInt64));

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"null\"")]
    [InlineData("\"   \"")]
    public void ReadsNull(string json) => Assert.Null(Read(json, SallaJson.ReadInt64));

    [Theory]
    [InlineData("1.5")]
    [InlineData("\"1.5\"")]
    [InlineData("\"abc\"")]
    [InlineData("\"0x10\"")]
    [InlineData("\"1 2\"")]
    [InlineData("\"5-\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"+96652318526x\"")]
    [InlineData("9223372036854775808")]
    [InlineData("\"9223372036854775808\"")]
    [InlineData("-9223372036854775809")]
    [InlineData("1e30")]
    [InlineData("1e400")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"id\":1}")]
    [InlineData("[1]")]
    public void Rejects(string json) => Reject(json, SallaJson.ReadInt64, "integer");

    [Fact]
    public void RejectionDescribesWhatWasFound()
    {
        var ex = Reject("\"abc\"", SallaJson.ReadInt64, "integer");
        Assert.Equal("$", ex.JsonPath);
        Assert.Contains("abc", ex.Problem, StringComparison.Ordinal);
        Assert.Equal(0, ex.BytePosition);
    }
}

public class SallaJsonReadDecimalTests
{
    [Theory]
    [InlineData("0.10", "0.10")]
    [InlineData("\"0.10\"", "0.10")]
    [InlineData("911.97", "911.97")]
    [InlineData("\"911.97\"", "911.97")]
    [InlineData("\"0.00\"", "0.00")]
    [InlineData("15", "15")]
    [InlineData("\"15\"", "15")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("\" 7.25 \"", "7.25")]
    [InlineData("1e2", "100")]
    [InlineData("\"1e2\"", "100")]
    [InlineData("\"1,234.50\"", "1234.50")]
    [InlineData("9007199254740993", "9007199254740993")]
    [InlineData("\"9007199254740993\"", "9007199254740993")]
    [InlineData("1473353380", "1473353380")]
    [InlineData("\"24.742992\"", "24.742992")]
    public void AcceptsAndKeepsPrecision(string json, string expected)
    {
        var value = Read(json, SallaJson.ReadDecimal);
        Assert.Equal(decimal.Parse(expected, NumberStyles.Float, CultureInfo.InvariantCulture), value);
        if (!json.Contains('e', StringComparison.Ordinal))
        {
            // Same digits, same scale: 0.10 stays 0.10, not 0.1.
            Assert.Equal(expected, value!.Value.ToString(CultureInfo.InvariantCulture));
        }
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"null\"")]
    public void ReadsNull(string json) => Assert.Null(Read(json, SallaJson.ReadDecimal));

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1.2.3\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"5-\"")]
    [InlineData("\"٠٫٢٥ كجم\"")]
    [InlineData("1e300")]
    [InlineData("true")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("{\"amount\":10,\"currency\":\"SAR\"}")]
    [InlineData("[1]")]
    public void Rejects(string json) => Reject(json, SallaJson.ReadDecimal, "number");
}

public class SallaJsonReadBooleanTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    [InlineData("\"1\"", true)]
    [InlineData("\"0\"", false)]
    [InlineData("\"true\"", true)]
    [InlineData("\"TRUE\"", true)]
    [InlineData("\"False\"", false)]
    [InlineData("\" true \"", true)]
    public void Accepts(string json, bool expected) =>
        Assert.Equal(expected, Read(json, SallaJson.ReadBoolean));

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"null\"")]
    public void ReadsNull(string json) => Assert.Null(Read(json, SallaJson.ReadBoolean));

    [Theory]
    [InlineData("2")]
    [InlineData("-1")]
    [InlineData("0.5")]
    [InlineData("\"yes\"")]
    [InlineData("\"2\"")]
    [InlineData("\"active\"")]
    [InlineData("{}")]
    [InlineData("[]")]
    [InlineData("[true]")]
    public void Rejects(string json) => Reject(json, SallaJson.ReadBoolean, "boolean");
}

public class SallaJsonReadDateTimeTests
{
    public static TheoryData<string, string> Accepted => new()
    {
        { "\"Sun Jun 26 2022 12:21:48 GMT+0300\"", "2022-06-26T12:21:48+03:00" },
        { "\"Wed Jul 7 2021 14:50:48 GMT+0300\"", "2021-07-07T14:50:48+03:00" },
        { "\"Tue Jan 21 2025 17:00:00 GMT+0300\"", "2025-01-21T17:00:00+03:00" },
        { "\"2022-12-31 12:31:25\"", "2022-12-31T12:31:25+03:00" },
        { "\"2025-04-13 00:00:00\"", "2025-04-13T00:00:00+03:00" },
        { "\"2021-10-09T21:00:00.000000Z\"", "2021-10-09T21:00:00+00:00" },
        { "\"2023-07-27\"", "2023-07-27T00:00:00+03:00" },
        { "{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}", "2022-06-26T12:21:45+03:00" },
        { "{\"date\":\"2022-06-26 12:21:45.123456\",\"timezone_type\":1,\"timezone\":\"+03:00\"}", "2022-06-26T12:21:45.123456+03:00" },
        { "{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"UTC\"}", "2022-06-26T12:21:45+00:00" },
        { "{\"timezone\":\"Asia/Riyadh\",\"timezone_type\":3,\"date\":\"2022-06-26 12:21:45.000000\"}", "2022-06-26T12:21:45+03:00" },
        { "{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\",\"extra\":{\"x\":[1,2]}}", "2022-06-26T12:21:45+03:00" },
        { "[\"2022-12-31\"]", "2022-12-31T00:00:00+03:00" },
        { "[{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}]", "2022-06-26T12:21:45+03:00" },
        { "1656235308", "2022-06-26T09:21:48+00:00" },
    };

    [Theory]
    [MemberData(nameof(Accepted))]
    public void Accepts(string json, string expected) =>
        SameMoment(Iso(expected), Read(json, SallaJson.ReadDateTime));

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("\"null\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("[null]")]
    [InlineData("{\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}")]
    public void ReadsNull(string json) => Assert.Null(Read(json, SallaJson.ReadDateTime));

    [Theory]
    [InlineData("\"garbage\"")]
    [InlineData("\"2022-13-01\"")]
    [InlineData("\"2022-02-30 10:00:00\"")]
    [InlineData("\"26/06/2022\"")]
    [InlineData("true")]
    [InlineData("1.5")]
    [InlineData("1e20")]
    [InlineData("99999999999999")]
    [InlineData("-99999999999999")]
    [InlineData("[\"2022-12-31\",\"2023-01-01\"]")]
    [InlineData("[true]")]
    [InlineData("{\"date\":\"nope\",\"timezone\":\"Asia/Riyadh\"}")]
    [InlineData("{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone\":\"Mars/Olympus\"}")]
    [InlineData("{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone\":\"+3\"}")]
    [InlineData("{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone\":\"+99:00\"}")]
    public void Rejects(string json) => Reject(json, SallaJson.ReadDateTime, "date-time");

    [Fact]
    public void BadPhpDateNamesTheDateMember()
    {
        var ex = Reject("{\"date\":\"2022-06-26 99:99:99\",\"timezone_type\":3,\"timezone\":\"Asia/Riyadh\"}", SallaJson.ReadDateTime, "date-time");
        Assert.Equal("$.date", ex.JsonPath);
        Assert.Contains("2022-06-26 99:99:99", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongTypeInsidePhpDateNamesTheMember()
    {
        var ex = Reject("{\"date\":{\"nested\":1},\"timezone\":\"Asia/Riyadh\"}", SallaJson.ReadDateTime, "string");
        Assert.Equal("$.date", ex.JsonPath);
    }

    [Fact]
    public void BadStringDateQuotesTheText()
    {
        var ex = Reject("\"not a date\"", SallaJson.ReadDateTime, "date-time");
        Assert.Contains("not a date", ex.Problem, StringComparison.Ordinal);
    }
}

public class SallaJsonReadAnyTests
{
    [Theory]
    [InlineData("{\"a\":[1,2,{\"b\":null}],\"c\":\"\\u0645\"}", JsonValueKind.Object)]
    [InlineData("[]", JsonValueKind.Array)]
    [InlineData("{}", JsonValueKind.Object)]
    [InlineData("[1, \"two\", 3.50]", JsonValueKind.Array)]
    [InlineData("\"s\"", JsonValueKind.String)]
    [InlineData("12.50", JsonValueKind.Number)]
    [InlineData("9007199254740993", JsonValueKind.Number)]
    [InlineData("true", JsonValueKind.True)]
    [InlineData("false", JsonValueKind.False)]
    public void KeepsTheValueAsSent(string json, JsonValueKind kind)
    {
        var value = Read(json, SallaJson.ReadAny);
        Assert.NotNull(value);
        Assert.Equal(kind, value!.Value.ValueKind);
        Assert.Equal(json, value.Value.GetRawText());
    }

    [Fact]
    public void JsonNullIsNull() => Assert.Null(Read("null", SallaJson.ReadAny));

    [Fact]
    public void OutlivesTheBuffer()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":[1,2]}");
        var reader = new Utf8JsonReader(bytes, SallaJson.ReaderOptions);
        reader.Read();
        var value = SallaJson.ReadAny(ref reader)!.Value;
        Array.Clear(bytes);
        Assert.Equal(2, value.GetProperty("a").GetArrayLength());
    }
}

public class SallaJsonObjectTests
{
    [Theory]
    [InlineData("{\"id\":1}")]
    [InlineData("{}")]
    [InlineData(" {\"a\": [1]} ")]
    public void TryStartObjectIsTrueOnAnObjectAndStaysOnItsStart(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(bytes, SallaJson.ReaderOptions);
        reader.Read();
        Assert.True(SallaJson.TryStartObject(ref reader));
        Assert.Equal(JsonTokenType.StartObject, reader.TokenType);
        Assert.Equal(0, reader.TokenStartIndex - json.IndexOf('{', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[ ]")]
    public void TryStartObjectIsFalseOnPhpEmptyArrayAndEndsOnIt(string json) =>
        Assert.False(Read(json, SallaJson.TryStartObject));

    [Theory]
    [InlineData("[1]")]
    [InlineData("[{}]")]
    [InlineData("\"x\"")]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("null")]
    public void TryStartObjectRejects(string json) => Reject(json, SallaJson.TryStartObject, "object");

    [Theory]
    [InlineData("{\"id\":\"1473353380\",\"name\":\"x\"}", 1473353380L, "x")]
    [InlineData("{\"name\":555,\"id\":9007199254740993}", 9007199254740993L, "555")]
    [InlineData("{\"id\":1,\"nested\":{\"id\":2,\"deeper\":[{\"id\":3}]},\"name\":\"after\"}", 1L, "after")]
    public void GeneratedStyleReaderReadsMembersAndEndsOnTheObject(string json, long id, string name)
    {
        var item = Read(json, TestItem.Read);
        Assert.Equal(id, item.Id);
        Assert.Equal(name, item.Name);
    }

    [Fact]
    public void PhpEmptyArrayIsAnEmptyObject()
    {
        var item = Read("[]", TestItem.Read);
        Assert.Null(item.Id);
        Assert.Empty(item.ExtensionData);
    }

    [Fact]
    public void UnknownMembersKeepTheirJson()
    {
        var item = Read("{\"id\":1,\"type\":[],\"location\":{\"lat\":\"24.7\",\"lng\":46.6},\"gone\":null}", TestItem.Read);
        Assert.Equal(new[] { "gone", "location", "type" }, item.ExtensionData.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.Equal("[]", item.ExtensionData["type"].GetRawText());
        Assert.Equal("{\"lat\":\"24.7\",\"lng\":46.6}", item.ExtensionData["location"].GetRawText());
        Assert.Equal(JsonValueKind.Null, item.ExtensionData["gone"].ValueKind);
    }

    [Fact]
    public void ReadObjectReadsNullAsNull() => Assert.Null(Read("null", static (ref Utf8JsonReader r) => SallaJson.ReadObject(ref r, TestItem.Read)));

    [Fact]
    public void ReadObjectReadsAnObject() =>
        Assert.Equal(5, Read("{\"id\":5}", static (ref Utf8JsonReader r) => SallaJson.ReadObject(ref r, TestItem.Read))!.Id);

    [Fact]
    public void WrongMemberTypeGivesTheMemberPath()
    {
        var ex = Reject("{\"name\":\"x\",\"id\":{\"a\":1}}", TestItem.Read, "integer");
        Assert.Equal("$.id", ex.JsonPath);
        Assert.Equal(17, ex.BytePosition);
    }
}

public class SallaJsonReadListTests
{
    private static SallaReader<System.Collections.Generic.IReadOnlyList<string?>?> Strings =>
        static (ref Utf8JsonReader r) => SallaJson.ReadList<string>(ref r, SallaJson.ReadString);

    private static SallaReader<System.Collections.Generic.IReadOnlyList<TestItem?>?> Items =>
        static (ref Utf8JsonReader r) => SallaJson.ReadList<TestItem>(ref r, TestItem.Read);

    [Theory]
    [InlineData("[\"a\",\"b\"]", new[] { "a", "b" })]
    [InlineData("[\"a\",null,\"b\",null]", new[] { "a", null, "b", null })]
    [InlineData("[1, \"2\", true, 0.10]", new[] { "1", "2", "true", "0.10" })]
    [InlineData("[\"a\", {}, [], false]", new[] { "a", null, null, null })]
    [InlineData("[\"a\",\"b\",]", new[] { "a", "b" })]
    [InlineData("[]", new string[0])]
    [InlineData("{}", new string[0])]
    [InlineData("[null]", new string?[] { null })]
    public void ReadsStrings(string json, string?[] expected) =>
        Assert.Equal(expected, Read(json, Strings));

    [Fact]
    public void NullIsNull() => Assert.Null(Read("null", Strings));

    [Fact]
    public void ReadsObjects()
    {
        var items = Read("[{\"id\":1},{\"id\":\"2\",\"name\":\"b\"},[],null,{\"extra\":[1]}]", Items);
        Assert.NotNull(items);
        Assert.Equal(5, items!.Count);
        Assert.Null(items[3]);
        Assert.Equal(new long?[] { 1, 2, null, null, null }, items.Select(i => i?.Id));
        Assert.Equal("b", items[1]!.Name);
        Assert.Equal("[1]", items[4]!.ExtensionData["extra"].GetRawText());
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("\"abc\"")]
    [InlineData("1")]
    [InlineData("true")]
    public void Rejects(string json) => Reject(json, Strings, "array");

    [Fact]
    public void ItemFailureNamesTheIndex()
    {
        var ex = Reject("[\"a\", null, {\"x\":1}]", Strings, "string");
        Assert.Equal("$[2]", ex.JsonPath);
    }

    [Fact]
    public void NestedItemFailureNamesIndexAndMember()
    {
        var ex = Reject("[{\"id\":1},{\"id\":\"x\"}]", Items, "integer");
        Assert.Equal("$[1].id", ex.JsonPath);
        Assert.Equal(16, ex.BytePosition);
    }
}

public class SallaJsonReadValueListTests
{
    private static SallaReader<System.Collections.Generic.IReadOnlyList<long?>?> Longs =>
        static (ref Utf8JsonReader r) => SallaJson.ReadList<long?>(ref r, SallaJson.ReadInt64);

    [Theory]
    [InlineData("[1, \"2\", null, \"\", 9007199254740993]", new[] { "1", "2", "null", "null", "9007199254740993" })]
    [InlineData("[]", new string[0])]
    [InlineData("{}", new string[0])]
    public void ReadsIntegers(string json, string[] expected) =>
        Assert.Equal(expected, Read(json, Longs)!.Select(v => v?.ToString(CultureInfo.InvariantCulture) ?? "null"));

    [Fact]
    public void NullIsNull() => Assert.Null(Read("null", Longs));

    [Fact]
    public void ReadsDecimalsWithTheirScale() =>
        Assert.Equal(new[] { "0.10", "911.97" }, Read("[\"0.10\", 911.97]", static (ref Utf8JsonReader r) => SallaJson.ReadList<decimal?>(ref r, SallaJson.ReadDecimal))!.Select(d => d!.Value.ToString(CultureInfo.InvariantCulture)));

    [Fact]
    public void ReadsDates()
    {
        var dates = Read("[\"2023-07-27\", {\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"UTC\"}]", static (ref Utf8JsonReader r) => SallaJson.ReadList<DateTimeOffset?>(ref r, SallaJson.ReadDateTime));
        Assert.Equal(2, dates!.Count);
        SameMoment(Iso("2023-07-27T00:00:00+03:00"), dates[0]);
        SameMoment(Iso("2022-06-26T12:21:45+00:00"), dates[1]);
    }

    [Fact]
    public void ReadsRawJson()
    {
        var values = Read("[{\"a\":1}, [], null, 2]", static (ref Utf8JsonReader r) => SallaJson.ReadList<JsonElement?>(ref r, SallaJson.ReadAny));
        Assert.Equal(new[] { "{\"a\":1}", "[]", "null", "2" }, values!.Select(v => v?.GetRawText() ?? "null"));
    }

    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("\"1,2\"")]
    [InlineData("7")]
    public void Rejects(string json) => Reject(json, Longs, "array");

    [Fact]
    public void ItemFailureNamesTheIndex()
    {
        var ex = Reject("[1, null, \"x\"]", Longs, "integer");
        Assert.Equal("$[2]", ex.JsonPath);
        Assert.Equal(10, ex.BytePosition);
    }
}

public class SallaRequiredTests
{
    [Fact]
    public void MissingNamesTheMember()
    {
        var ex = SallaRequired.Missing("id", "integer");
        Assert.Equal("$.id", ex.JsonPath);
        Assert.Equal("integer", ex.ExpectedType);
        Assert.Equal(-1, ex.BytePosition);
    }

    [Fact]
    public void NullGetsItsPathFromTheEnclosingReader()
    {
        var bytes = Encoding.UTF8.GetBytes("{}");
        var reader = new Utf8JsonReader(bytes, SallaJson.ReaderOptions);
        reader.Read();
        var ex = SallaJson.AtMember(SallaRequired.Null("date-time"), "created_at", ref reader);
        Assert.Equal("$.created_at", ex.JsonPath);
        Assert.Equal("date-time", ex.ExpectedType);
        Assert.StartsWith("Salla payload: $.created_at: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("(expected date-time)", ex.Message, StringComparison.Ordinal);
    }
}

public class SallaJsonIsReadFailureTests
{
    [Fact]
    public void KnowsTheReadFailures()
    {
        Assert.True(SallaJson.IsReadFailure(SallaRequired.Missing("a", "string")));
        Assert.True(SallaJson.IsReadFailure(new JsonException()));
        Assert.True(SallaJson.IsReadFailure(new InvalidOperationException()));
        Assert.True(SallaJson.IsReadFailure(new FormatException()));
        Assert.True(SallaJson.IsReadFailure(new OverflowException()));
        Assert.False(SallaJson.IsReadFailure(new OperationCanceledException()));
        Assert.False(SallaJson.IsReadFailure(new OutOfMemoryException()));
    }

    [Fact]
    public void ReaderOptionsTolerateCommentsAndTrailingCommas()
    {
        var item = Read("{/* c */ \"id\": 4, // x\n \"name\": \"n\", }", TestItem.Read);
        Assert.Equal(4, item.Id);
        Assert.Equal("n", item.Name);
    }
}
