using System;
using System.Collections.Generic;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// One webhook delivery as the transport received it: the raw body bytes (what Salla signed) and
/// the headers authentication reads. Build it from any header lookup: ASP.NET Core, Azure
/// Functions, a queue message's properties.
/// </summary>
public sealed class SallaWebhookRequest
{
    /// <summary>The header carrying the hex HMAC-SHA256 of the body.</summary>
    public const string SignatureHeader = "X-Salla-Signature";

    /// <summary>The header naming the strategy Salla used: <c>Signature</c> or <c>Token</c>.</summary>
    public const string SecurityStrategyHeader = "X-Salla-Security-Strategy";

    /// <summary>The header carrying the token under the token strategy.</summary>
    public const string AuthorizationHeader = "Authorization";

    /// <summary>Creates a request from its body and header values (null when a header is absent).</summary>
    public SallaWebhookRequest(ReadOnlyMemory<byte> body, string? signature, string? securityStrategy, string? authorization)
    {
        Body = body;
        Signature = signature;
        SecurityStrategy = securityStrategy;
        Authorization = authorization;
    }

    /// <summary>The body exactly as received. It must stay unchanged while the request is processed, and while a handler keeps the event.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>X-Salla-Signature</c> header, or null.</summary>
    public string? Signature { get; }

    /// <summary>The <c>X-Salla-Security-Strategy</c> header, or null.</summary>
    public string? SecurityStrategy { get; }

    /// <summary>The <c>Authorization</c> header, or null.</summary>
    public string? Authorization { get; }

    /// <summary>Creates a request, reading each header through <paramref name="header"/>, which gets a header name and returns its value or null; it should match names case-insensitively, as HTTP does.</summary>
    public static SallaWebhookRequest FromHeaders(ReadOnlyMemory<byte> body, Func<string, string?> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return new SallaWebhookRequest(body, header(SignatureHeader), header(SecurityStrategyHeader), header(AuthorizationHeader));
    }

    /// <summary>Creates a request from name/value pairs, matching names case-insensitively; the first value of a name wins.</summary>
    public static SallaWebhookRequest FromHeaders(ReadOnlyMemory<byte> body, IEnumerable<KeyValuePair<string, string?>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        string? signature = null, strategy = null, authorization = null;
        foreach (var (name, value) in headers)
        {
            if (string.Equals(name, SignatureHeader, StringComparison.OrdinalIgnoreCase))
            {
                signature ??= value;
            }
            else if (string.Equals(name, SecurityStrategyHeader, StringComparison.OrdinalIgnoreCase))
            {
                strategy ??= value;
            }
            else if (string.Equals(name, AuthorizationHeader, StringComparison.OrdinalIgnoreCase))
            {
                authorization ??= value;
            }
        }

        return new SallaWebhookRequest(body, signature, strategy, authorization);
    }
}
