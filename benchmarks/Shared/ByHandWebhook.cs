using System;
using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Salla.Codegen.Benchmarks;

/// <summary>
/// What the endpoints a user would write instead of the library do with a body. The HTTP benchmark's by-hand
/// servers run it over HTTP and <c>ReceiverPipeline</c> times it in process, so both measure the same code.
/// </summary>
internal static class ByHandWebhook
{
    /// <summary>The check a user writes by hand: the header's hex decoded, compared in constant time with the body's HMAC.</summary>
    public static bool SignatureMatches(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, string? header)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (header is null || header.Length != 2 * HMACSHA256.HashSizeInBytes
            || Convert.FromHexString(header, given, out _, out var written) != OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The untyped endpoint: a <see cref="JsonDocument"/>, and the order id read from it.</summary>
    public static long DocumentOrderId(ReadOnlyMemory<byte> body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("data").GetProperty("id").GetInt64();
    }

    /// <summary>The typed endpoint: System.Text.Json's generated context into the hand-written models.</summary>
    public static long StjOrderId(ReadOnlySpan<byte> body) =>
        JsonSerializer.Deserialize(body, HandModelsContext.Default.HandOrderCreated)?.Data?.Id ?? 0;
}
