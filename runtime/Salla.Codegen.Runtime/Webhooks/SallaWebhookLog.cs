using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The receiver's log messages. Their event ids are stable, so alerts and queries can rely on them;
/// no message carries a secret, a token or a signature.
/// </summary>
public static partial class SallaWebhookLog
{
    /// <summary>How many characters of an event name a log line keeps; longer names end with an ellipsis.</summary>
    public const int MaxLoggedEventNameLength = 64;

    /// <summary>Event id of <c>Handled</c>: a delivery reached its handlers.</summary>
    public const int HandledId = 4100;

    /// <summary>Event id of <c>NoHandler</c>: a known event without a handler.</summary>
    public const int NoHandlerId = 4101;

    /// <summary>Event id of <c>UnknownEvent</c>: an event this build has no spec for.</summary>
    public const int UnknownEventId = 4102;

    /// <summary>Event id of <c>Duplicate</c>: a redelivered body acknowledged without dispatch.</summary>
    public const int DuplicateId = 4103;

    /// <summary>Event id of <c>Queued</c>: a delivery stored in the inbox.</summary>
    public const int QueuedId = 4104;

    /// <summary>Event id of <c>Unauthorized</c>: authentication failed.</summary>
    public const int UnauthorizedId = 4110;

    /// <summary>Event id of <c>MalformedBody</c>: the body could not be read.</summary>
    public const int MalformedBodyId = 4111;

    /// <summary>Event id of <c>PayloadTooLarge</c>: the body is over the limit.</summary>
    public const int PayloadTooLargeId = 4112;

    /// <summary>Event id of <c>BodyTimeout</c>: the body did not arrive in time.</summary>
    public const int BodyTimeoutId = 4113;

    /// <summary>Event id of <c>IncompleteBody</c>: the body ended before its declared length.</summary>
    public const int IncompleteBodyId = 4114;

    /// <summary>Event id of <c>HandlerFailed</c>: a handler threw.</summary>
    public const int HandlerFailedId = 4120;

    /// <summary>Event id of <c>EnqueueFailed</c>: the inbox threw.</summary>
    public const int EnqueueFailedId = 4121;

    /// <summary>Event id of <c>DeliveryStoreFailed</c>: the delivery store could not record an outcome.</summary>
    public const int DeliveryStoreFailedId = 4122;

    /// <summary>Event id of <c>VerificationDisabled</c>: the start-up warning that requests are not verified.</summary>
    public const int VerificationDisabledId = 4130;

