using System;
using System.Collections.Generic;

namespace Salla.Codegen;

/// <summary>What the specs say about one event, and the generated types that carry it.</summary>
/// <param name="Name">The event name, such as <c>order.created</c>.</param>
/// <param name="Group">The event's group: order, product, app, communication, …</param>
/// <param name="Description">One line on when Salla sends it.</param>
/// <param name="EventType">The generated event class.</param>
/// <param name="DataType">The generated type of its <c>data</c>.</param>
/// <param name="HandlerType">The generated handler interface.</param>
/// <param name="DeprecatedSince">When Salla deprecated the event (yyyy-MM-dd), or null.</param>
/// <param name="ReplacedBy">The events that replace a deprecated one.</param>
public sealed record SallaEventInfo(
    [SallaEventName][property: SallaEventName] string Name,
    string Group,
    string Description,
    Type EventType,
    Type DataType,
    Type HandlerType,
    string? DeprecatedSince,
    IReadOnlyList<string> ReplacedBy);
