using System.Linq;
using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Emit;

/// <summary>Emits <c>SallaEvents</c> (name constants, name ↔ type, parsing by name) and <c>SallaEventDispatcher</c>.</summary>
internal static class CatalogueEmitter
{
    public static string EmitCatalogue(CatalogueToEmit input)
    {
        var options = input.Options;
        var w = Header.Begin(options, a => EmitFacts(a, input.Facts));
        w.Line("/// <summary>Every Salla event this build knows: name constants, what the specs say of each, and parsing by name.</summary>");
        w.Line(Header.GeneratedCode);
        w.Open($"{options.Visibility} static partial class SallaEvents");

        foreach (var e in input.Known)
        {
            w.Line($"/// <summary><c>{e.Name}</c>: {SourceWriter.XmlEscape(e.Description)}</summary>");
            if (!input.Selection.Includes(e.Name))
            {
                w.Line($"/// <remarks>{NotGeneratedRemark(input.Selection.Source, e)}</remarks>");
            }

            w.Line($"public const string {e.ClassName} = {SourceWriter.Literal(e.Name)};");
            w.Line();
        }

        // Routing matches a body's name against these in place, so a known event costs no string.
        w.Line("internal static readonly global::Salla.Codegen.Metadata.SallaEventNames KnownNames = new(");
        w.Indent();
        for (var i = 0; i < input.Events.Count; i++)
        {
            w.Line(input.Events[i].ClassName + (i == input.Events.Count - 1 ? string.Empty : ","));
        }

        w.Unindent();
        w.Line(");");
        w.Line();
        w.Line("/// <summary>What the specs say about each event, in name order.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<global::Salla.Codegen.SallaEventInfo> All { get; } = new global::Salla.Codegen.SallaEventInfo[]");
        w.Line("{");
        foreach (var e in input.Events)
        {
            var replacedBy = e.Deprecation is null || e.Deprecation.ReplacedBy.Count == 0
                ? "global::System.Array.Empty<string>()"
                : "new string[] { " + string.Join(", ", e.Deprecation.ReplacedBy.Select(SourceWriter.Literal)) + " }";
            w.Line($"    new global::Salla.Codegen.SallaEventInfo({SourceWriter.Literal(e.Name)}, {SourceWriter.Literal(e.Group)}, {SourceWriter.Literal(e.Description)}, typeof({EventType(e, options)}), typeof({TypeEmitter.TypeName(e.DataTypeName, options)}), typeof({HandlerType(e, options)}), {(e.Deprecation is null ? "null" : SourceWriter.Literal(e.Deprecation.Since))}, {replacedBy}),");
        }

        w.Line("};");
        w.Line();
        w.Line("/// <summary>What the specs say about <paramref name=\"name\"/>, or null when this build does not know it.</summary>");
        w.Open("public static global::Salla.Codegen.SallaEventInfo? Find([global::Salla.Codegen.SallaEventName] string name)");
        EmitEventSwitch(w, "name", input.Events, (_, index) => $"return All[{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}];", "return null;");
        w.Close();
        w.Line();
        w.Line("/// <summary>The event a generated event type carries, or null for a type that is not one.</summary>");
        w.Open("public static global::Salla.Codegen.SallaEventInfo? Find(global::System.Type eventType)");
        w.Open("foreach (var info in All)");
        w.Open("if (info.EventType == eventType)");
        w.Line("return info;");
        w.Close();
        w.Close();
        w.Line();
        w.Line("return null;");
        w.Close();
        w.Line();
        w.Line("/// <summary>Parses a webhook body into its typed event, or <see cref=\"global::Salla.Codegen.SallaUnknownEvent\"/> for an event this build does not know.</summary>");
        w.Line("/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The body is not a Salla envelope, or a value cannot be read as its spec says.</exception>");
        w.Open("public static global::Salla.Codegen.SallaEvent Parse(global::System.ReadOnlyMemory<byte> utf8Json)");
        EmitEventSwitch(w, ReadEventName(options), input.Events, (e, _) => $"return {EventType(e, options)}.Parse(utf8Json);", "return global::Salla.Codegen.SallaUnknownEvent.Parse(utf8Json);");
        w.Close();
        w.Close();
        return Header.End(w);
    }

