using System;
using System.Collections.Generic;
using System.Linq;

namespace Salla.Codegen.Generator.Model;

/// <summary>What chose the events a build generates.</summary>
internal enum SelectionSource
{
    /// <summary>Every event: nothing narrows, or <c>SallaCodegenEvents</c> is <c>*</c>.</summary>
    Everything,

    /// <summary>The <c>SallaCodegenEvents</c> MSBuild property.</summary>
    Property,

    /// <summary><c>[assembly: SallaSubscriptions(...)]</c>.</summary>
    Subscriptions,
}

/// <summary>
/// The events a build generates types for. The <c>SallaCodegenEvents</c> property wins when set (<c>*</c> for every
/// event); otherwise the events <c>[assembly: SallaSubscriptions(...)]</c> lists, since Salla sends an app nothing
/// else, and those whose class or handler the code names; otherwise every event. Compiling types an app never uses is most of what the package adds to its build.
/// </summary>
internal sealed record EventSelection(SelectionSource Source, EquatableArray<string> Patterns)
{
    public const string EveryEvent = "*";

    public static readonly EventSelection Everything = new(SelectionSource.Everything, EquatableArray<string>.Empty);

    /// <param name="usedClassNames">Event class names the project's code names (<c>XEvent</c>, <c>IXHandler</c>): a handler
    /// written for an event the subscriptions leave out still compiles.</param>
    public static EventSelection Of(GeneratorOptions options, Subscriptions subscriptions, EquatableArray<string> usedClassNames, SpecCatalogue catalogue)
    {
        if (options.EventFilter.Count > 0)
        {
            return options.EventFilter.Any(f => f == EveryEvent) ? Everything : new EventSelection(SelectionSource.Property, options.EventFilter);
        }

        if (!subscriptions.Declared || subscriptions.HasUnreadableEntry)
        {
            return Everything;
        }

        // A SallaEvents constant and a class or handler in code both name an event by its class name.
        var classNames = new HashSet<string>(subscriptions.Entries.Where(e => e.IsConstantName).Select(e => e.Text).Concat(usedClassNames), StringComparer.Ordinal);
        var names = subscriptions.Entries
            .Where(entry => !entry.IsConstantName)
            .Select(entry => entry.Text)
            .Concat(catalogue.Events.Where(e => classNames.Contains(e.ClassName)).Select(e => e.Name))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToEquatableArray();
        return new EventSelection(SelectionSource.Subscriptions, names);
    }

    public bool Includes(string eventName) => Source == SelectionSource.Everything || Patterns.Any(p => Matches(p, eventName));

    /// <summary><c>*</c> matches every event, <c>order.*</c> every event under <c>order.</c>; anything else must match exactly.</summary>
    public static bool Matches(string pattern, string eventName) =>
        pattern == EveryEvent
        || (pattern.EndsWith(".*", StringComparison.Ordinal)
            ? eventName.StartsWith(pattern.Substring(0, pattern.Length - 1), StringComparison.Ordinal)
            : string.Equals(pattern, eventName, StringComparison.Ordinal));
}
