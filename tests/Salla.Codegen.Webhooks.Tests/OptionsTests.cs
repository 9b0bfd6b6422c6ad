using System;
using Salla.Codegen.Webhooks;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

public class OptionsTests
{
    [Fact]
    public void Defaults_are_signature_one_mebibyte_and_24_hour_deduplication()
    {
        var options = new SallaWebhookOptions();

        Assert.Equal(SallaSecurityStrategy.Signature, options.SecurityStrategy);
        Assert.Equal(1024 * 1024, options.MaxBodyBytes);
        Assert.True(options.Deduplication);
        Assert.Equal(TimeSpan.FromHours(24), options.DeduplicationWindow);
        Assert.False(options.AllowUnverified);
        Assert.False(options.UseInbox);
        Assert.Equal(TimeSpan.FromSeconds(15), options.BodyReadTimeout);
    }

    [Fact]
    public void A_secret_is_required_unless_unverified_requests_are_allowed()
    {
        Assert.Contains(new SallaWebhookOptions().Validate(), e => e.Contains("Secrets is empty", StringComparison.Ordinal));
        Assert.Contains(new SallaWebhookOptions { SecurityStrategy = SallaSecurityStrategy.Token }.Validate(), e => e.Contains("Secrets is empty", StringComparison.Ordinal));
        Assert.Contains(new SallaWebhookOptions { SecurityStrategy = SallaSecurityStrategy.None }.Validate(), e => e.Contains("AllowUnverified", StringComparison.Ordinal));
        Assert.Empty(new SallaWebhookOptions { SecurityStrategy = SallaSecurityStrategy.None, AllowUnverified = true }.Validate());
        Assert.Empty(Kit.Options().Validate());
    }

    [Fact]
    public void Limits_must_be_positive_and_secrets_not_blank()
    {
        Assert.Contains(Kit.Options(o => o.MaxBodyBytes = 0).Validate(), e => e.Contains("MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(Kit.Options(o => o.MaxBodyBytes = long.MaxValue).Validate(), e => e.Contains("MaxBodyBytes", StringComparison.Ordinal));
        Assert.Contains(Kit.Options(o => o.DeduplicationWindow = TimeSpan.Zero).Validate(), e => e.Contains("DeduplicationWindow", StringComparison.Ordinal));
        Assert.Contains(Kit.Options(o => o.BodyReadTimeout = TimeSpan.Zero).Validate(), e => e.Contains("BodyReadTimeout", StringComparison.Ordinal));
        Assert.Contains(Kit.Options(o => o.BodyReadTimeout = TimeSpan.FromDays(30)).Validate(), e => e.Contains("BodyReadTimeout", StringComparison.Ordinal));
        Assert.Empty(Kit.Options(o => o.BodyReadTimeout = TimeSpan.FromMilliseconds(1)).Validate());
        Assert.Contains(Kit.Options(o => o.Secrets.Add(" ")).Validate(), e => e.Contains("empty secret", StringComparison.Ordinal));
        Assert.Empty(Kit.Options(o =>
        {
            o.Deduplication = false;
            o.DeduplicationWindow = TimeSpan.Zero;
        }).Validate());
    }
}
