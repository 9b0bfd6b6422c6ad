using System.Text.Json;
using System;
using Salla.Codegen.Metadata;

namespace Salla.Codegen;

/// <summary>
/// The value of a member the spec does not know: while a body is read, a copy of the bytes the value
/// was sent as, parsed only when asked for (most handlers never read extension data); otherwise the
/// value parsed into its own document. A copy, not a slice, so the value outlives the caller's buffer.
/// </summary>
internal readonly struct SallaExtensionValue
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = SallaJson.ReaderOptions.CommentHandling,
        AllowTrailingCommas = SallaJson.ReaderOptions.AllowTrailingCommas,
        MaxDepth = SallaJson.ReaderOptions.MaxDepth,
    };

    private static readonly JsonElement NullElement = JsonDocument.Parse("null").RootElement.Clone();

    // The body an envelope reader is reading on this thread; reading is synchronous, so the bytes of
    // one parse are always copied from the buffer its reader walks.
    [ThreadStatic]
    private static ReadOnlyMemory<byte> t_body;

    private readonly ReadOnlyMemory<byte> _json;
    private readonly JsonElement _element;

    private SallaExtensionValue(ReadOnlyMemory<byte> json, JsonElement element)
    {
        _json = json;
        _element = element;
    }

    /// <summary>Marks <paramref name="body"/> as the buffer being read; returns the one it replaces, for <see cref="LeaveBody"/>.</summary>
    public static ReadOnlyMemory<byte> EnterBody(ReadOnlyMemory<byte> body)
    {
        var outer = t_body;
        t_body = body;
        return outer;
    }

    public static void LeaveBody(ReadOnlyMemory<byte> outer) => t_body = outer;

    /// <summary>Reads the value at the reader's position, refusing an object in it that names a member twice; the reader ends on its last token.</summary>
    public static SallaExtensionValue Read(ref Utf8JsonReader reader)
    {
        var body = t_body;
        var start = reader.TokenStartIndex;
        if (reader.HasValueSequence || start >= body.Length || body.Span[(int)start] != FirstByte(reader))
        {
            return new SallaExtensionValue(default, SallaJson.ReadAny(ref reader) ?? NullElement);
        }

        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            // The check walks the value to its last token, which is where the reader is to end.
            SallaJson.RejectDuplicateMembers(ref reader);
        }

        return new SallaExtensionValue(body.Span[(int)start..(int)reader.BytesConsumed].ToArray(), default);
    }

    /// <summary>The value as a <see cref="JsonElement"/>; copied bytes are parsed here, in place.</summary>
    public JsonElement ToElement() => _json.IsEmpty ? _element : JsonDocument.Parse(_json, DocumentOptions).RootElement;

    // The byte a token of this type starts with, to confirm the reader walks the body marked as read.
    private static byte FirstByte(in Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => (byte)'{',
        JsonTokenType.StartArray => (byte)'[',
        JsonTokenType.String => (byte)'"',
        JsonTokenType.True => (byte)'t',
        JsonTokenType.False => (byte)'f',
        JsonTokenType.Null => (byte)'n',
        _ => reader.ValueSpan.IsEmpty ? (byte)0 : reader.ValueSpan[0],
    };
}
