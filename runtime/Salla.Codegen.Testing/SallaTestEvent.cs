using System;
using System.Text.Json;

namespace Salla.Codegen.Testing;

/// <summary>
/// Builds typed events for tests from Salla's documented examples. The generator calls it from the
/// <c>SallaTestEvents</c> factories it writes into a project that references this kit
/// (<c>SallaTestEvents.OrderCreated(e =&gt; e.Data.Status.Slug = "completed")</c>); call it directly for
/// an event type of your own.
/// </summary>
public static class SallaTestEvent
{
    /// <summary>
    /// Reads the example of <paramref name="eventName"/> (see <see cref="SallaExamples"/>) with
    /// <paramref name="parse"/>, applies <paramref name="edit"/>, then writes the edited event and reads it
    /// again, so the event returned, its <see cref="SallaEvent.RawBody"/> included, is exactly what a
    /// receiver would get for that body. Without an edit the example's own bytes are the body.
    /// </summary>
    /// <typeparam name="TEvent">The generated event type.</typeparam>
    /// <param name="eventName">The event, such as <c>order.created</c>.</param>
    /// <param name="parse">The event type's <c>Parse</c>.</param>
    /// <param name="edit">Changes the parsed example; null to take it as documented.</param>
    /// <exception cref="ArgumentException"><paramref name="eventName"/> is not an event the specs define.</exception>
    /// <exception cref="InvalidOperationException">
    /// The example does not read as <typeparamref name="TEvent"/>, or the edited event cannot be written or is
    /// not a body <paramref name="parse"/> accepts (a required member set to null, say); the message names the
    /// event and the inner exception, a <see cref="SallaPayloadException"/> where the reader refused it, says where.
    /// </exception>
    public static TEvent FromExample<TEvent>(string eventName, Func<ReadOnlyMemory<byte>, TEvent> parse, Action<TEvent>? edit)
        where TEvent : SallaEvent
    {
        ArgumentNullException.ThrowIfNull(parse);
        var example = SallaExamples.Get(eventName);

        TEvent parsed;
        try
        {
            parsed = parse(example);
        }
        catch (SallaPayloadException e)
        {
            throw new InvalidOperationException($"The example of {eventName} does not read as {typeof(TEvent).Name}: {e.Message}", e);
        }

        if (edit is null)
        {
            return parsed;
        }

        edit(parsed);

        byte[] body;
        try
        {
            body = parsed.ToJson();
        }
        catch (Exception e) when (e is SallaPayloadException or InvalidOperationException or NullReferenceException or JsonException or ArgumentException)
        {
            throw new InvalidOperationException($"The edited {eventName} event cannot be written as a webhook body: {e.Message}", e);
        }

        try
        {
            return parse(body);
        }
        catch (SallaPayloadException e)
        {
            throw new InvalidOperationException($"The edited {eventName} event is not a body a receiver would accept: {e.Message}", e);
        }
    }
}
