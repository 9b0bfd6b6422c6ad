using System.Text.Json;
using System.Text;
using System;
using Salla.Codegen.Metadata;
using Xunit;

namespace Salla.Codegen.Runtime.Tests;

/// <summary>Runs a <see cref="SallaReader{T}"/> over a JSON snippet the way generated code does.</summary>
internal static class JsonTestHelper
{
    /// <summary>
    /// Reads <paramref name="json"/> (one JSON value) with <paramref name="read"/> and checks the contract:
    /// the reader ends on the value's last token. It is checked twice: on its own (nothing may follow) and
    /// inside an array followed by a sentinel (the next token must be the sentinel).
    /// </summary>
    public static T Read<T>(string json, SallaReader<T> read)
    {
        var alone = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(alone, SallaJson.ReaderOptions);
        Assert.True(reader.Read());
        var first = reader.TokenType;
        var value = read(ref reader);
        Assert.Equal(0, reader.CurrentDepth);
        Assert.Equal(LastTokenOf(first), reader.TokenType);
        Assert.True(string.IsNullOrWhiteSpace(Encoding.UTF8.GetString(alone, (int)reader.BytesConsumed, alone.Length - (int)reader.BytesConsumed)), $"the reader stopped before the end of {json}");
        Assert.False(reader.Read());

        var embedded = Encoding.UTF8.GetBytes("[" + json + ", \"sentinel\"]");
        var inArray = new Utf8JsonReader(embedded, SallaJson.ReaderOptions);
        Assert.True(inArray.Read());
        Assert.True(inArray.Read());
        read(ref inArray);
        Assert.Equal(1, inArray.CurrentDepth);
        Assert.Equal(LastTokenOf(first), inArray.TokenType);
        Assert.True(inArray.Read());
        Assert.Equal(JsonTokenType.String, inArray.TokenType);
        Assert.Equal("sentinel", inArray.GetString());
        return value;
    }

    /// <summary>Reading <paramref name="json"/> with <paramref name="read"/> fails with a <see cref="SallaPayloadException"/> naming <paramref name="expectedType"/>.</summary>
    public static SallaPayloadException Reject<T>(string json, SallaReader<T> read, string expectedType)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var ex = Assert.Throws<SallaPayloadException>(() =>
        {
            var reader = new Utf8JsonReader(bytes, SallaJson.ReaderOptions);
            reader.Read();
            read(ref reader);
        });
        Assert.Equal(expectedType, ex.ExpectedType);
        Assert.Contains("(expected " + expectedType + ")", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("Salla payload: $", ex.Message, StringComparison.Ordinal);
        return ex;
    }

    public static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    /// <summary>Same instant and same offset (DateTimeOffset equality ignores the offset).</summary>
    public static void SameMoment(DateTimeOffset expected, DateTimeOffset? actual)
    {
        Assert.True(actual.HasValue, "expected a date, got null");
        Assert.Equal(expected, actual!.Value);
        Assert.Equal(expected.Offset, actual.Value.Offset);
        Assert.Equal(expected.DateTime, actual.Value.DateTime);
    }

    public static DateTimeOffset Iso(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", System.Globalization.CultureInfo.InvariantCulture);

    private static JsonTokenType LastTokenOf(JsonTokenType first) => first switch
    {
        JsonTokenType.StartObject => JsonTokenType.EndObject,
        JsonTokenType.StartArray => JsonTokenType.EndArray,
        _ => first,
    };
}
