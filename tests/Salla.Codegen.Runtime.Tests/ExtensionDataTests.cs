using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>Members the spec does not know: kept as sent, read only when asked for, and refused when named twice.</summary>
public class ExtensionDataTests
{
    private static SallaUnknownEvent Parse(string envelopeMembers) =>
        SallaUnknownEvent.Parse(Encoding.UTF8.GetBytes("{\"event\":\"x\"," + envelopeMembers + "}"));

    private static string Members(int count) =>
        string.Join(",", Enumerable.Range(0, count).Select(i => $"\"m{i}\":{{\"i\":{i}}}"));

    [Fact]
    public void ManyUnknownMembersKeepTheirOrderAndValues()
    {
        var salla = Parse(Members(40));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => "m" + i), salla.ExtensionData.Keys);
        Assert.Equal(39, salla.ExtensionData["m39"].GetProperty("i").GetInt32());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(40)]
    public void AnUnknownMemberSentTwiceIsRefusedAmongAnyNumberOfOthers(int others)
    {
        var ex = Assert.Throws<SallaPayloadException>(() => Parse(Members(others) + ",\"m0\":1"));

        Assert.Equal("$.m0", ex.JsonPath);
    }

    [Fact]
    public void AMemberSentTwiceInsideAnUnknownValueIsRefused()
    {
        var ex = Assert.Throws<SallaPayloadException>(() => Parse("\"branch\":{\"id\":1,\"id\":2}"));

        Assert.StartsWith("$.branch", ex.JsonPath, System.StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownValuesAreReadWithTheSameLeniencyAsTheBody()
    {
        var salla = Parse("\"branch\":{\"id\":1, /* a comment */ \"tags\":[1,2,],},\"note\":\"a\\u0645\"");

        Assert.Equal(new[] { 1, 2 }, salla.ExtensionData["branch"].GetProperty("tags").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal("a\u0645", salla.ExtensionData["note"].GetString());
    }

    [Fact]
    public void ExtensionDataIsBuiltOnceAndKeptForEveryReader()
    {
        var salla = Parse("\"branch\":{\"id\":1},\"flag\":null,\"n\":-1.50");

        Assert.Same(salla.ExtensionData, salla.ExtensionData);
        Assert.Equal(JsonValueKind.Null, salla.ExtensionData["flag"].ValueKind);
        Assert.Equal("-1.50", salla.ExtensionData["n"].GetRawText());
    }
}
