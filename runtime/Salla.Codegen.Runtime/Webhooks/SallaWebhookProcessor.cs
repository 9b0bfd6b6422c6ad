using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The transport-agnostic receiver: <c>(headers, raw body) → size check → authenticate →
/// deduplicate → parse → dispatch → result</c>. Authentication runs before the body is read as
/// JSON and before any handler. Usable from ASP.NET Core, Azure Functions or a queue consumer:
/// build a <see cref="SallaWebhookRequest"/>, call <see cref="ProcessAsync"/>, answer with
/// <see cref="SallaWebhookResult.StatusCode"/> and <see cref="SallaWebhookResult.Reason"/>.
/// </summary>
public sealed class SallaWebhookProcessor
{
    private const string ReasonDuplicate = "duplicate delivery; acknowledged";
    private const string ReasonQueued = "queued";
    private const string ReasonEnqueueFailed = "the delivery could not be queued; retry later";
    private const string ReasonBodyTimeout = "the body did not arrive in time";
    private const string ReasonIncompleteBody = "the body ended before its declared length";

    private readonly SallaWebhookAuthenticator _authenticator;
    private readonly ISallaEventDispatcher _dispatcher;
    private readonly SallaDeliveryDispatcher _delivery;
    private readonly ISallaDeliveryStore? _store;
    private readonly ISallaInbox? _inbox;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly long _maxBodyBytes;
    private readonly TimeSpan _bodyReadTimeout;
    private readonly SallaWebhookMetrics _metrics;

    /// <summary>Creates a processor with its own <see cref="SallaWebhookAuthenticator"/>.</summary>
    /// <param name="options">Strategy, secrets, limits; copied now.</param>
    /// <param name="dispatcher">The generated <c>SallaEventDispatcher</c>.</param>
    /// <param name="deliveryStore">Remembers deliveries for deduplication. When null and deduplication is on, a private <see cref="InMemorySallaDeliveryStore"/> is made: pass a shared store when processors are created more than once.</param>
    /// <param name="inbox">Where deliveries go with <see cref="SallaWebhookOptions.UseInbox"/>; required then.</param>
    /// <param name="logger">Gets the receiver's structured logs.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="metrics">Where the receiver's metrics go; <see cref="SallaWebhookMetrics.Shared"/> when null.</param>
    public SallaWebhookProcessor(
        SallaWebhookOptions options,
        ISallaEventDispatcher dispatcher,
        ISallaDeliveryStore? deliveryStore = null,
        ISallaInbox? inbox = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        SallaWebhookMetrics? metrics = null)
        : this(options, new SallaWebhookAuthenticator(options ?? throw new ArgumentNullException(nameof(options)), logger), dispatcher, deliveryStore, inbox, logger, timeProvider, metrics)
    {
    }

    /// <summary>Creates a processor that shares <paramref name="authenticator"/> (one per configuration is enough: it is thread-safe).</summary>
    /// <param name="options">Limits, deduplication and inbox settings; copied now.</param>
    /// <param name="authenticator">Checks each request; made from the same options.</param>
    /// <param name="dispatcher">The generated <c>SallaEventDispatcher</c>.</param>
    /// <param name="deliveryStore">Remembers deliveries for deduplication. When null and deduplication is on, a private <see cref="InMemorySallaDeliveryStore"/> is made.</param>
    /// <param name="inbox">Where deliveries go with <see cref="SallaWebhookOptions.UseInbox"/>; required then.</param>
    /// <param name="logger">Gets the receiver's structured logs.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="metrics">Where the receiver's metrics go; <see cref="SallaWebhookMetrics.Shared"/> when null.</param>
    public SallaWebhookProcessor(
        SallaWebhookOptions options,
        SallaWebhookAuthenticator authenticator,
        ISallaEventDispatcher dispatcher,
        ISallaDeliveryStore? deliveryStore = null,
        ISallaInbox? inbox = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null,
        SallaWebhookMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _authenticator = authenticator ?? throw new ArgumentNullException(nameof(authenticator));
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics ?? SallaWebhookMetrics.Shared;
        _delivery = new SallaDeliveryDispatcher(dispatcher, _logger, _time, _metrics);
        _maxBodyBytes = options.MaxBodyBytes > 0 ? Math.Min(options.MaxBodyBytes, SallaWebhookOptions.MaxBodyBytesLimit) : SallaWebhookOptions.DefaultMaxBodyBytes;
        _bodyReadTimeout = options.BodyReadTimeout > TimeSpan.Zero && options.BodyReadTimeout <= SallaWebhookOptions.MaxBodyReadTimeout ? options.BodyReadTimeout : SallaWebhookOptions.DefaultBodyReadTimeout;
        _store = options.Deduplication ? deliveryStore ?? new InMemorySallaDeliveryStore(options, _time) : null;
        if (options.UseInbox)
        {
            _inbox = inbox ?? throw new ArgumentException("SallaWebhookOptions.UseInbox is on but no ISallaInbox was given.", nameof(inbox));
        }
    }

