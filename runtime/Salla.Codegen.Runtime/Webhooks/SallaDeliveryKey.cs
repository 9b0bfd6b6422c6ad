using System;
using System.Buffers;
using System.Security.Cryptography;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The identity of a delivery. Salla sends no delivery id, and a retry carries the very same body,
/// so the key is the lowercase hex SHA-256 of the raw body.
/// </summary>
public static class SallaDeliveryKey
{
    /// <summary>The length of a key's hash, before it is written as hexadecimal.</summary>
    internal const int HashBytes = 32;

    /// <summary>The key of <paramref name="body"/>: 64 lowercase hexadecimal characters.</summary>
    public static string Compute(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[HashBytes];
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

    /// <summary>
    /// Hexadecimal of either case into <paramref name="destination"/>; <paramref name="hex"/> must be exactly
    /// twice its length. False for any other character.
    /// </summary>
    internal static bool TryDecodeHex(ReadOnlySpan<char> hex, Span<byte> destination)
    {
#if NET9_0_OR_GREATER
        return Convert.FromHexString(hex, destination, out var consumed, out var written) == OperationStatus.Done
            && consumed == hex.Length
            && written == destination.Length;
#else
        // Convert.FromHexString into a span arrived in .NET 9.
        for (var i = 0; i < destination.Length; i++)
        {
            var high = HexValue(hex[2 * i]);
            var low = HexValue(hex[(2 * i) + 1]);
            if ((high | low) < 0)
            {
                return false;
            }

            destination[i] = (byte)((high << 4) | low);
        }

        return true;
#endif
    }

#if !NET9_0_OR_GREATER
    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
#endif
}
