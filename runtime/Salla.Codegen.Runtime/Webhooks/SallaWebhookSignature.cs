using System;
using System.Security.Cryptography;
using System.Text;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// Salla's webhook signature under <see cref="SallaSecurityStrategy.Signature"/>: the HMAC-SHA256 of the
/// raw body bytes keyed with the UTF-8 bytes of the webhook secret, sent as lower-case hex in
/// <c>X-Salla-Signature</c>. The authenticator checks with it and a test or tool signs with it, so both agree.
/// </summary>
public static class SallaWebhookSignature
{
    /// <summary>The length in bytes of the HMAC-SHA256: 32.</summary>
    public const int HashSize = 32;

    /// <summary>The length in characters of the hex signature: 64.</summary>
    public const int HexLength = HashSize * 2;

    /// <summary>Writes the HMAC-SHA256 of <paramref name="body"/> keyed with <paramref name="secret"/> into <paramref name="destination"/>.</summary>
    /// <param name="secret">The webhook secret's UTF-8 bytes.</param>
    /// <param name="body">The raw body, exactly the bytes sent.</param>
    /// <param name="destination">At least <see cref="HashSize"/> bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="HashSize"/>.</exception>
    public static void ComputeHash(ReadOnlySpan<byte> secret, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        if (destination.Length < HashSize)
        {
            throw new ArgumentException($"The destination needs {HashSize} bytes.", nameof(destination));
        }

        HMACSHA256.HashData(secret, body, destination);
    }

    /// <summary>The value Salla sends in <c>X-Salla-Signature</c> for <paramref name="body"/>: 64 lower-case hex characters.</summary>
    /// <param name="secret">The webhook secret.</param>
    /// <param name="body">The raw body, exactly the bytes sent.</param>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is null or empty.</exception>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(secret))
        {
            throw new ArgumentException("A webhook secret is needed to sign.", nameof(secret));
        }

        Span<byte> hash = stackalloc byte[HashSize];
        ComputeHash(Encoding.UTF8.GetBytes(secret), body, hash);
        return SallaDeliveryKey.LowerHex(hash);
    }
}
