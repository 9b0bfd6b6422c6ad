using System;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Salla.Codegen.Webhooks;
using Xunit;

namespace Salla.Codegen.Testing.Tests;

/// <summary><see cref="SallaWebhookSigner"/> against the runtime's <see cref="SallaWebhookAuthenticator"/>.</summary>
public class SignerTests
{
    private const string Secret = "kit-test-secret-5d21";

    private static readonly byte[] Body = SallaExamples.Get("order.created").ToArray();

    [Theory]
    [InlineData(SallaSecurityStrategy.Signature)]
    [InlineData(SallaSecurityStrategy.Token)]
    public void Signed_headers_verify_with_the_authenticator(SallaSecurityStrategy strategy)
    {
        var signer = new SallaWebhookSigner(Secret, strategy);

        var result = Authenticator(strategy).Authenticate(Request(Body, signer.Headers(Body)));

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
    }

    [Fact]
    public void A_tampered_body_fails_the_signature()
    {
        var signer = new SallaWebhookSigner(Secret);
        var headers = signer.Headers(Body);
        var tampered = Body.ToArray();
        tampered[^2] ^= 0x01;

        var result = Authenticator(SallaSecurityStrategy.Signature).Authenticate(Request(tampered, headers));

        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, result.Status);
    }

    [Theory]
    [InlineData(SallaSecurityStrategy.Signature, SallaAuthenticationStatus.SignatureMismatch)]
    [InlineData(SallaSecurityStrategy.Token, SallaAuthenticationStatus.TokenMismatch)]
    public void Another_secret_does_not_verify(SallaSecurityStrategy strategy, SallaAuthenticationStatus expected)
    {
        var signer = new SallaWebhookSigner("some-other-secret", strategy);

        Assert.Equal(expected, Authenticator(strategy).Authenticate(Request(Body, signer.Headers(Body))).Status);
    }

    [Fact]
    public void The_signature_is_the_lower_case_hex_hmac_sha256_of_the_raw_body_as_salla_sends_it()
    {
        var signer = new SallaWebhookSigner(Secret);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Body));

        var headers = signer.Headers(Body);

        Assert.Equal(expected, signer.Sign(Body));
        Assert.Equal(
            new[] { ("X-Salla-Security-Strategy", "Signature"), ("X-Salla-Signature", expected) },
            headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void The_token_strategy_sends_the_secret_itself_in_authorization()
    {
        var headers = new SallaWebhookSigner(Secret, SallaSecurityStrategy.Token).Headers(Body);

        Assert.Equal(new[] { ("X-Salla-Security-Strategy", "Token"), ("Authorization", Secret) }, headers.Select(h => (h.Key, h.Value)));
    }

    [Fact]
    public void The_none_strategy_sends_no_credential_and_needs_no_secret()
    {
        var signer = new SallaWebhookSigner(null, SallaSecurityStrategy.None);

        Assert.Empty(signer.Headers(Body));
        Assert.Throws<InvalidOperationException>(() => signer.Sign(Body));
    }

    [Theory]
    [InlineData(SallaSecurityStrategy.Signature)]
    [InlineData(SallaSecurityStrategy.Token)]
    public void A_strategy_with_a_credential_needs_a_secret(SallaSecurityStrategy strategy)
    {
        var thrown = Assert.Throws<ArgumentException>(() => new SallaWebhookSigner(" ", strategy));

        Assert.Contains(strategy.ToString(), thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_created_request_is_a_json_post_of_the_exact_bytes_with_the_headers()
    {
        var signer = new SallaWebhookSigner(Secret, SallaSecurityStrategy.Token);

        using var request = signer.CreateRequest("/hooks/in", Body);

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/hooks/in", request.RequestUri!.OriginalString);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(Body, await request.Content.ReadAsByteArrayAsync());
        Assert.Equal(Secret, Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Equal("Token", Assert.Single(request.Headers.GetValues("X-Salla-Security-Strategy")));
        Assert.False(request.Headers.Contains("X-Salla-Signature"));
    }

    private static SallaWebhookAuthenticator Authenticator(SallaSecurityStrategy strategy)
    {
        var options = new SallaWebhookOptions { SecurityStrategy = strategy };
        options.Secrets.Add(Secret);
        return new SallaWebhookAuthenticator(options);
    }

    private static SallaWebhookRequest Request(byte[] body, System.Collections.Generic.IReadOnlyList<System.Collections.Generic.KeyValuePair<string, string>> headers) =>
        SallaWebhookRequest.FromHeaders(body, headers.Select(h => new System.Collections.Generic.KeyValuePair<string, string?>(h.Key, h.Value)));
}
