using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Salla.Codegen.Tool;

/// <summary>One <c>--set PATH=VALUE</c> or <c>--remove PATH</c>, in the order given on the command line.</summary>
/// <param name="Argument">The option as given, such as <c>--set data.status.slug=completed</c>, for errors.</param>
/// <param name="Path">Where to edit.</param>
/// <param name="Value">The JSON text to set, or null to remove.</param>
internal sealed record BodyEdit(string Argument, BodyPath Path, byte[]? Value)
{
    public const string SetOption = "--set";
    public const string RemoveOption = "--remove";

    public static readonly string[] Options = [SetOption, RemoveOption];

    // Arabic names stay readable in the body; quotes, backslashes and control characters are still escaped.
    private static readonly JavaScriptEncoder StringEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The edits among <paramref name="options"/>, in their order.</summary>
    public static IReadOnlyList<BodyEdit> From(IEnumerable<(string Option, string Value)> options)
    {
        var edits = new List<BodyEdit>();
        foreach (var (option, value) in options)
        {
            var argument = option + " " + value;
            try
            {
                edits.Add(option switch
                {
                    SetOption => Set(argument, value),
                    RemoveOption => new BodyEdit(argument, BodyPath.Parse(value), null),
                    _ => throw new ArgumentOutOfRangeException(nameof(options), option, "not an edit option"),
                });
            }
            catch (BodyEditException e)
            {
                throw new BodyEditException(argument + ": " + e.Message);
            }
        }

        return edits;
    }

    /// <summary>
    /// The JSON text <paramref name="value"/> stands for: itself when it is one JSON value (<c>0</c>, <c>true</c>,
    /// <c>null</c>, <c>"text"</c>, <c>{"a":1}</c>), otherwise a JSON string of it.
    /// </summary>
    public static byte[] JsonFor(string value)
    {
        var utf8 = Encoding.UTF8.GetBytes(value);
        return IsOneJsonValue(utf8)
            ? utf8.AsSpan().Trim(" \t\r\n"u8).ToArray()
            : Quote(JsonEncodedText.Encode(value, StringEncoder).EncodedUtf8Bytes);
    }

    private static BodyEdit Set(string argument, string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            throw new BodyEditException("expected PATH=VALUE, such as data.status.slug=completed.");
        }

        return new BodyEdit(argument, BodyPath.Parse(value[..equals]), JsonFor(value[(equals + 1)..]));
    }

    private static bool IsOneJsonValue(byte[] utf8)
    {
        if (utf8.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(utf8);
            while (reader.Read())
            {
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Quote(ReadOnlySpan<byte> escaped)
    {
        var quoted = new byte[escaped.Length + 2];
        quoted[0] = (byte)'"';
        escaped.CopyTo(quoted.AsSpan(1));
        quoted[^1] = (byte)'"';
        return quoted;
    }
}

/// <summary>An edit that cannot be made: a bad path, a path the body does not have, a body that is not JSON.</summary>
internal sealed class BodyEditException(string message) : Exception(message);
