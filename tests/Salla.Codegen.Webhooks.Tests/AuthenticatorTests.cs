using System;
using System.Linq;
using System.Text;
using Microsoft.Extensions.Logging;
using Salla.Codegen.Webhooks;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>The authenticator alone: every reason a request is accepted or refused.</summary>
public class AuthenticatorTests
{
    private static readonly byte[] Body = Kit.OrderCreated;

    private static SallaAuthenticationResult Authenticate(SallaWebhookRequest request, Action<SallaWebhookOptions>? configure = null) =>
        new SallaWebhookAuthenticator(Kit.Options(configure)).Authenticate(request);

    [Fact]
    public void Valid_signature_is_verified()
    {
        var result = Authenticate(Kit.Signed(Body));

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
        Assert.True(result.IsAccepted);
        Assert.Equal(0, result.SecretIndex);
    }

    [Fact]
    public void Signature_is_checked_on_the_raw_bytes_and_hex_case_does_not_matter()
    {
        var signature = Kit.Sign(Body).ToUpperInvariant();

        var result = Authenticate(new SallaWebhookRequest(Body, signature, "Signature", null));

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
    }

    [Fact]
    public void Signature_header_may_carry_surrounding_whitespace()
    {
        var result = Authenticate(new SallaWebhookRequest(Body, " " + Kit.Sign(Body) + " ", null, null));

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
    }

