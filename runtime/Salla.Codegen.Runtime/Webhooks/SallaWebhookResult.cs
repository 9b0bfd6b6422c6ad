using System;

namespace Salla.Codegen.Webhooks;

/// <summary>What the receiver did with one delivery; each outcome has one HTTP status.</summary>
public enum SallaWebhookOutcome
{
    /// <summary>A known event reached at least one handler (200).</summary>
    Handled,

    /// <summary>A known event with no handler registered; acknowledged (200).</summary>
    NoHandler,

    /// <summary>An event this build has no spec for; logged with its name and acknowledged (200).</summary>
    Unknown,

    /// <summary>A body already received (in progress or completed); acknowledged without dispatching it again (200).</summary>
    Duplicate,

    /// <summary>Stored in the inbox for later dispatch; acknowledged (200).</summary>
    Queued,

    /// <summary>Authentication failed; see <see cref="SallaWebhookResult.Authentication"/> (401).</summary>
    Unauthorized,

    /// <summary>The body is not JSON or not a Salla envelope, or a value cannot be read as its spec says (400).</summary>
    MalformedBody,

    /// <summary>The body is longer than <see cref="SallaWebhookOptions.MaxBodyBytes"/> (413).</summary>
    PayloadTooLarge,

    /// <summary>A handler threw; answered with 500 so Salla retries, and the delivery is not remembered as done.</summary>
    HandlerFailed,

    /// <summary>The inbox could not store the delivery; answered with 500 so Salla retries.</summary>
    EnqueueFailed,

    /// <summary>The body did not arrive within <see cref="SallaWebhookOptions.BodyReadTimeout"/>, or slower than the server's minimum data rate (408).</summary>
    BodyTimeout,

    /// <summary>The body ended before its declared <c>Content-Length</c>, or its framing was broken (400).</summary>
    IncompleteBody,
}

/// <summary>The outcome of processing one delivery, with the HTTP status and short reason to answer with.</summary>
public readonly struct SallaWebhookResult
{
    /// <summary>Creates a result.</summary>
    public SallaWebhookResult(
        SallaWebhookOutcome outcome,
        string reason,
        SallaAuthenticationResult authentication,
        [SallaEventName] string? eventName = null,
        string? deliveryKey = null,
        SallaDispatchResult? dispatch = null,
        Exception? exception = null)
    {
        Outcome = outcome;
        Reason = reason ?? throw new ArgumentNullException(nameof(reason));
        Authentication = authentication;
        EventName = eventName;
        DeliveryKey = deliveryKey;
        Dispatch = dispatch;
        Exception = exception;
    }

    /// <summary>What happened.</summary>
    public SallaWebhookOutcome Outcome { get; }

    /// <summary>The HTTP status to answer Salla with: 2xx stops its retries, anything else makes it retry.</summary>
    public int StatusCode => StatusCodeOf(Outcome);

    /// <summary>Whether Salla should be told the delivery succeeded (a 2xx status).</summary>
    public bool IsAcknowledged => StatusCode is >= 200 and < 300;

    /// <summary>A short explanation to send back: no stack trace, secret or handler detail.</summary>
    public string Reason { get; }

    /// <summary>The event name, when the body was read far enough to know it.</summary>
    [SallaEventName]
    public string? EventName { get; }

    /// <summary>The delivery key (lowercase hex SHA-256 of the body), when it was computed: with deduplication or the inbox on.</summary>
    public string? DeliveryKey { get; }

    /// <summary>How the request was authenticated, or why it was refused.</summary>
    public SallaAuthenticationResult Authentication { get; }

    /// <summary>What dispatching did, when the body was dispatched.</summary>
    public SallaDispatchResult? Dispatch { get; }

    /// <summary>
    /// The handler's or inbox's exception for <see cref="SallaWebhookOutcome.HandlerFailed"/> and
    /// <see cref="SallaWebhookOutcome.EnqueueFailed"/>, the <see cref="SallaPayloadException"/> for
    /// <see cref="SallaWebhookOutcome.MalformedBody"/>. For the app's own use: never send it back.
    /// </summary>
    public Exception? Exception { get; }

    /// <summary>The same result, authenticated as <paramref name="authentication"/> says.</summary>
    internal SallaWebhookResult WithAuthentication(SallaAuthenticationResult authentication) =>
        new(Outcome, Reason, authentication, EventName, DeliveryKey, Dispatch, Exception);

    /// <summary>The HTTP status of an outcome.</summary>
    public static int StatusCodeOf(SallaWebhookOutcome outcome) => outcome switch
    {
        SallaWebhookOutcome.Handled or SallaWebhookOutcome.NoHandler or SallaWebhookOutcome.Unknown
            or SallaWebhookOutcome.Duplicate or SallaWebhookOutcome.Queued => 200,
        SallaWebhookOutcome.Unauthorized => 401,
        SallaWebhookOutcome.MalformedBody or SallaWebhookOutcome.IncompleteBody => 400,
        SallaWebhookOutcome.BodyTimeout => 408,
        SallaWebhookOutcome.PayloadTooLarge => 413,
        _ => 500,
    };

    /// <inheritdoc />
    public override string ToString() => EventName is null
        ? $"{StatusCode} {Outcome}: {Reason}"
        : $"{StatusCode} {Outcome} {EventName}: {Reason}";
}
