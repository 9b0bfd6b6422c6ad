using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>
/// The payload policy, reader by reader, as one table: what each reader takes leniently (and the exact value it
/// gives), and what it refuses (the path, the expected type and why). Nothing accepted changes value: a text
/// that could mean two numbers is refused, never guessed.
/// </summary>
public class PayloadPolicyTests
{
    private const string Refused = "refused: ";

    public static TheoryData<string, string, string> Cases() => new()
    {
        // Decimal: exact, with thousands separators only where they cannot be a decimal comma.
        { "decimal", "911.97", "911.97" },
        { "decimal", "\"0.10\"", "0.10" },
        { "decimal", "\"196.00\"", "196.00" },
        { "decimal", "\" 7 \"", "7" },
        { "decimal", "\"-0.5\"", "-0.5" },
        { "decimal", "\"+5\"", "5" },
        { "decimal", "\".5\"", "0.5" },
        { "decimal", "\"1e3\"", "1000" },
        { "decimal", "\"1,234.50\"", "1234.50" },
        { "decimal", "\"1,234,567\"", "1234567" },
        { "decimal", "\"1,234,567.5\"", "1234567.5" },
        { "decimal", "79228162514264337593543950335", "79228162514264337593543950335" },
        { "decimal", "\"\"", "null" },
        { "decimal", "\"null\"", "null" },
        { "decimal", "null", "null" },
        { "decimal", "\"12,5\"", Refused + "number at $: '12,5' is ambiguous" },
        { "decimal", "\"1,234\"", Refused + "number at $: '1,234' is ambiguous" },
        { "decimal", "\"0,5\"", Refused + "number at $: '0,5' is ambiguous" },
        { "decimal", "\"1,23,456.7\"", Refused + "number at $: '1,23,456.7' is ambiguous" },
        { "decimal", "\"1.234,50\"", Refused + "number at $: '1.234,50' is not a number" },
        { "decimal", "\"12 5\"", Refused + "number at $: '12 5' is not a number" },
        { "decimal", "\"NaN\"", Refused + "number at $: 'NaN' is not a number" },
        { "decimal", "\"Infinity\"", Refused + "number at $: 'Infinity' is not a number" },
        { "decimal", "\"0x10\"", Refused + "number at $: '0x10' is not a number" },
        { "decimal", "\"١٢\"", Refused + "number at $: '١٢' is not a number" },
        { "decimal", "1e-30", Refused + "number at $: '1e-30' cannot be held exactly" },
        { "decimal", "\"0.12345678901234567890123456789\"", Refused + "number at $: '0.12345678901234567890123456789' cannot be held exactly" },
        { "decimal", "79228162514264337593543950336", Refused + "number at $: '79228162514264337593543950336' cannot be held exactly" },
        { "decimal", "true", Refused + "number at $: found a boolean" },
        { "decimal", "[]", Refused + "number at $: found an array" },
        { "decimal", "{}", Refused + "number at $: found an object" },

        // Integer: a whole number, exactly.
        { "integer", "1305146709", "1305146709" },
        { "integer", "\"1305146709\"", "1305146709" },
        { "integer", "9007199254740993", "9007199254740993" },
        { "integer", "\"12.00\"", "12" },
        { "integer", "1.0", "1" },
        { "integer", "1e3", "1000" },
        { "integer", "\"1,234,567\"", "1234567" },
        { "integer", "\"1,234.00\"", "1234" },
        { "integer", "\"\"", "null" },
        { "integer", "\"12,5\"", Refused + "integer at $: '12,5' is ambiguous" },
        { "integer", "\"1,234\"", Refused + "integer at $: '1,234' is ambiguous" },
        { "integer", "\"12.5\"", Refused + "integer at $: the string \"12.5\" is not a whole number" },
        { "integer", "9223372036854775808", Refused + "integer at $: the number 9223372036854775808 is outside the 64-bit integer range" },
        { "integer", "\"5-\"", Refused + "integer at $: '5-' is not a number" },
        { "integer", "false", Refused + "integer at $: found a boolean" },
        { "integer", "[]", Refused + "integer at $: found an array" },

        // Boolean: JSON booleans, 0 and 1, and their text.
        { "boolean", "true", "true" },
        { "boolean", "0", "false" },
        { "boolean", "\"1\"", "true" },
        { "boolean", "\"FALSE\"", "false" },
        { "boolean", "\"\"", "null" },
        { "boolean", "null", "null" },
        { "boolean", "2", Refused + "boolean at $: found the number 2" },
        { "boolean", "\"yes\"", Refused + "boolean at $: found the string \"yes\"" },
        { "boolean", "\"1.0\"", Refused + "boolean at $: found the string \"1.0\"" },
        { "boolean", "[]", Refused + "boolean at $: found an array" },
        { "boolean", "{}", Refused + "boolean at $: found an object" },

        // Date: the encodings Salla sends, each placed in time.
        { "date", "\"2022-12-31 12:31:25\"", "2022-12-31T12:31:25+03:00" },
        { "date", "\"Sun Jun 26 2022 12:21:48 GMT+0300\"", "2022-06-26T12:21:48+03:00" },
        { "date", "{\"date\":\"2022-06-26 12:21:45.000000\",\"timezone_type\":3,\"timezone\":\"UTC\"}", "2022-06-26T12:21:45+00:00" },
        { "date", "[\"2022-12-31\"]", "2022-12-31T00:00:00+03:00" },
        { "date", "1656236508", "2022-06-26T09:41:48+00:00" },
        { "date", "\"\"", "null" },
        { "date", "\"0000-00-00\"", "null" },
        { "date", "\"0000-00-00 00:00:00\"", "null" },
        { "date", "\"1656236508\"", "2022-06-26T09:41:48+00:00" },
        { "date", "[\"1656236508\"]", "2022-06-26T09:41:48+00:00" },
        { "date", "\"99999999999999999999\"", Refused + "date-time at $: '99999999999999999999' is out of the range of Unix seconds" },
        { "date", "\"0000-00-01\"", Refused + "date-time at $: '0000-00-01' is not a date Salla sends" },
        { "date", "[]", "null" },
        { "date", "{\"date\":\"2022-06-26 12:21:45.000000\",\"date\":\"2023-01-01 00:00:00.000000\",\"timezone\":\"UTC\"}", Refused + "at $.date: the member appears more than once" },
        { "date", "[\"2022-12-31\",\"2023-01-01\"]", Refused + "date-time at $: an array of more than one date" },
        { "date", "\"2022-13-45\"", Refused + "date-time at $: '2022-13-45' is not a date Salla sends" },
        { "date", "false", Refused + "date-time at $: found a boolean" },

        // Text: numbers and true keep their spelling; PHP's false and [] mean no value.
        { "text", "\"abc\"", "abc" },
        { "text", "0.10", "0.10" },
        { "text", "true", "true" },
        { "text", "false", "null" },
        { "text", "[]", "null" },
        { "text", "{}", "null" },
        { "text", "[1]", Refused + "string at $: found an array" },
        { "text", "{\"a\":1}", Refused + "string at $: found an object" },

        // Objects: PHP's [] is an empty object where the object is optional, and refused where it is required.
        { "object", "{\"id\":\"7\",\"name\":\"n\"}", "id=7 name=n extra=" },
        { "object", "[]", "id= name= extra=" },
        { "object", "{}", "id= name= extra=" },
        { "object", "null", "null" },
        { "object", "{\"id\":1,\"x\":{\"a\":[1]}}", "id=1 name= extra=x:{\"a\":[1]}" },
        { "object", "{\"id\":1,\"id\":2}", Refused + "at $.id: the member appears more than once" },
        { "object", "{\"x\":1,\"x\":2}", Refused + "at $.x: the member appears more than once" },
        { "object", "{\"x\":{\"a\":1,\"b\":[{\"c\":1,\"c\":2}]}}", Refused + "at $.x.b[0].c: the member appears more than once" },
        { "object", "[1]", Refused + "object at $: found an array" },
        { "object", "\"x\"", Refused + "object at $: found the string \"x\"" },
        { "required object", "{\"id\":1}", "id=1 name= extra=" },
        { "required object", "{}", "id= name= extra=" },
        { "required object", "[]", Refused + "object at $: a required object is an empty array []" },
        { "required object", "null", Refused + "object at $: a required object is null" },

        // Lists keep every item in its place, nulls included.
        { "list", "[\"a\",null,\"b\"]", "[a,null,b]" },
        { "list", "[null]", "[null]" },
        { "list", "[\"a\",false,[]]", "[a,null,null]" },
        { "list", "[]", "[]" },
        { "list", "{}", "[]" },
        { "list", "null", "null" },
        { "list", "\"a\"", Refused + "array at $: found the string \"a\"" },
        { "list", "[\"a\",{\"b\":1}]", Refused + "string at $[1]: found an object" },
        { "object list", "[{\"id\":1},null,{\"id\":2}]", "[1,null,2]" },
        { "object list", "[{\"id\":1},{\"id\":2,\"id\":3}]", Refused + "at $[1].id: the member appears more than once" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reader_takes_or_refuses(string reader, string json, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        string actual;
        try
        {
            var r = new Utf8JsonReader(bytes, SallaJson.ReaderOptions);
            r.Read();
            actual = Run(reader, ref r);
        }
        catch (SallaPayloadException ex)
        {
            actual = Refused + (ex.ExpectedType is null ? string.Empty : ex.ExpectedType + " ") + "at " + ex.JsonPath + ": " + ex.Problem;
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

    private static string Run(string reader, ref Utf8JsonReader r) => reader switch
    {
        "decimal" => Show(SallaJson.ReadDecimal(ref r)),
        "integer" => Show(SallaJson.ReadInt64(ref r)),
        "boolean" => SallaJson.ReadBoolean(ref r) is { } flag ? (flag ? "true" : "false") : "null",
        "date" => SallaJson.ReadDateTime(ref r) is { } date ? date.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : "null",
        "text" => SallaJson.ReadString(ref r) ?? "null",
        "object" => Show(SallaJson.ReadObject(ref r, TestItem.Read)),
        "required object" => Show(SallaJson.ReadRequiredObject(ref r, TestItem.Read)),
        "list" => Show(SallaJson.ReadList<string>(ref r, SallaJson.ReadString), item => item ?? "null"),
        "object list" => Show(SallaJson.ReadList<TestItem>(ref r, TestItem.Read), item => item is null ? "null" : Show(item.Id)),
        _ => throw new ArgumentOutOfRangeException(nameof(reader), reader, null),
    };

    private static string Show(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Show(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "null";

    private static string Show(TestItem? item) => item is null
        ? "null"
        : $"id={item.Id?.ToString(CultureInfo.InvariantCulture)} name={item.Name} extra={string.Join(",", item.ExtensionData.Select(m => m.Key + ":" + m.Value.GetRawText()))}";

    private static string Show<T>(IReadOnlyList<T?>? items, Func<T?, string> show) =>
        items is null ? "null" : "[" + string.Join(",", items.Select(show)) + "]";
}
