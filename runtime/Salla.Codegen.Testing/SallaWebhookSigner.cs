using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using Salla.Codegen.Webhooks;

namespace Salla.Codegen.Testing;

/// <summary>
/// Signs a webhook body the way Salla does, so a test or a tool can post to a receiver that verifies
/// with <see cref="SallaWebhookAuthenticator"/>:
/// <list type="bullet">
/// <item><see cref="SallaSecurityStrategy.Signature"/>: <c>X-Salla-Security-Strategy: Signature</c> and
/// <c>X-Salla-Signature</c>, the lower-case hex HMAC-SHA256 of the raw body keyed with the secret;</item>
/// <item><see cref="SallaSecurityStrategy.Token"/>: <c>X-Salla-Security-Strategy: Token</c> and
/// <c>Authorization</c> carrying the secret itself, without a scheme, as Salla sends it;</item>
/// <item><see cref="SallaSecurityStrategy.None"/>: neither header.</item>
/// </list>
/// </summary>
public sealed class SallaWebhookSigner
{
    /// <summary>The media type of every webhook body: <c>application/json</c>.</summary>
    public const string ContentType = "application/json";

    private readonly string _secret;

    /// <summary>Creates a signer for <paramref name="secret"/> under <paramref name="strategy"/>.</summary>
    /// <param name="secret">The app's webhook secret; may be null or empty only under <see cref="SallaSecurityStrategy.None"/>.</param>
    /// <param name="strategy">The strategy configured for the app; <see cref="SallaSecurityStrategy.Signature"/> is Salla's default.</param>
    /// <exception cref="ArgumentException">No secret for a strategy that needs one, or a strategy that is not one.</exception>
    public SallaWebhookSigner(string? secret, SallaSecurityStrategy strategy = SallaSecurityStrategy.Signature)
    {
        if (strategy is not (SallaSecurityStrategy.Signature or SallaSecurityStrategy.Token or SallaSecurityStrategy.None))
        {
            throw new ArgumentException($"{(int)strategy} is not a Salla security strategy.", nameof(strategy));
        }

        if (strategy != SallaSecurityStrategy.None && string.IsNullOrWhiteSpace(secret))
        {
            throw new ArgumentException($"The {strategy} strategy needs the app's webhook secret.", nameof(secret));
        }

        _secret = secret ?? string.Empty;
        Strategy = strategy;
    }

    /// <summary>The strategy the signer signs with.</summary>
    public SallaSecurityStrategy Strategy { get; }

    /// <summary>The <c>X-Salla-Signature</c> value of <paramref name="body"/> with this signer's secret: 64 lower-case hex characters.</summary>
    /// <exception cref="InvalidOperationException">The strategy is <see cref="SallaSecurityStrategy.None"/>, so there is no secret to sign with.</exception>
    public string Sign(ReadOnlySpan<byte> body)
    {
        if (_secret.Length == 0)
        {
            throw new InvalidOperationException("A signer for the None strategy has no secret to sign with.");
        }

        return SallaWebhookSignature.Compute(_secret, body);
    }

    /// <summary>The headers Salla sends with <paramref name="body"/> under this strategy, besides <c>Content-Type</c>.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers(ReadOnlySpan<byte> body) => Strategy switch
    {
        SallaSecurityStrategy.Signature => new[]
        {
            new KeyValuePair<string, string>(SallaWebhookRequest.SecurityStrategyHeader, "Signature"),
            new KeyValuePair<string, string>(SallaWebhookRequest.SignatureHeader, Sign(body)),
        },
        SallaSecurityStrategy.Token => new[]
        {
            new KeyValuePair<string, string>(SallaWebhookRequest.SecurityStrategyHeader, "Token"),
            new KeyValuePair<string, string>(SallaWebhookRequest.AuthorizationHeader, _secret),
        },
        _ => Array.Empty<KeyValuePair<string, string>>(),
    };

    /// <summary>A <c>POST</c> of <paramref name="body"/> to <paramref name="requestUri"/> (absolute, or relative to the client's base address) with Salla's headers and <c>Content-Type: application/json</c>.</summary>
    public HttpRequestMessage CreateRequest(string requestUri, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        return CreateRequest(new Uri(requestUri, UriKind.RelativeOrAbsolute), body);
    }

    /// <summary>A <c>POST</c> of <paramref name="body"/> to <paramref name="requestUri"/> (absolute, or relative to the client's base address) with Salla's headers and <c>Content-Type: application/json</c>.</summary>
    public HttpRequestMessage CreateRequest(Uri requestUri, ReadOnlyMemory<byte> body)
    {
        ArgumentNullException.ThrowIfNull(requestUri);
        var request = new HttpRequestMessage(HttpMethod.Post, requestUri)
        {
            Content = new ReadOnlyMemoryContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType);
        foreach (var (name, value) in Headers(body.Span))
        {
            // Salla's Authorization is the bare secret, not "scheme value": added as is.
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }
}
