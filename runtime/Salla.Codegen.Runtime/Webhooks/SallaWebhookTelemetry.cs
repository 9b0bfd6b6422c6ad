using System.Diagnostics;

namespace Salla.Codegen.Webhooks;

/// <summary>
/// The receiver's traces and metrics. Both the <see cref="ActivitySource"/> and the meter
/// (<see cref="SallaWebhookMetrics"/>) are named <see cref="Name"/>: with OpenTelemetry,
/// <c>AddSource("Salla.Codegen.Webhooks")</c> and <c>AddMeter("Salla.Codegen.Webhooks")</c>.
/// </summary>
public static class SallaWebhookTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "Salla.Codegen.Webhooks";

    /// <summary>Deliveries received, before any check.</summary>
    public const string ReceivedCounter = "salla.webhooks.received";

    /// <summary>Deliveries refused (401, 400, 408, 413), tagged <see cref="ReasonTagName"/>.</summary>
    public const string RefusedCounter = "salla.webhooks.refused";

    /// <summary>The tag saying why a delivery was refused: <c>signature_mismatch</c>, <c>malformed_body</c>, <c>payload_too_large</c>, …</summary>
    public const string ReasonTagName = "reason";

    /// <summary>The tag saying how a dispatched delivery ended: <c>handled</c>, <c>no_handler</c>, <c>unknown</c>, <c>malformed_body</c>, <c>handler_failed</c>.</summary>
    public const string OutcomeTagName = "salla.outcome";

    /// <summary>The tag naming the event, on the instruments below and on the activity.</summary>
    public const string EventTagName = "salla.event";

    /// <summary>
    /// The <see cref="EventTagName"/> value of every delivery whose event this build has no spec
    /// for, or whose name could not be read. The name comes from the sender: tagging it as is would
    /// let anyone add a metric series per made-up name. The real name is in the log line.
    /// </summary>
    public const string UnknownEventTag = "unknown";

    /// <summary>Deliveries dispatched without error, tagged <c>salla.event</c> and <c>salla.outcome</c>.</summary>
    public const string HandledCounter = "salla.webhooks.handled";

    /// <summary>Deliveries whose handler threw or that the inbox could not store, tagged <c>salla.event</c>.</summary>
    public const string FailedCounter = "salla.webhooks.failed";

    /// <summary>Redelivered bodies acknowledged without dispatch.</summary>
    public const string DuplicateCounter = "salla.webhooks.duplicated";

    /// <summary>Time spent parsing and in handlers, in milliseconds, tagged <c>salla.event</c> and <c>salla.outcome</c>.</summary>
    public const string HandlerDurationHistogram = "salla.webhooks.handler.duration";

    internal static readonly string? Version = typeof(SallaWebhookTelemetry).Assembly.GetName().Version?.ToString();

    /// <summary>Traces one activity per processed delivery.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>The one place that decides the <c>salla.event</c> value: a name the dispatcher knows, else <see cref="UnknownEventTag"/>.</summary>
    internal static string EventTag(ISallaEventDispatcher dispatcher, string? eventName) =>
        eventName is not null && dispatcher.IsKnownEvent(eventName) ? eventName : UnknownEventTag;

    internal static void Tag(Activity? activity, ISallaEventDispatcher dispatcher, SallaWebhookResult result)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag(OutcomeTagName, result.Outcome.ToString());
        activity.SetTag("http.response.status_code", result.StatusCode);
        if (result.EventName is not null)
        {
            activity.SetTag(EventTagName, EventTag(dispatcher, result.EventName));
        }

        if (result.Dispatch?.Event.Merchant is { } merchant)
        {
            activity.SetTag("salla.merchant", merchant);
        }

        if (result.DeliveryKey is not null)
        {
            activity.SetTag("salla.delivery_key", result.DeliveryKey);
        }

        if (!result.IsAcknowledged)
        {
            activity.SetStatus(ActivityStatusCode.Error, result.Reason);
        }
    }

}
