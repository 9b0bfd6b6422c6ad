using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>
/// Plain numbers (<c>[-]digits[.digits]</c>, Salla's usual amounts) are read on a short path; it must give
/// exactly what <see cref="decimal.Parse(string, IFormatProvider)"/> gives, scale included, sent as a number or as text.
/// </summary>
public class PlainNumberTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.00")]
    [InlineData("196.00")]
    [InlineData("-5.5")]
    [InlineData("007")]
    [InlineData("1305146709")]
    [InlineData("9999999999999999999")]
    [InlineData("999999999999999999.9")]
    [InlineData("0.0000000000000000001")]
    [InlineData("99999999999999999999")]
    [InlineData("18446744073709551616")]
    [InlineData("-0.00")]
    [InlineData("1e3")]
    [InlineData("1,234.50")]
    public void ReadsAsDecimalParseDoes(string text)
    {
        AssertSameAsParse(text);
    }

    [Fact]
    public void ReadsSeededRandomPlainNumbersAsDecimalParseDoes()
    {
        var random = new Random(20261203);
        for (var n = 0; n < 3000; n++)
        {
            var whole = new string(Enumerable.Range(0, random.Next(1, 18)).Select(_ => (char)('0' + random.Next(10))).ToArray());
            var fraction = random.Next(3) == 0 ? string.Empty : "." + new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => (char)('0' + random.Next(10))).ToArray());
            AssertSameAsParse((random.Next(4) == 0 ? "-" : string.Empty) + whole + fraction);
        }
    }

    private static void AssertSameAsParse(string text)
    {
        var expected = decimal.GetBits(decimal.Parse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
        // As a JSON number only where JSON allows it: no grouping, no leading zero.
        var whole = text.TrimStart('-');
        if (!text.Contains(',', StringComparison.Ordinal) && !(whole.Length > 1 && whole[0] == '0' && whole[1] != '.'))
        {
            Assert.Equal(expected, decimal.GetBits(Read(text)));
        }

        Assert.Equal(expected, decimal.GetBits(Read("\"" + text + "\"")));
    }

    private static decimal Read(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return SallaJson.ReadDecimal(ref reader) ?? throw new InvalidOperationException("read as null: " + json);
    }
}
