using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The one dispatching step of every path a delivery takes: runs a verified body through the
/// generated <see cref="ISallaEventDispatcher"/> (parse, handlers) and reports what happened, with
/// its metrics and, for a delivery that reached its handlers, its log line. The
/// <see cref="SallaWebhookProcessor"/> calls it for a delivery it handles while Salla waits; an
/// inbox worker calls it for a stored delivery. Failures are returned, not logged: the caller logs
/// what it does about them (answers 500, schedules a retry, dead-letters).
/// </summary>
/// <remarks>Registered scoped by <c>AddSallaWebhooks</c>, beside the dispatcher and its handlers.</remarks>
public sealed class SallaDeliveryDispatcher
{
    private const string ReasonHandled = "handled";
    private const string ReasonNoHandler = "no handler; acknowledged";
    private const string ReasonUnknown = "unknown event; acknowledged";
    private const string ReasonHandlerFailed = "a handler failed; retry later";

    private readonly ISallaEventDispatcher _dispatcher;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SallaWebhookMetrics _metrics;

    /// <summary>Creates the step over the generated dispatcher.</summary>
    /// <param name="dispatcher">The generated <c>SallaEventDispatcher</c> of the current scope.</param>
    /// <param name="logger">Gets the handled, no-handler and unknown-event lines.</param>
    /// <param name="timeProvider">The clock for durations; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="metrics">Where the handled, failed and duration figures go; <see cref="SallaWebhookMetrics.Shared"/> when null.</param>
    public SallaDeliveryDispatcher(ISallaEventDispatcher dispatcher, ILogger? logger = null, TimeProvider? timeProvider = null, SallaWebhookMetrics? metrics = null)
    {
        _dispatcher = dispatcher ?? throw new ArgumentNullException(nameof(dispatcher));
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics ?? SallaWebhookMetrics.Shared;
    }

    /// <summary>
    /// Dispatches <paramref name="body"/>. The result's outcome is <see cref="SallaWebhookOutcome.Handled"/>,
    /// <see cref="SallaWebhookOutcome.NoHandler"/> or <see cref="SallaWebhookOutcome.Unknown"/> when it
    /// went through; <see cref="SallaWebhookOutcome.MalformedBody"/> (the same bytes always fail the same
    /// way) or <see cref="SallaWebhookOutcome.HandlerFailed"/> (worth retrying) with the exception in
    /// <see cref="SallaWebhookResult.Exception"/> when it did not. Its authentication is left unset: that
    /// belongs to whoever received the request. Throws only <see cref="OperationCanceledException"/>
    /// for <paramref name="cancellationToken"/>.
    /// </summary>
    /// <param name="body">The body exactly as Salla sent it, already verified.</param>
    /// <param name="deliveryKey">The delivery's key for logs and the result, when the caller has one.</param>
    /// <param name="cancellationToken">Passed to the handlers.</param>
    public async ValueTask<SallaWebhookResult> DispatchAsync(ReadOnlyMemory<byte> body, string? deliveryKey = null, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        SallaDispatchResult dispatched;
        try
        {
            dispatched = await _dispatcher.DispatchAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (SallaPayloadException ex)
        {
            var name = EventNameOf(body.Span);
            _metrics.Duration(_dispatcher, name, "malformed_body", _time.GetElapsedTime(started).TotalMilliseconds);
            return new SallaWebhookResult(SallaWebhookOutcome.MalformedBody, ex.Message, default, name, deliveryKey, exception: ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var name = EventNameOf(body.Span);
            _metrics.Duration(_dispatcher, name, "handler_failed", _time.GetElapsedTime(started).TotalMilliseconds);
            _metrics.Failed(_dispatcher, name);
            return new SallaWebhookResult(SallaWebhookOutcome.HandlerFailed, ReasonHandlerFailed, default, name, deliveryKey, exception: ex);
        }

        var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
        var (outcome, outcomeTag, reason) = dispatched.Outcome switch
        {
            SallaDispatchOutcome.Handled => (SallaWebhookOutcome.Handled, "handled", ReasonHandled),
            SallaDispatchOutcome.NoHandler => (SallaWebhookOutcome.NoHandler, "no_handler", ReasonNoHandler),
            _ => (SallaWebhookOutcome.Unknown, "unknown", ReasonUnknown),
        };

        _metrics.Handled(_dispatcher, dispatched.EventName, outcomeTag, elapsedMs);
        switch (outcome)
        {
            case SallaWebhookOutcome.Handled when _logger.IsEnabled(LogLevel.Information):
                SallaWebhookLog.Handled(_logger, dispatched.EventName, dispatched.Event.Merchant, dispatched.HandlerCount, elapsedMs, deliveryKey ?? SallaWebhookLog.DeliveryKeyIfEnabled(_logger, LogLevel.Information, body.Span));
                break;
            case SallaWebhookOutcome.NoHandler when _logger.IsEnabled(LogLevel.Information):
                SallaWebhookLog.NoHandler(_logger, dispatched.EventName, dispatched.Event.Merchant, deliveryKey ?? SallaWebhookLog.DeliveryKeyIfEnabled(_logger, LogLevel.Information, body.Span));
                break;
            case SallaWebhookOutcome.Unknown when _logger.IsEnabled(LogLevel.Warning):
                SallaWebhookLog.UnknownEvent(_logger, SallaWebhookLog.EventNameForLog(dispatched.EventName), dispatched.Event.Merchant, dispatched.HandlerCount, deliveryKey ?? SallaWebhookLog.DeliveryKeyIfEnabled(_logger, LogLevel.Warning, body.Span));
                break;
        }

        return new SallaWebhookResult(outcome, reason, default, dispatched.EventName, deliveryKey, dispatched);
    }

    private static string? EventNameOf(ReadOnlySpan<byte> body) =>
        SallaEnvelopeHead.TryRead(body, out var head) ? head.EventName : null;
}
