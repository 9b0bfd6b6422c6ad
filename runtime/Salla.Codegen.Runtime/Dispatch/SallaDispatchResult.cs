namespace Salla.Codegen;

/// <summary>What dispatching one body did.</summary>
public enum SallaDispatchOutcome
{
    /// <summary>A known event reached at least one handler.</summary>
    Handled,

    /// <summary>A known event for which no handler is registered.</summary>
    NoHandler,

    /// <summary>An event with no spec in this build; unknown-event handlers saw it.</summary>
    Unknown,
}

/// <summary>The outcome of dispatching one webhook body.</summary>
/// <param name="EventName">The event name read from the body.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="HandlerCount">How many handlers ran.</param>
/// <param name="Event">The parsed event.</param>
public readonly record struct SallaDispatchResult([SallaEventName][property: SallaEventName] string EventName, SallaDispatchOutcome Outcome, int HandlerCount, SallaEvent Event);
