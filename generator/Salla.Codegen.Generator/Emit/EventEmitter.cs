using Salla.Codegen.Generator.Model;

namespace Salla.Codegen.Generator.Emit;

/// <summary>Emits one event class and its handler interface.</summary>
internal static class EventEmitter
{
    public static string Emit(EventToEmit input)
    {
        var e = input.Event;
        var options = input.Options;
        var eventType = e.ClassName + "Event";
        var dataType = TypeEmitter.TypeName(e.DataTypeName, options);
        var w = Header.Begin(options);

        w.Summary(e.Description, $"Salla sends it as <c>{SourceWriter.XmlEscape(e.Name)}</c>.");
        if (e.Deprecation is { } deprecation)
        {
            w.Line($"/// <remarks>Deprecated by Salla since {deprecation.Since}; subscribe to {SourceWriter.XmlEscape(string.Join(", ", deprecation.ReplacedBy))} instead.</remarks>");
        }

        w.Line(Header.GeneratedCode);
        w.Line($"[global::Salla.Codegen.SallaEvent({SourceWriter.Literal(e.Name)})]");
        w.Open($"{options.Visibility} sealed partial class {eventType} : global::Salla.Codegen.SallaEvent<{dataType}>");
        w.Line($"/// <summary>The event name, <c>{e.Name}</c>.</summary>");
        w.Line($"public const string Name = {SourceWriter.Literal(e.Name)};");
        w.Line();
        w.Line($"private static readonly global::Salla.Codegen.Metadata.SallaEnvelopeReader<{eventType}> Envelope =");
        w.Line($"    new(Name, static (ref global::System.Text.Json.Utf8JsonReader reader, {eventType} target) => target.Data = global::Salla.Codegen.Metadata.SallaJson.ReadRequiredObject(ref reader, {dataType}.Read));");
        w.Line();
        TypeEmitter.EmitConstructors(w, eventType, $"global::Salla.Codegen.Metadata.SallaEnvelopeReader<{eventType}>", baseCall: "base(Name)");
        w.Line($"/// <summary>Parses a <c>{e.Name}</c> webhook body; the event keeps the bytes in <see cref=\"global::Salla.Codegen.SallaEvent.RawBody\"/>.</summary>");
        w.Line($"/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The body is not JSON, is not a <c>{e.Name}</c> event, lacks its <c>data</c>, or a value cannot be read as its spec says.</exception>");
        w.Line($"public static {eventType} Parse(global::System.ReadOnlyMemory<byte> utf8Json) => Envelope.Read(utf8Json, new {eventType}(Envelope));");
        w.Close();
        w.Line();
        w.Line($"/// <summary>Handles <see cref=\"{eventType}\"/> (<c>{e.Name}</c>). Register implementations with your container; the dispatcher runs each.</summary>");
        w.Line(Header.GeneratedCode);
        w.Line($"{options.Visibility} interface I{e.ClassName}Handler : global::Salla.Codegen.ISallaEventHandler<{eventType}>");
        w.Line("{");
        w.Line("}");
        return Header.End(w);
    }
}
