using System;
using System.Collections.Generic;
using System.Globalization;

namespace Salla.Codegen.Webhooks;

/// <summary>How Salla proves that a webhook request comes from it, as set for the app in the Partner Portal.</summary>
public enum SallaSecurityStrategy
{
    /// <summary><c>X-Salla-Signature</c> carries the hex HMAC-SHA256 of the raw body keyed with the webhook secret (Salla's default).</summary>
    Signature,

    /// <summary><c>Authorization</c> carries the webhook secret itself.</summary>
    Token,

    /// <summary>Nothing is verified; accepted only with <see cref="SallaWebhookOptions.AllowUnverified"/>.</summary>
    None,
}

/// <summary>How the webhook receiver authenticates, limits and deduplicates Salla's deliveries.</summary>
public sealed class SallaWebhookOptions
{
    /// <summary>The configuration section the ASP.NET Core integration binds: <c>Salla:Webhooks</c>.</summary>
    public const string ConfigurationSection = "Salla:Webhooks";

    /// <summary>
    /// Where a receiver listens unless it says otherwise, <c>/webhooks/salla</c>: the path the ASP.NET
    /// Core endpoint maps, the test kit posts to and the <c>salla</c> tool sends to by default.
    /// </summary>
    public const string DefaultPath = "/webhooks/salla";

    /// <summary>The default body size limit, 1 MiB: Salla's largest documented payloads are a few tens of KiB.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    /// <summary>The largest <see cref="MaxBodyBytes"/> allowed: the body is held in one array.</summary>
    public const long MaxBodyBytesLimit = 0x7FFFFFC7;

    /// <summary>The default <see cref="BodyReadTimeout"/>, 15 seconds: a documented payload arrives in well under one.</summary>
    public static readonly TimeSpan DefaultBodyReadTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The longest <see cref="BodyReadTimeout"/> allowed, what a cancellation timer accepts (about 24.8 days).</summary>
    public static readonly TimeSpan MaxBodyReadTimeout = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>The default number of deliveries the in-memory store remembers.</summary>
    public const int DefaultDeduplicationCapacity = 100_000;

    /// <summary>The strategy configured for the app in Salla; requests announcing another one are refused.</summary>
    public SallaSecurityStrategy SecurityStrategy { get; set; } = SallaSecurityStrategy.Signature;

    /// <summary>
    /// The webhook secrets currently valid. Several can be valid at once so a secret can be rotated
    /// without refusing deliveries signed with the previous one: add the new one, switch it in
    /// Salla, then remove the old one.
    /// </summary>
    public IList<string> Secrets { get; set; } = new List<string>();

    /// <summary>
    /// Opts in to <see cref="SallaSecurityStrategy.None"/>: anyone who knows the URL can then post
    /// events. A warning is logged at start-up. Meant for local development only.
    /// </summary>
    public bool AllowUnverified { get; set; }

    /// <summary>Bodies longer than this are refused with 413 without being read to the end. Defaults to 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = DefaultMaxBodyBytes;

    /// <summary>
    /// How long the transport may take to receive the whole body once the headers are in; a slower
    /// body is answered with 408 and the connection closed, so a client that declares a length and
    /// then stalls does not hold a request open. Defaults to 15 seconds. The server's own limits
    /// (Kestrel's minimum request body data rate, its header timeout) still apply.
    /// </summary>
    public TimeSpan BodyReadTimeout { get; set; } = DefaultBodyReadTimeout;

    /// <summary>
    /// Whether a redelivered body (Salla retries when it saw no 2xx in time) is acknowledged without
    /// being dispatched again. On by default.
    /// </summary>
    public bool Deduplication { get; set; } = true;

    /// <summary>How long a delivery is remembered for deduplication. Defaults to 24 hours; Salla retries within about 15 minutes.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many deliveries the in-memory store remembers at most; the oldest are forgotten first.</summary>
    public int DeduplicationCapacity { get; set; } = DefaultDeduplicationCapacity;

    /// <summary>
    /// Acknowledge a verified delivery once an <see cref="ISallaInbox"/> has stored it; the inbox
    /// dispatches it later through <see cref="SallaDeliveryDispatcher"/>.
    /// </summary>
    public bool UseInbox { get; set; }

    /// <summary>What is wrong with these options; empty when they can be used.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var hasSecret = false;
        foreach (var secret in Secrets ?? Array.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(secret))
            {
                errors.Add("Salla:Webhooks:Secrets contains an empty secret.");
            }
            else
            {
                hasSecret = true;
            }
        }

        switch (SecurityStrategy)
        {
            case SallaSecurityStrategy.Signature or SallaSecurityStrategy.Token when !hasSecret:
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Salla:Webhooks:Secrets is empty: the {SecurityStrategy} strategy needs the app's webhook secret (Partner Portal > app > Webhooks). To receive unverified requests in development, set SecurityStrategy to None and AllowUnverified to true."));
                break;
            case SallaSecurityStrategy.None when !AllowUnverified:
                errors.Add("Salla:Webhooks:SecurityStrategy is None but AllowUnverified is false: receiving unverified requests must be opted in to explicitly.");
                break;
            case SallaSecurityStrategy.Signature or SallaSecurityStrategy.Token or SallaSecurityStrategy.None:
                break;
            default:
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Salla:Webhooks:SecurityStrategy {(int)SecurityStrategy} is not a strategy."));
                break;
        }

        if (MaxBodyBytes <= 0)
        {
            errors.Add("Salla:Webhooks:MaxBodyBytes must be greater than 0.");
        }
        else if (MaxBodyBytes > MaxBodyBytesLimit)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Salla:Webhooks:MaxBodyBytes must be at most {MaxBodyBytesLimit}: the body is held in one array."));
        }

        if (BodyReadTimeout <= TimeSpan.Zero || BodyReadTimeout > MaxBodyReadTimeout)
        {
            errors.Add("Salla:Webhooks:BodyReadTimeout must be positive and at most 24.20:31:23.647.");
        }

        if (Deduplication && DeduplicationWindow <= TimeSpan.Zero)
        {
            errors.Add("Salla:Webhooks:DeduplicationWindow must be positive when Deduplication is on.");
        }

        if (Deduplication && DeduplicationCapacity <= 0)
        {
            errors.Add("Salla:Webhooks:DeduplicationCapacity must be greater than 0 when Deduplication is on.");
        }

        return errors;
    }
}