    public static string EmitDispatcher(CatalogueToEmit input)
    {
        var options = input.Options;
        var w = Header.Begin(options);
        w.SummaryXml(
            "Reads the event name from a webhook body, parses the body into that event's type and runs the",
            "handlers the service provider has for it, then every <see cref=\"global::Salla.Codegen.ISallaAnyEventHandler\"/>.",
            "Unknown events go to <see cref=\"global::Salla.Codegen.ISallaUnknownEventHandler\"/>. No reflection: safe to trim and AOT-compile.");
        w.Line(Header.GeneratedCode);
        w.Open($"{options.Visibility} sealed partial class SallaEventDispatcher : global::Salla.Codegen.ISallaEventDispatcher");
        w.Line("private readonly global::System.IServiceProvider _services;");
        w.Line();
        w.Line("/// <summary>Creates a dispatcher that resolves handlers as <c>IEnumerable&lt;THandler&gt;</c> from <paramref name=\"services\"/>.</summary>");
        w.Open("public SallaEventDispatcher(global::System.IServiceProvider services)");
        w.Line("_services = services ?? throw new global::System.ArgumentNullException(nameof(services));");
        w.Close();
        w.Line();
        w.Line("/// <summary>Dispatches one webhook body (the raw bytes Salla sent).</summary>");
        w.Line("/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The body is not a Salla envelope, or a value cannot be read as its spec says.</exception>");
        w.Open("public global::System.Threading.Tasks.ValueTask<global::Salla.Codegen.SallaDispatchResult> DispatchAsync(global::System.ReadOnlyMemory<byte> utf8Json, global::System.Threading.CancellationToken cancellationToken = default)");
        EmitEventSwitch(
            w,
            ReadEventName(options),
            input.Events,
            (e, _) => $"return global::Salla.Codegen.Metadata.SallaDispatch.InvokeAsync<{HandlerType(e, options)}, {EventType(e, options)}>(_services, {EventType(e, options)}.Parse(utf8Json), cancellationToken);",
            "return global::Salla.Codegen.Metadata.SallaDispatch.InvokeUnknownAsync(_services, utf8Json, cancellationToken);");
        w.Close();
        w.Line();
        // Explicit: the receiver's telemetry asks it through the interface; a user asks SallaEvents.Find.
        w.Line("/// <inheritdoc />");
        w.Open("bool global::Salla.Codegen.ISallaEventDispatcher.IsKnownEvent([global::Salla.Codegen.SallaEventName] string eventName)");
        w.Line($"return {KnownNames(options)}.Contains(eventName);");
        w.Close();
        w.Close();
        return Header.End(w);
    }

    /// <summary>
    /// The specs' events and deprecated fields as assembly attributes: the analyzers of this project, and of any
    /// project referencing it, read them from the compilation instead of parsing the specs again.
    /// </summary>
    private static void EmitFacts(SourceWriter w, SpecFacts facts)
    {
        foreach (var e in facts.Events)
        {
            var named = string.Empty;
            if (e.Deprecation is { } deprecation)
            {
                named += ", DeprecatedSince = " + SourceWriter.Literal(deprecation.Since);
                if (deprecation.ReplacedBy.Count > 0)
                {
                    named += ", ReplacedBy = new string[] { " + string.Join(", ", deprecation.ReplacedBy.Select(SourceWriter.Literal)) + " }";
                }

                if (deprecation.Note is not null)
                {
                    named += ", DeprecationNote = " + SourceWriter.Literal(deprecation.Note);
                }
            }

            w.Line($"[assembly: global::Salla.Codegen.SallaKnownEvent({SourceWriter.Literal(e.Name)}, {SourceWriter.Literal(e.Group)}{named})]");
        }

        foreach (var f in facts.Fields)
        {
            var note = f.Deprecation.Note is null ? string.Empty : ", Note = " + SourceWriter.Literal(f.Deprecation.Note);
            w.Line($"[assembly: global::Salla.Codegen.SallaDeprecatedField({SourceWriter.Literal(f.JsonName)}, {SourceWriter.Literal(f.Deprecation.Since)}, {SourceWriter.Literal(f.Deprecation.Replacement)}{note})]");
        }
    }

    /// <summary>Why an event has no types in this project, and the one change that gives it them.</summary>
    internal static string NotGeneratedRemark(SelectionSource source, EventSpec e) => source == SelectionSource.Property
        ? $"Its types (<c>{e.ClassName}Event</c>, <c>I{e.ClassName}Handler</c>) are not generated: the SallaCodegenEvents property leaves it out. Add <c>{SourceWriter.XmlEscape(e.Name)}</c> to it."
        : $"Its types (<c>{e.ClassName}Event</c>, <c>I{e.ClassName}Handler</c>) are not generated: the project generates the events its <c>[assembly: SallaSubscriptions(...)]</c> lists and those its code names. Add <c>SallaEvents.{e.ClassName}</c> there, or name either type.";

    private static string KnownNames(GeneratorOptions options) => $"global::{options.Namespace}.SallaEvents.KnownNames";

    private static string ReadEventName(GeneratorOptions options) => KnownNames(options) + ".ReadEventName(utf8Json.Span)";

    /// <summary>A switch over the event names, one <c>case</c> per event with the statement <paramref name="statement"/> gives it (the event and its index).</summary>
    private static void EmitEventSwitch(SourceWriter w, string subject, EquatableArray<EventSpec> events, System.Func<EventSpec, int, string> statement, string defaultStatement)
    {
        w.Open($"switch ({subject})");
        for (var i = 0; i < events.Count; i++)
        {
            w.Line($"case {SourceWriter.Literal(events[i].Name)}: {statement(events[i], i)}");
        }

        w.Line($"default: {defaultStatement}");
        w.Close();
    }

    private static string EventType(EventSpec e, GeneratorOptions options) => $"global::{options.Namespace}.{e.ClassName}Event";

    private static string HandlerType(EventSpec e, GeneratorOptions options) => $"global::{options.Namespace}.I{e.ClassName}Handler";
}