    /// <summary>The body size limit, in bytes.</summary>
    public long MaxBodyBytes => _maxBodyBytes;

    /// <summary>How long a transport may spend receiving a body (<see cref="SallaWebhookOptions.BodyReadTimeout"/>).</summary>
    public TimeSpan BodyReadTimeout => _bodyReadTimeout;

    /// <summary>
    /// Processes one delivery. Never throws for a bad request or a failing handler: the result says
    /// what to answer. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> is cancelled (the caller went away), and whatever the
    /// delivery store throws when it cannot tell whether a delivery is new.
    /// </summary>
    public async ValueTask<SallaWebhookResult> ProcessAsync(SallaWebhookRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        _metrics.Received();
        using var activity = SallaWebhookTelemetry.ActivitySource.StartActivity("salla.webhooks.receive", ActivityKind.Internal);

        if (request.Body.Length > _maxBodyBytes)
        {
            return Finish(activity, TooLarge(request.Body.Length));
        }

        var authentication = _authenticator.Authenticate(request);
        if (!authentication.IsAccepted)
        {
            _metrics.Refused(RefusalTag(authentication.Status));
            SallaWebhookLog.Unauthorized(_logger, authentication.Status, authentication.Reason, authentication.Strategy);
            return Finish(activity, new SallaWebhookResult(SallaWebhookOutcome.Unauthorized, authentication.Reason, authentication));
        }

        var result = _inbox is not null
            ? await EnqueueAsync(request.Body, authentication, cancellationToken).ConfigureAwait(false)
            : await DispatchAsync(request.Body, authentication, cancellationToken).ConfigureAwait(false);
        return Finish(activity, result);
    }

    /// <summary>
    /// Records and returns the 413 result for a body the transport stopped reading because it is
    /// over <see cref="MaxBodyBytes"/>, so such refusals are logged and counted like the others.
    /// </summary>
    /// <param name="bodyBytes">The declared or partly read length, when known.</param>
    public SallaWebhookResult RefuseTooLarge(long? bodyBytes)
    {
        _metrics.Received();
        return TooLarge(bodyBytes);
    }

    /// <summary>
    /// Records and returns the 408 result for a body the transport gave up on because it did not
    /// arrive within <see cref="BodyReadTimeout"/> (or slower than the server's minimum data rate).
    /// </summary>
    /// <param name="bodyBytes">How many bytes had arrived.</param>
    public SallaWebhookResult RefuseSlowBody(long bodyBytes)
    {
        _metrics.Received();
        _metrics.Refused("body_timeout");
        SallaWebhookLog.BodyTimeout(_logger, bodyBytes, _bodyReadTimeout.TotalMilliseconds);
        return new SallaWebhookResult(SallaWebhookOutcome.BodyTimeout, ReasonBodyTimeout, default);
    }

    /// <summary>
    /// Records and returns the 400 result for a body that ended (the client closed its side, or the
    /// framing broke) before the length it declared.
    /// </summary>
    /// <param name="bodyBytes">How many bytes had arrived.</param>
    /// <param name="declaredBytes">The declared <c>Content-Length</c>, when there was one.</param>
    public SallaWebhookResult RefuseIncompleteBody(long bodyBytes, long? declaredBytes)
    {
        _metrics.Received();
        _metrics.Refused("incomplete_body");
        SallaWebhookLog.IncompleteBody(_logger, bodyBytes, declaredBytes);
        return new SallaWebhookResult(SallaWebhookOutcome.IncompleteBody, ReasonIncompleteBody, default);
    }

    private async ValueTask<SallaWebhookResult> EnqueueAsync(ReadOnlyMemory<byte> body, SallaAuthenticationResult authentication, CancellationToken cancellationToken)
    {
        string eventName;
        long? merchant;
        try
        {
            (eventName, merchant) = SallaEnvelopeHead.Read(body.Span);
        }
        catch (SallaPayloadException ex)
        {
            return Malformed(ex, null, null, authentication);
        }

        var key = SallaDeliveryKey.Compute(body.Span);
        var item = new SallaInboxItem(key, eventName, body, _time.GetUtcNow());
        bool stored;
        try
        {
            stored = await _inbox!.EnqueueAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            _metrics.Failed(_dispatcher, eventName);
            SallaWebhookLog.EnqueueFailed(_logger, ex, SallaWebhookLog.EventNameForLog(eventName), merchant, key);
            return new SallaWebhookResult(SallaWebhookOutcome.EnqueueFailed, ReasonEnqueueFailed, authentication, eventName, key, exception: ex);
        }

        if (!stored)
        {
            _metrics.Duplicate();
            SallaWebhookLog.Duplicate(_logger, key, SallaWebhookLog.EventNameForLog(eventName));
            return new SallaWebhookResult(SallaWebhookOutcome.Duplicate, ReasonDuplicate, authentication, eventName, key);
        }

        SallaWebhookLog.Queued(_logger, SallaWebhookLog.EventNameForLog(eventName), merchant, key);
        return new SallaWebhookResult(SallaWebhookOutcome.Queued, ReasonQueued, authentication, eventName, key);
    }

