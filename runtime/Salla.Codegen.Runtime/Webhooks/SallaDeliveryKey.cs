using System;
using System.Security.Cryptography;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The identity of a delivery. Salla sends no delivery id, and a retry carries the very same body,
/// so the key is the lowercase hex SHA-256 of the raw body.
/// </summary>
public static class SallaDeliveryKey
{
    /// <summary>The key of <paramref name="body"/>: 64 lowercase hexadecimal characters.</summary>
    public static string Compute(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(body, hash);
        return LowerHex(hash);
    }

    /// <summary>Bytes as lowercase hexadecimal, the form of delivery keys and of Salla's signatures.</summary>
    internal static string LowerHex(ReadOnlySpan<byte> bytes) =>
#if NET9_0_OR_GREATER
        Convert.ToHexStringLower(bytes);
#else
        Convert.ToHexString(bytes).ToLowerInvariant();
#endif
}