    [Fact]
    public void Tampered_body_is_a_signature_mismatch()
    {
        var signature = Kit.Sign(Body);
        var tampered = (byte[])Body.Clone();
        var at = Encoding.UTF8.GetString(tampered).IndexOf("41027662", StringComparison.Ordinal);
        tampered[at] = (byte)'9';

        var result = Authenticate(new SallaWebhookRequest(tampered, signature, "Signature", null));

        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, result.Status);
        Assert.False(result.IsAccepted);
        Assert.Equal(-1, result.SecretIndex);
    }

    [Fact]
    public void Reserialised_json_does_not_verify_which_is_why_the_raw_body_is_signed()
    {
        var signature = Kit.Sign(Body);
        var reserialised = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(System.Text.Json.JsonDocument.Parse(Body).RootElement));

        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, Authenticate(new SallaWebhookRequest(reserialised, signature, null, null)).Status);
    }

    [Fact]
    public void Wrong_secret_is_a_signature_mismatch()
    {
        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, Authenticate(Kit.Signed(Body, "not-the-secret")).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_signature_is_refused(string? header)
    {
        Assert.Equal(SallaAuthenticationStatus.MissingSignature, Authenticate(new SallaWebhookRequest(Body, header, "Signature", null)).Status);
    }

    [Theory]
    [InlineData("abc123")]
    [InlineData("sha256=")]
    [InlineData("zz")]
    public void Malformed_signature_is_refused(string shape)
    {
        var valid = Kit.Sign(Body);
        var header = shape switch
        {
            "sha256=" => "sha256=" + valid,
            "zz" => "zz" + valid[2..],
            _ => shape,
        };

        Assert.Equal(SallaAuthenticationStatus.MalformedSignature, Authenticate(new SallaWebhookRequest(Body, header, "Signature", null)).Status);
    }

    [Fact]
    public void Signature_one_character_short_or_long_is_malformed()
    {
        var valid = Kit.Sign(Body);

        Assert.Equal(SallaAuthenticationStatus.MalformedSignature, Authenticate(new SallaWebhookRequest(Body, valid[..63], null, null)).Status);
        Assert.Equal(SallaAuthenticationStatus.MalformedSignature, Authenticate(new SallaWebhookRequest(Body, valid + "0", null, null)).Status);
        Assert.Equal(SallaAuthenticationStatus.MalformedSignature, Authenticate(new SallaWebhookRequest(Body, valid + "," + valid, null, null)).Status);
    }

    [Theory]
    [InlineData(SallaSecurityStrategy.Signature, "Token")]
    [InlineData(SallaSecurityStrategy.Signature, "none")]
    [InlineData(SallaSecurityStrategy.Signature, "hmac")]
    [InlineData(SallaSecurityStrategy.Token, "Signature")]
    public void Strategy_header_disagreeing_with_the_configuration_is_a_strategy_mismatch(SallaSecurityStrategy configured, string announced)
    {
        var request = new SallaWebhookRequest(Body, Kit.Sign(Body), announced, Kit.Secret);

        var result = Authenticate(request, o => o.SecurityStrategy = configured);

        Assert.Equal(SallaAuthenticationStatus.StrategyMismatch, result.Status);
        Assert.Equal(configured, result.Strategy);
    }

    [Theory]
    [InlineData("Signature")]
    [InlineData("signature")]
    [InlineData("SIGNATURE")]
    [InlineData(null)]
    public void Strategy_header_is_compared_case_insensitively_and_may_be_absent(string? announced)
    {
        Assert.Equal(SallaAuthenticationStatus.Verified, Authenticate(new SallaWebhookRequest(Body, Kit.Sign(Body), announced, null)).Status);
    }

    [Theory]
    [InlineData(Kit.Secret)]
    [InlineData("Bearer " + Kit.Secret)]
    [InlineData("bearer " + Kit.Secret)]
    [InlineData("Bearer   " + Kit.Secret)]
    public void Token_mode_accepts_the_secret_with_or_without_bearer(string authorization)
    {
        var request = new SallaWebhookRequest(Body, null, "Token", authorization);

        var result = Authenticate(request, o => o.SecurityStrategy = SallaSecurityStrategy.Token);

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
        Assert.Equal(SallaSecurityStrategy.Token, result.Strategy);
    }

    [Theory]
    [InlineData("Bearer wrong")]
    [InlineData("wrong")]
    [InlineData(Kit.Secret + "x")]
    [InlineData("Basic " + Kit.Secret)]
    public void Token_mode_refuses_other_tokens(string authorization)
    {
        var result = Authenticate(new SallaWebhookRequest(Body, null, "token", authorization), o => o.SecurityStrategy = SallaSecurityStrategy.Token);

        Assert.Equal(SallaAuthenticationStatus.TokenMismatch, result.Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Token_mode_refuses_a_missing_authorization_header(string? authorization)
    {
        var result = Authenticate(new SallaWebhookRequest(Body, Kit.Sign(Body), "Token", authorization), o => o.SecurityStrategy = SallaSecurityStrategy.Token);

        Assert.Equal(SallaAuthenticationStatus.MissingToken, result.Status);
    }

    [Fact]
    public void Token_mode_accepts_a_secret_that_itself_starts_with_bearer()
    {
        var result = Authenticate(
            new SallaWebhookRequest(Body, null, null, "Bearer abc"),
            o =>
            {
                o.SecurityStrategy = SallaSecurityStrategy.Token;
                o.Secrets = new[] { "Bearer abc" };
            });

        Assert.Equal(SallaAuthenticationStatus.Verified, result.Status);
    }

    [Fact]
    public void Token_mode_handles_long_and_non_ascii_tokens()
    {
        var longSecret = new string('s', 2000) + "سلة";
        void Configure(SallaWebhookOptions o)
        {
            o.SecurityStrategy = SallaSecurityStrategy.Token;
            o.Secrets = new[] { longSecret };
        }

        Assert.Equal(SallaAuthenticationStatus.Verified, Authenticate(new SallaWebhookRequest(Body, null, null, longSecret), Configure).Status);
        Assert.Equal(SallaAuthenticationStatus.TokenMismatch, Authenticate(new SallaWebhookRequest(Body, null, null, longSecret[..^1]), Configure).Status);
    }

    [Fact]
    public void Rotation_accepts_the_old_and_the_new_secret()
    {
        void Configure(SallaWebhookOptions o) => o.Secrets = new[] { Kit.OldSecret, Kit.Secret };

        var old = Authenticate(Kit.Signed(Body, Kit.OldSecret), Configure);
        var current = Authenticate(Kit.Signed(Body, Kit.Secret), Configure);
        var other = Authenticate(Kit.Signed(Body, "third"), Configure);

        Assert.Equal((SallaAuthenticationStatus.Verified, 0), (old.Status, old.SecretIndex));
        Assert.Equal((SallaAuthenticationStatus.Verified, 1), (current.Status, current.SecretIndex));
        Assert.Equal(SallaAuthenticationStatus.SignatureMismatch, other.Status);
    }

    [Fact]
    public void Rotation_works_for_tokens_too()
    {
        void Configure(SallaWebhookOptions o)
        {
            o.SecurityStrategy = SallaSecurityStrategy.Token;
            o.Secrets = new[] { Kit.OldSecret, Kit.Secret };
        }

        Assert.Equal(0, Authenticate(new SallaWebhookRequest(Body, null, null, Kit.OldSecret), Configure).SecretIndex);
        Assert.Equal(1, Authenticate(new SallaWebhookRequest(Body, null, null, "Bearer " + Kit.Secret), Configure).SecretIndex);
    }

    [Theory]
    [InlineData(SallaSecurityStrategy.Signature)]
    [InlineData(SallaSecurityStrategy.Token)]
    public void No_secret_configured_refuses_everything(SallaSecurityStrategy strategy)
    {
        var request = new SallaWebhookRequest(Body, Kit.Sign(Body, string.Empty), null, string.Empty);

        var result = Authenticate(request, o =>
        {
            o.SecurityStrategy = strategy;
            o.Secrets = new[] { string.Empty, "  " };
        });

        Assert.Equal(SallaAuthenticationStatus.NoSecretConfigured, result.Status);
        Assert.False(result.IsAccepted);
    }

    [Fact]
    public void Strategy_none_is_refused_unless_unverified_requests_are_allowed()
    {
        var request = new SallaWebhookRequest(Body, null, null, null);

        var refused = Authenticate(request, o => o.SecurityStrategy = SallaSecurityStrategy.None);
        var allowed = Authenticate(request, o =>
        {
            o.SecurityStrategy = SallaSecurityStrategy.None;
            o.AllowUnverified = true;
        });

        Assert.Equal(SallaAuthenticationStatus.UnverifiedNotAllowed, refused.Status);
        Assert.False(refused.IsAccepted);
        Assert.Equal(SallaAuthenticationStatus.Unverified, allowed.Status);
        Assert.True(allowed.IsAccepted);
    }

    [Fact]
    public void Allowing_unverified_requests_logs_a_warning_once_at_construction()
    {
        var logs = new TestLoggerProvider();
        var options = Kit.Options(o =>
        {
            o.SecurityStrategy = SallaSecurityStrategy.None;
            o.AllowUnverified = true;
        });

        var authenticator = new SallaWebhookAuthenticator(options, logs.CreateLogger("test"));
        authenticator.Authenticate(new SallaWebhookRequest(Body, null, null, null));
        authenticator.Authenticate(new SallaWebhookRequest(Body, null, null, null));

        var warning = Assert.Single(logs.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal(SallaWebhookLog.VerificationDisabledId, warning.EventId.Id);
        Assert.Equal("VerificationDisabled", warning.EventId.Name);
    }

    [Fact]
    public void Secrets_are_copied_when_the_authenticator_is_made()
    {
        var options = Kit.Options();
        var authenticator = new SallaWebhookAuthenticator(options);
        options.Secrets.Clear();

        Assert.Equal(SallaAuthenticationStatus.Verified, authenticator.Authenticate(Kit.Signed(Body)).Status);
    }

    [Fact]
    public void Reasons_never_contain_the_secret_or_the_signature()
    {
        var signature = Kit.Sign(Body);
        foreach (var status in Enum.GetValues<SallaAuthenticationStatus>())
        {
            var reason = new SallaAuthenticationResult(status, SallaSecurityStrategy.Signature).Reason;
            Assert.False(string.IsNullOrWhiteSpace(reason));
            Assert.DoesNotContain(Kit.Secret, reason, StringComparison.Ordinal);
            Assert.DoesNotContain(signature, reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Request_is_built_from_any_header_lookup()
    {
        var headers = new[]
        {
            new System.Collections.Generic.KeyValuePair<string, string?>("x-salla-signature", "sig"),
            new System.Collections.Generic.KeyValuePair<string, string?>("X-SALLA-SECURITY-STRATEGY", "Signature"),
            new System.Collections.Generic.KeyValuePair<string, string?>("authorization", "tok"),
            new System.Collections.Generic.KeyValuePair<string, string?>("X-Salla-Signature", "second"),
        };

        var fromPairs = SallaWebhookRequest.FromHeaders(Body, headers);
        var fromLookup = SallaWebhookRequest.FromHeaders(Body, name => headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value);

        foreach (var request in new[] { fromPairs, fromLookup })
        {
            Assert.Equal(("sig", "Signature", "tok"), (request.Signature, request.SecurityStrategy, request.Authorization));
            Assert.True(request.Body.Span.SequenceEqual(Body));
        }
    }
}
