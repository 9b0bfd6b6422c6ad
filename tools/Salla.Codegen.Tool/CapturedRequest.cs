using System;
using System.Collections.Generic;
using System.Text;

namespace Salla.Codegen.Tool;

/// <summary>A webhook request as captured: its header lines and its body's bytes.</summary>
internal sealed class CapturedRequest(IReadOnlyList<KeyValuePair<string, string?>> headers, byte[] body)
{
    public IReadOnlyList<KeyValuePair<string, string?>> Headers { get; } = headers;

    public byte[] Body { get; } = body;

    /// <summary>
    /// A raw HTTP/1.x request: request line, header lines, an empty line, the body's bytes exactly. Lines end in
    /// CRLF or LF; the body is everything after the first empty line.
    /// </summary>
    public static CapturedRequest FromRaw(byte[] raw, string command)
    {
        var crlf = IndexOf(raw, "\r\n\r\n"u8);
        var lf = IndexOf(raw, "\n\n"u8);
        int headEnd, bodyStart;
        if (crlf >= 0 && (lf < 0 || crlf < lf))
        {
            (headEnd, bodyStart) = (crlf, crlf + 4);
        }
        else if (lf >= 0)
        {
            (headEnd, bodyStart) = (lf, lf + 2);
        }
        else
        {
            throw new UsageException(command, "the --request file has no empty line after its headers; a raw request is the request line, the headers, an empty line, then the body.");
        }

        var headers = ParseHeaders(Encoding.UTF8.GetString(raw, 0, headEnd), command);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && value is not null && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException(command, "the captured body is chunked; capture the body as received after decoding and use --headers with --body.");
            }
        }

        return new CapturedRequest(headers, raw.AsSpan(bodyStart).ToArray());
    }

    /// <summary>Header lines, <c>Name: value</c>; a request line (<c>POST /path HTTP/1.1</c>) first is skipped, as are empty lines.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> ParseHeaders(string text, string command)
    {
        var headers = new List<KeyValuePair<string, string?>>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || (i == 0 && IsRequestLine(line)))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = colon <= 0 ? string.Empty : line[..colon];
            if (name.Length == 0 || name.AsSpan().IndexOfAny(" \t") >= 0)
            {
                throw new UsageException(command, $"header line {i + 1} is not 'Name: value': {line}");
            }

            headers.Add(new KeyValuePair<string, string?>(name, line[(colon + 1)..].Trim()));
        }

        return headers;
    }

    private static bool IsRequestLine(string line)
    {
        var parts = line.Split(' ');
        return parts.Length == 3 && parts[2].StartsWith("HTTP/", StringComparison.Ordinal) && parts[0].Length > 0 && parts[0].AsSpan().IndexOfAnyExceptInRange('A', 'Z') < 0;
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);
}
