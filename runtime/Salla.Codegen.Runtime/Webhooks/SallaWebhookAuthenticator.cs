using System;
using System.Buffers;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// Checks that a webhook request comes from Salla, before anything reads its body as JSON:
/// the hex HMAC-SHA256 of the raw body (signature strategy) or the secret in <c>Authorization</c>
/// (token strategy), compared in constant time against every configured secret. Thread-safe;
/// create one per configuration and reuse it.
/// </summary>
public sealed class SallaWebhookAuthenticator
{
    private const int HashSize = SallaWebhookSignature.HashSize;
    private const int HexSignatureLength = SallaWebhookSignature.HexLength;

    // Token comparison hashes both sides first, so neither the token's content nor its length
    // shows in the timing; stack buffers up to this size keep it allocation-free.
    private const int MaxStackTokenBytes = 512;

    private readonly SallaSecurityStrategy _strategy;
    private readonly bool _allowUnverified;
    private readonly byte[][] _secrets;
    private readonly int[] _secretIndexes;
    private readonly byte[][] _secretHashes;

    /// <summary>Creates an authenticator for <paramref name="options"/>; its secrets are copied now, later changes are not seen.</summary>
    /// <param name="options">The strategy and secrets.</param>
    /// <param name="logger">Gets the start-up warning when verification is turned off; never a secret.</param>
    public SallaWebhookAuthenticator(SallaWebhookOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _strategy = options.SecurityStrategy;
        _allowUnverified = options.AllowUnverified;

        var secrets = new List<byte[]>();
        var indexes = new List<int>();
        var index = 0;
        foreach (var secret in options.Secrets ?? Array.Empty<string>())
        {
            // An empty secret would let an empty Authorization header through: never one.
            if (!string.IsNullOrWhiteSpace(secret))
            {
                secrets.Add(Encoding.UTF8.GetBytes(secret));
                indexes.Add(index);
            }

            index++;
        }

        _secrets = secrets.ToArray();
        _secretIndexes = indexes.ToArray();
        _secretHashes = Array.ConvertAll(_secrets, SHA256.HashData);

        if (_strategy == SallaSecurityStrategy.None && _allowUnverified && logger is not null)
        {
            SallaWebhookLog.VerificationDisabled(logger);
        }
    }

    /// <summary>The strategy requests are checked against.</summary>
    public SallaSecurityStrategy Strategy => _strategy;

    /// <summary>Authenticates <paramref name="request"/> without reading its body as JSON.</summary>
    public SallaAuthenticationResult Authenticate(SallaWebhookRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);

        if (_strategy == SallaSecurityStrategy.None)
        {
            if (!_allowUnverified)
            {
                return Result(SallaAuthenticationStatus.UnverifiedNotAllowed);
            }

            return StrategyAgrees(request.SecurityStrategy)
                ? Result(SallaAuthenticationStatus.Unverified)
                : Result(SallaAuthenticationStatus.StrategyMismatch);
        }

        if (_secrets.Length == 0)
        {
            return Result(SallaAuthenticationStatus.NoSecretConfigured);
        }

        if (!StrategyAgrees(request.SecurityStrategy))
        {
            return Result(SallaAuthenticationStatus.StrategyMismatch);
        }

        return _strategy == SallaSecurityStrategy.Signature
            ? VerifySignature(request.Body.Span, request.Signature)
            : VerifyToken(request.Authorization);
    }

    private SallaAuthenticationResult VerifySignature(ReadOnlySpan<byte> body, string? header)
    {
        var hex = header.AsSpan().Trim();
        if (hex.IsEmpty)
        {
            return Result(SallaAuthenticationStatus.MissingSignature);
        }

        Span<byte> received = stackalloc byte[HashSize];
        if (hex.Length != HexSignatureLength || !SallaDeliveryKey.TryDecodeHex(hex, received))
        {
            return Result(SallaAuthenticationStatus.MalformedSignature);
        }

        Span<byte> expected = stackalloc byte[HashSize];
        var match = -1;

        // Every secret is tried, whichever matches, so the time taken does not tell which one did.
        for (var i = 0; i < _secrets.Length; i++)
        {
            SallaWebhookSignature.ComputeHash(_secrets[i], body, expected);
            if (CryptographicOperations.FixedTimeEquals(expected, received) && match < 0)
            {
                match = i;
            }
        }

        return match >= 0
            ? Result(SallaAuthenticationStatus.Verified, _secretIndexes[match])
            : Result(SallaAuthenticationStatus.SignatureMismatch);
    }

    private SallaAuthenticationResult VerifyToken(string? header)
    {
        var value = header.AsSpan().Trim();
        if (value.IsEmpty)
        {
            return Result(SallaAuthenticationStatus.MissingToken);
        }

        // Salla sends the secret as is; a Bearer prefix (added by a proxy, or by an app that
        // registered the header itself) is accepted too. Both readings are compared, so a secret
        // that itself starts with "Bearer " still works.
        var match = MatchToken(value);
        if (match < 0 && value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            match = MatchToken(value["Bearer ".Length..].TrimStart());
        }

        return match >= 0
            ? Result(SallaAuthenticationStatus.Verified, _secretIndexes[match])
            : Result(SallaAuthenticationStatus.TokenMismatch);
    }

    private int MatchToken(ReadOnlySpan<char> token)
    {
        var maxBytes = Encoding.UTF8.GetMaxByteCount(token.Length);
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= MaxStackTokenBytes
            ? stackalloc byte[MaxStackTokenBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            var written = Encoding.UTF8.GetBytes(token, buffer);
            Span<byte> hash = stackalloc byte[HashSize];
            SHA256.HashData(buffer[..written], hash);

            var match = -1;
            for (var i = 0; i < _secretHashes.Length; i++)
            {
                if (CryptographicOperations.FixedTimeEquals(hash, _secretHashes[i]) && match < 0)
                {
                    match = i;
                }
            }

            return match;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private bool StrategyAgrees(string? header)
    {
        var announced = header.AsSpan().Trim();
        if (announced.IsEmpty)
        {
            // Salla documents the header but nothing depends on its presence; the credential decides.
            return true;
        }

        return _strategy switch
        {
            SallaSecurityStrategy.Signature => announced.Equals("Signature", StringComparison.OrdinalIgnoreCase),
            SallaSecurityStrategy.Token => announced.Equals("Token", StringComparison.OrdinalIgnoreCase),
            _ => announced.Equals("None", StringComparison.OrdinalIgnoreCase),
        };
    }

    private SallaAuthenticationResult Result(SallaAuthenticationStatus status, int secretIndex = -1) => new(status, _strategy, secretIndex);
}
