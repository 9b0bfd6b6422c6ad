using Microsoft.CodeAnalysis;

namespace Salla.Codegen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic Salla.Codegen reports, generator and analyzers alike: one catalogue, one prefix.
/// Each ID has a page under docs/diagnostics/ and a line in AnalyzerReleases.*.md.
/// </summary>
internal static class SallaDiagnostics
{
    private const string SpecsCategory = "Salla.Specs";
    private const string UsageCategory = "Salla.Usage";
    private const string DeprecationCategory = "Salla.Deprecation";

    public static readonly DiagnosticDescriptor InvalidSpec = new(
        "SALLA001",
        "A Salla spec cannot be used",
        "{0}",
        SpecsCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A *.salla.json file is not valid JSON, not readable as JSON Schema, or breaks the spec conventions; the types it describes are not generated.",
        helpLinkUri: HelpLink("SALLA001"));

    public static readonly DiagnosticDescriptor UnknownEventInFilter = new(
        "SALLA002",
        "SallaCodegenEvents names no known event",
        "SallaCodegenEvents names '{0}', which matches no documented or user-specified Salla event",
        SpecsCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An entry of the SallaCodegenEvents MSBuild property matches no event, so nothing is generated for it; check its spelling.",
        helpLinkUri: HelpLink("SALLA002"));

    public static readonly DiagnosticDescriptor UnhandledSubscribedEvent = new(
        "SALLA101",
        "Subscribed Salla event has no handler",
        "The app subscribes to '{0}' but no class implements {1}; Salla's deliveries of it are acknowledged and dropped",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Every event listed in [assembly: SallaSubscriptions(...)] should have a handler.",
        helpLinkUri: HelpLink("SALLA101"));

    public static readonly DiagnosticDescriptor HandlerForUnsubscribedEvent = new(
        "SALLA102",
        "Handler for a Salla event the app does not subscribe to",
        "{0} handles '{1}', which [assembly: SallaSubscriptions(...)] does not list; Salla will not send it",
        UsageCategory,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "A handler for an event that is not subscribed never runs; subscribe to the event or remove the handler.",
        helpLinkUri: HelpLink("SALLA102"));

    public static readonly DiagnosticDescriptor EventTypeNotGenerated = new(
        "SALLA104",
        "Salla event type is not generated in this project",
        "'{0}' is the type of '{1}', which the SallaCodegenEvents property leaves out; add '{1}' to it",
        UsageCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A project that sets the SallaCodegenEvents property generates the types of exactly those events; code that names the event class or handler interface of another event needs that event added to the property.",
        helpLinkUri: HelpLink("SALLA104"));

    public static readonly DiagnosticDescriptor IncompleteEventSwitch = new(
        "SALLA103",
        "Switch over Salla events misses events",
        "This switch over Salla events has no default and misses: {0}",
        UsageCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A switch over the generated event types or name constants without a default case silently ignores the events it does not list.",
        helpLinkUri: HelpLink("SALLA103"));

    public static readonly DiagnosticDescriptor DeprecatedMember = new(
        "SALLA201",
        "Salla deprecated this field",
        "'{0}' is deprecated by Salla since {1}; read {2} instead",
        DeprecationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The field is still sent and populated, but Salla has deprecated it in favour of another.",
        helpLinkUri: HelpLink("SALLA201"));

    public static readonly DiagnosticDescriptor DeprecatedRawField = new(
        "SALLA202",
        "Salla deprecated this JSON field",
        "The JSON field '{0}' of a Salla payload is deprecated by Salla since {1}; read {2} instead",
        DeprecationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Reading a deprecated field by name from a Salla payload's raw JSON.",
        helpLinkUri: HelpLink("SALLA202"));

    public static readonly DiagnosticDescriptor UnknownEventName = new(
        "SALLA301",
        "Unknown Salla event name",
        "'{0}' is not a documented or user-specified Salla event{1}",
        UsageCategory,
        DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "A string used as a Salla event name matches no event in the specs; it would never match a delivery.",
        helpLinkUri: HelpLink("SALLA301"));

    public static readonly DiagnosticDescriptor DeprecatedEvent = new(
        "SALLA302",
        "Salla deprecated this event",
        "'{0}' is deprecated by Salla since {1}; use {2}",
        DeprecationCategory,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Subscribing to or handling an event that Salla has deprecated.",
        helpLinkUri: HelpLink("SALLA302"));

    public static string HelpLink(string id) => $"https://github.com/salla-codegen/salla-codegen/blob/main/docs/diagnostics/{id}.md";
}