    [LoggerMessage(EventId = HandledId, EventName = "Handled", Level = LogLevel.Information,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} handled by {HandlerCount} handler(s) in {ElapsedMs:0.###} ms (delivery {DeliveryKey})")]
    internal static partial void Handled(ILogger logger, string sallaEvent, long? sallaMerchant, int handlerCount, double elapsedMs, string? deliveryKey);

    [LoggerMessage(EventId = NoHandlerId, EventName = "NoHandler", Level = LogLevel.Information,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} has no handler registered; acknowledged (delivery {DeliveryKey})")]
    internal static partial void NoHandler(ILogger logger, string sallaEvent, long? sallaMerchant, string? deliveryKey);

    [LoggerMessage(EventId = UnknownEventId, EventName = "UnknownEvent", Level = LogLevel.Warning,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} is not an event this build knows; passed to {HandlerCount} unknown-event handler(s) and acknowledged (delivery {DeliveryKey})")]
    internal static partial void UnknownEvent(ILogger logger, string sallaEvent, long? sallaMerchant, int handlerCount, string? deliveryKey);

    [LoggerMessage(EventId = DuplicateId, EventName = "Duplicate", Level = LogLevel.Information,
        Message = "Salla webhook delivery {DeliveryKey} ({SallaEvent}) was already received; acknowledged without dispatching it again")]
    internal static partial void Duplicate(ILogger logger, string deliveryKey, string? sallaEvent);

    [LoggerMessage(EventId = QueuedId, EventName = "Queued", Level = LogLevel.Information,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} stored in the inbox (delivery {DeliveryKey})")]
    internal static partial void Queued(ILogger logger, string sallaEvent, long? sallaMerchant, string deliveryKey);

    [LoggerMessage(EventId = UnauthorizedId, EventName = "Unauthorized", Level = LogLevel.Warning,
        Message = "Salla webhook refused with 401: {AuthenticationStatus} ({Reason}); configured strategy {SecurityStrategy}")]
    internal static partial void Unauthorized(ILogger logger, SallaAuthenticationStatus authenticationStatus, string reason, SallaSecurityStrategy securityStrategy);

    [LoggerMessage(EventId = MalformedBodyId, EventName = "MalformedBody", Level = LogLevel.Warning,
        Message = "Salla webhook {SallaEvent} refused with 400: {Reason} (delivery {DeliveryKey})")]
    internal static partial void MalformedBody(ILogger logger, string? sallaEvent, string reason, string? deliveryKey);

    [LoggerMessage(EventId = PayloadTooLargeId, EventName = "PayloadTooLarge", Level = LogLevel.Warning,
        Message = "Salla webhook refused with 413: the body ({BodyBytes} bytes) is over the {MaxBodyBytes}-byte limit")]
    internal static partial void PayloadTooLarge(ILogger logger, long? bodyBytes, long maxBodyBytes);

    [LoggerMessage(EventId = BodyTimeoutId, EventName = "BodyTimeout", Level = LogLevel.Warning,
        Message = "Salla webhook refused with 408: {BodyBytes} byte(s) of the body arrived within the {TimeoutMs:0.###} ms read timeout or the server's minimum data rate")]
    internal static partial void BodyTimeout(ILogger logger, long bodyBytes, double timeoutMs);

    [LoggerMessage(EventId = IncompleteBodyId, EventName = "IncompleteBody", Level = LogLevel.Warning,
        Message = "Salla webhook refused with 400: the body ended after {BodyBytes} byte(s), before its declared length {DeclaredBytes}")]
    internal static partial void IncompleteBody(ILogger logger, long bodyBytes, long? declaredBytes);

    [LoggerMessage(EventId = HandlerFailedId, EventName = "HandlerFailed", Level = LogLevel.Error,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} failed in a handler after {ElapsedMs:0.###} ms; answered 500 so Salla retries (delivery {DeliveryKey})")]
    internal static partial void HandlerFailed(ILogger logger, Exception exception, string? sallaEvent, long? sallaMerchant, double elapsedMs, string? deliveryKey);

    [LoggerMessage(EventId = EnqueueFailedId, EventName = "EnqueueFailed", Level = LogLevel.Error,
        Message = "Salla webhook {SallaEvent} for merchant {SallaMerchant} could not be stored in the inbox; answered 500 so Salla retries (delivery {DeliveryKey})")]
    internal static partial void EnqueueFailed(ILogger logger, Exception exception, string sallaEvent, long? sallaMerchant, string deliveryKey);

    [LoggerMessage(EventId = DeliveryStoreFailedId, EventName = "DeliveryStoreFailed", Level = LogLevel.Warning,
        Message = "The Salla delivery store could not {Operation} delivery {DeliveryKey}")]
    internal static partial void DeliveryStoreFailed(ILogger logger, Exception exception, string operation, string deliveryKey);

    [LoggerMessage(EventId = VerificationDisabledId, EventName = "VerificationDisabled", Level = LogLevel.Warning,
        Message = "Salla webhooks are NOT verified (SecurityStrategy None with AllowUnverified): anyone who knows the URL can post events. Use this only in development.")]
    internal static partial void VerificationDisabled(ILogger logger);

    /// <summary>
    /// The delivery key of <paramref name="body"/> for a line at <paramref name="level"/>, or null when
    /// that line will not be written: with deduplication off the key is not needed to process a
    /// delivery, so the quiet path computes nothing for it.
    /// </summary>
    internal static string? DeliveryKeyIfEnabled(ILogger logger, LogLevel level, ReadOnlySpan<byte> body) =>
        logger.IsEnabled(level) ? SallaDeliveryKey.Compute(body) : null;

    /// <summary>
    /// The event name as a log line shows it. It is the sender's text: cut to
    /// <see cref="MaxLoggedEventNameLength"/> characters, and control, line-separator, bidi and
    /// lone-surrogate characters replaced with U+FFFD, so it cannot forge a log line or reorder
    /// one. A short clean name (every known one) is returned as is, without allocating.
    /// </summary>
    [return: NotNullIfNotNull(nameof(name))]
    internal static string? EventNameForLog(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var length = name.Length;
        if (length <= MaxLoggedEventNameLength && IsClean(name))
        {
            return name;
        }

        var cut = Math.Min(length, MaxLoggedEventNameLength);
        if (cut < length && char.IsHighSurrogate(name[cut - 1]))
        {
            cut--;
        }

        var chars = new char[cut + (cut < length ? 1 : 0)];
        for (var i = 0; i < cut; i++)
        {
            var c = name[i];
            chars[i] = IsUnsafe(name, i) ? '\uFFFD' : c;
        }

        if (cut < length)
        {
            chars[cut] = '\u2026';
        }

        return new string(chars);
    }

    private static bool IsClean(string name)
    {
        for (var i = 0; i < name.Length; i++)
        {
            if (IsUnsafe(name, i))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsUnsafe(string text, int index)
    {
        var c = text[index];
        if (c is >= ' ' and < '\u007F')
        {
            return false;
        }

        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= text.Length || !char.IsLowSurrogate(text[index + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return index == 0 || !char.IsHighSurrogate(text[index - 1]);
        }

        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