    private async ValueTask<SallaWebhookResult> DispatchAsync(ReadOnlyMemory<byte> body, SallaAuthenticationResult authentication, CancellationToken cancellationToken)
    {
        // The key this call marked in the delivery store, to complete or abandon.
        string? markedKey = null;
        if (_store is not null)
        {
            var deliveryKey = SallaDeliveryKey.Compute(body.Span);
            if (!await _store.TryBeginAsync(deliveryKey, cancellationToken).ConfigureAwait(false))
            {
                _metrics.Duplicate();
                var name = _logger.IsEnabled(LogLevel.Information) ? TryReadHead(body.Span).EventName : null;
                SallaWebhookLog.Duplicate(_logger, deliveryKey, SallaWebhookLog.EventNameForLog(name));
                return new SallaWebhookResult(SallaWebhookOutcome.Duplicate, ReasonDuplicate, authentication, name, deliveryKey);
            }

            markedKey = deliveryKey;
        }

        var started = _time.GetTimestamp();
        SallaWebhookResult result;
        try
        {
            result = await _delivery.DispatchAsync(body, markedKey, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await AbandonAsync(markedKey).ConfigureAwait(false);
            throw;
        }

        switch (result.Outcome)
        {
            case SallaWebhookOutcome.MalformedBody:
                // Forgotten rather than completed: the same body always fails the same way, and a
                // completed mark would turn its retries into 200s.
                await AbandonAsync(markedKey).ConfigureAwait(false);
                return Malformed((SallaPayloadException)result.Exception!, result.EventName, markedKey, authentication);
            case SallaWebhookOutcome.HandlerFailed:
                // Forgotten so Salla's retry is processed instead of being taken for a duplicate.
                await AbandonAsync(markedKey).ConfigureAwait(false);
                SallaWebhookLog.HandlerFailed(_logger, result.Exception!, SallaWebhookLog.EventNameForLog(result.EventName), TryReadHead(body.Span).Merchant,
                    _time.GetElapsedTime(started).TotalMilliseconds, markedKey ?? SallaWebhookLog.DeliveryKeyIfEnabled(_logger, LogLevel.Error, body.Span));
                return result.WithAuthentication(authentication);
        }

        if (markedKey is not null)
        {
            try
            {
                await _store!.CompleteAsync(markedKey, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The handlers ran: answering 500 now would only make Salla send it again.
                SallaWebhookLog.DeliveryStoreFailed(_logger, ex, "complete", markedKey);
            }
        }

        return result.WithAuthentication(authentication);
    }

    private SallaWebhookResult TooLarge(long? bodyBytes)
    {
        _metrics.Refused("payload_too_large");
        SallaWebhookLog.PayloadTooLarge(_logger, bodyBytes, _maxBodyBytes);
        return new SallaWebhookResult(
            SallaWebhookOutcome.PayloadTooLarge,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the body is over the {_maxBodyBytes}-byte limit"),
            default);
    }

    private SallaWebhookResult Malformed(SallaPayloadException ex, string? eventName, string? deliveryKey, SallaAuthenticationResult authentication)
    {
        _metrics.Refused("malformed_body");
        SallaWebhookLog.MalformedBody(_logger, SallaWebhookLog.EventNameForLog(eventName), ex.Message, deliveryKey);
        return new SallaWebhookResult(SallaWebhookOutcome.MalformedBody, ex.Message, authentication, eventName, deliveryKey, exception: ex);
    }

    private async ValueTask AbandonAsync(string? markedKey)
    {
        if (markedKey is null)
        {
            return;
        }

        try
        {
            // Not the request's token: the mark must be removed even when the caller went away.
            await _store!.AbandonAsync(markedKey, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            SallaWebhookLog.DeliveryStoreFailed(_logger, ex, "abandon", markedKey);
        }
    }

    private SallaWebhookResult Finish(Activity? activity, SallaWebhookResult result)
    {
        SallaWebhookTelemetry.Tag(activity, _dispatcher, result);
        return result;
    }

    private static string RefusalTag(SallaAuthenticationStatus status) => status switch
    {
        SallaAuthenticationStatus.NoSecretConfigured => "no_secret_configured",
        SallaAuthenticationStatus.UnverifiedNotAllowed => "unverified_not_allowed",
        SallaAuthenticationStatus.MissingSignature => "missing_signature",
        SallaAuthenticationStatus.MalformedSignature => "malformed_signature",
        SallaAuthenticationStatus.SignatureMismatch => "signature_mismatch",
        SallaAuthenticationStatus.MissingToken => "missing_token",
        SallaAuthenticationStatus.TokenMismatch => "token_mismatch",
        SallaAuthenticationStatus.StrategyMismatch => "strategy_mismatch",
        _ => "unauthorized",
    };

    // For log lines and results of deliveries that failed before an event was built.
    private static (string? EventName, long? Merchant) TryReadHead(ReadOnlySpan<byte> body) =>
        SallaEnvelopeHead.TryRead(body, out var head) ? (head.EventName, head.Merchant) : (null, null);
}
