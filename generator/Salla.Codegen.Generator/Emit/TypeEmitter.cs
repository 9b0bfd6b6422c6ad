using System.Linq;
using Salla.Codegen.Generator.Model;
using Salla.Codegen.Generator.Parsing;

namespace Salla.Codegen.Generator.Emit;

/// <summary>Emits one payload type: its properties, the known values of its open enums, and its reader.</summary>
internal static class TypeEmitter
{
    private const string Json = "global::Salla.Codegen.Metadata.SallaJson";

    public static string Emit(TypeToEmit input)
    {
        var type = input.Type;
        var options = input.Options;
        var w = Header.Begin(options);

        w.Summary(type.Description);
        w.Line(Header.GeneratedCode);
        w.Open($"{options.Visibility} sealed partial class {type.Name} : global::Salla.Codegen.SallaObject");

        foreach (var property in type.Properties)
        {
            EmitProperty(w, property, options);
        }

        foreach (var property in type.Properties.Where(p => p.EnumValues.Count > 0))
        {
            EmitKnownValues(w, property);
        }

        EmitConstructors(w, type.Name, $"global::Salla.Codegen.Metadata.SallaObjectReader<{type.Name}>", baseCall: null);
        EmitReader(w, type, options);
        EmitWriter(w, type, options);
        w.Close();
        return Header.End(w);
    }

    private static void EmitProperty(SourceWriter w, PropertySpec property, GeneratorOptions options)
    {
        w.Summary(property.Description);
        if (property.EnumValues.Count > 0)
        {
            w.Line($"/// <remarks>Known values are in <see cref=\"{property.ClrName}Values\"/>; Salla may send others, which are kept as sent.</remarks>");
        }

        // Every doc comment line comes before the first attribute: one after an attribute documents nothing (CS1587).
        var maxLength = property.MaxLength?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (maxLength is not null)
        {
            w.Line($"/// <remarks>At most {maxLength} characters.</remarks>");
        }

        if (property.Deprecation is { } deprecation)
        {
            w.Line($"/// <remarks>Deprecated by Salla since {deprecation.Since}: read <c>{SourceWriter.XmlEscape(deprecation.Replacement)}</c> instead.{(deprecation.Note is null ? string.Empty : " " + SourceWriter.XmlEscape(deprecation.Note))}</remarks>");
            w.Line($"[global::Salla.Codegen.SallaDeprecated({SourceWriter.Literal(deprecation.Since)}, {SourceWriter.Literal(deprecation.Replacement)})]");
        }

        // StringLength, not MaxLength: the spec's maxLength is for text only, and MaxLength's
        // constructor requires unreferenced code, a trim/AOT warning in every consumer's publish.
        if (maxLength is not null)
        {
            w.Line($"[global::System.ComponentModel.DataAnnotations.StringLength({maxLength})]");
        }

        w.Line($"[global::Salla.Codegen.SallaMember({SourceWriter.Literal(property.JsonName)})]");
        // A member the spec requires is required by the compiler too, when the object is built in code.
        var clrType = ClrType(property.Value, options);
        var required = property.IsRequired ? "required " : string.Empty;
        w.Line($"public {required}{clrType}{(property.IsNullable ? "?" : string.Empty)} {property.ClrName} {{ get; set; }}");
        w.Line();
    }

    private static void EmitKnownValues(SourceWriter w, PropertySpec property)
    {
        w.Line($"/// <summary>Values of <see cref=\"{property.ClrName}\"/> that Salla documents.</summary>");
        w.Open($"public static class {property.ClrName}Values");
        var used = new System.Collections.Generic.HashSet<string>(System.StringComparer.Ordinal);
        foreach (var value in property.EnumValues)
        {
            var name = Naming.ToPascalCase(value);
            var candidate = name;
            for (var i = 2; !used.Add(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            w.Line($"/// <summary><c>{SourceWriter.XmlEscape(value)}</c></summary>");
            w.Line($"public const string {candidate} = {SourceWriter.Literal(value)};");
        }

        w.Close();
        w.Line();
    }

    // The runtime owns the loop (names, duplicates, extension data, paths, required members); the
    // type supplies its member table and a switch that reads one member.
    private static void EmitReader(SourceWriter w, TypeSpec type, GeneratorOptions options)
    {
        var properties = type.Properties;
        var scalar = type.ScalarMember is { } scalarName ? IndexOf(properties, scalarName) : -1;
        w.Line($"private static readonly global::Salla.Codegen.Metadata.SallaObjectReader<{type.Name}> Reader = new(");
        w.Indent();
        w.Line("ReadMember,");
        w.Line("new global::Salla.Codegen.Metadata.SallaMemberSpec[]");
        w.Line("{");
        w.Indent();
        foreach (var property in properties)
        {
            var required = property.IsRequired ? ", IsRequired: true" : string.Empty;
            w.Line($"new({SourceWriter.Literal(property.JsonName)}, {SourceWriter.Literal(KindName(property.Value))}{required}),");
        }

        w.Unindent();
        if (scalar < 0)
        {
            w.Line("});");
        }
        else
        {
            w.Line("},");
            w.Line($"scalarMember: {scalar.ToString(System.Globalization.CultureInfo.InvariantCulture)});");
        }

        w.Unindent();
        w.Line();
        w.Line($"/// <summary>Reads a <see cref=\"{type.Name}\"/> at the reader's position, leniently, keeping unknown members in <see cref=\"global::Salla.Codegen.SallaObject.ExtensionData\"/>.</summary>");
        w.Line("/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The value cannot be taken as this type, a required member is missing or null, or a member is sent twice.</exception>");
        w.Line($"public static {type.Name} Read(ref global::System.Text.Json.Utf8JsonReader reader) => Reader.Read(ref reader, new {type.Name}(Reader));");
        w.Line();
        w.Open($"private static void ReadMember(ref global::System.Text.Json.Utf8JsonReader reader, {type.Name} target, int member)");
        w.Open("switch (member)");
        for (var i = 0; i < properties.Count; i++)
        {
            var property = properties[i];
            w.Line($"case {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}:");
            w.Indent();
            w.Line($"target.{property.ClrName} = {MemberValue(property, options)};");
            w.Line("break;");
            w.Unindent();
        }

        w.Close();
        w.Close();
    }

    // A member the spec does not allow to be null is refused when null; a required object also refuses PHP's [].
    // A date member is read with its owner, which remembers how it was sent for writing it back.
    private static string MemberValue(PropertySpec property, GeneratorOptions options)
    {
        var read = property.Value.Kind == ValueKind.DateTime
            ? $"{Json}.ReadDateTime(ref reader, target, {SourceWriter.Literal(property.JsonName)})"
            : ReadExpression(property.Value, options, "reader");
        if (property.IsNullable)
        {
            return read;
        }

        return property.Value.Kind == ValueKind.Object
            ? $"{Json}.ReadRequiredObject(ref reader, {TypeName(property.Value.ObjectTypeName!, options)}.Read)"
            : $"{read} ?? throw global::Salla.Codegen.Metadata.SallaRequired.Null({SourceWriter.Literal(KindName(property.Value))})";
    }

    /// <summary>
    /// A public constructor for building the type in code (the compiler asks for the required members), and a
    /// private one for <paramref name="readerType"/>, which fills the members and refuses a body that lacks one.
    /// </summary>
    internal static void EmitConstructors(SourceWriter w, string typeName, string readerType, string? baseCall)
    {
        var chained = baseCall is null ? string.Empty : " : " + baseCall;
        w.Line($"/// <summary>Creates a <see cref=\"{typeName}\"/> in code, such as in a test; the compiler asks for the members the spec requires.</summary>");
        w.Line($"public {typeName}(){chained}");
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("// The reader sets every required member, and refuses a body without one.");
        w.Line("#pragma warning disable CS8618");
        w.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        w.Line($"private {typeName}({readerType} reader){chained}");
        w.Line("{");
        w.Line("}");
        w.Line("#pragma warning restore CS8618");
        w.Line();
    }

    private static void EmitWriter(SourceWriter w, TypeSpec type, GeneratorOptions options)
    {
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Open("protected override void WriteMembers(global::System.Text.Json.Utf8JsonWriter writer)");
        foreach (var property in type.Properties)
        {
            var name = SourceWriter.Literal(property.JsonName);
            var writeNull = property.IsRequired ? "true" : "false";
            var value = property.Value;
            w.Line(value.Kind switch
            {
                ValueKind.DateTime => $"{Json}.WriteDateTime(writer, {name}, {property.ClrName}, this, writeNull: {writeNull});",
                ValueKind.Array => $"{Json}.WriteList(writer, {name}, {property.ClrName}, {ItemWriter(value.Element!)}, writeNull: {writeNull});",
                _ => $"{Json}.Write{WriterName(value)}(writer, {name}, {property.ClrName}, writeNull: {writeNull});",
            });
        }

        w.Close();
    }

    private static string ItemWriter(ValueSpec element) => element.Kind == ValueKind.Array
        ? $"static (w, item) => {Json}.WriteListValue(w, item, {ItemWriter(element.Element!)})"
        : $"{Json}.Write{WriterName(element)}Value";

    private static string WriterName(ValueSpec value) => value.Kind switch
    {
        ValueKind.String => "String",
        ValueKind.Integer => "Int64",
        ValueKind.Number => "Decimal",
        ValueKind.Boolean => "Boolean",
        ValueKind.DateTime => "DateTime",
        ValueKind.Any => "Any",
        ValueKind.Object => "Object",
        _ => throw new System.ArgumentOutOfRangeException(nameof(value)),
    };

    private static int IndexOf(EquatableArray<PropertySpec> properties, string jsonName)
    {
        for (var i = 0; i < properties.Count; i++)
        {
            if (properties[i].JsonName == jsonName)
            {
                return i;
            }
        }

        throw new System.InvalidOperationException($"The scalar member '{jsonName}' is not a property.");
    }

    /// <summary>The expression that reads <paramref name="value"/> from <paramref name="reader"/>; its type is nullable.</summary>
    internal static string ReadExpression(ValueSpec value, GeneratorOptions options, string reader) => value.Kind switch
    {
        ValueKind.String => $"{Json}.ReadString(ref {reader})",
        ValueKind.Integer => $"{Json}.ReadInt64(ref {reader})",
        ValueKind.Number => $"{Json}.ReadDecimal(ref {reader})",
        ValueKind.Boolean => $"{Json}.ReadBoolean(ref {reader})",
        ValueKind.DateTime => $"{Json}.ReadDateTime(ref {reader})",
        ValueKind.Any => $"{Json}.ReadAny(ref {reader})",
        ValueKind.Object => $"{Json}.ReadObject(ref {reader}, {TypeName(value.ObjectTypeName!, options)}.Read)",
        ValueKind.Array => ReadListExpression(value.Element!, options, reader),
        _ => throw new System.ArgumentOutOfRangeException(nameof(value)),
    };

    // Items are nullable: a null item keeps its place, so the list reads back as long and in the order sent.
    private static string ReadListExpression(ValueSpec element, GeneratorOptions options, string reader) =>
        $"{Json}.ReadList<{ClrType(element, options)}{(IsValueType(element) ? "?" : string.Empty)}>(ref {reader}, {ItemReader(element, options)})";

    private static string ItemReader(ValueSpec element, GeneratorOptions options) => element.Kind switch
    {
        ValueKind.Object => $"{TypeName(element.ObjectTypeName!, options)}.Read",
        ValueKind.String => $"{Json}.ReadString",
        ValueKind.Integer => $"{Json}.ReadInt64",
        ValueKind.Number => $"{Json}.ReadDecimal",
        ValueKind.Boolean => $"{Json}.ReadBoolean",
        ValueKind.DateTime => $"{Json}.ReadDateTime",
        ValueKind.Any => $"{Json}.ReadAny",
        _ => $"static (ref global::System.Text.Json.Utf8JsonReader item) => {ReadExpression(element, options, "item")}",
    };

    internal static string ClrType(ValueSpec value, GeneratorOptions options) => value.Kind switch
    {
        ValueKind.String => "string",
        ValueKind.Integer => "long",
        ValueKind.Number => "decimal",
        ValueKind.Boolean => "bool",
        ValueKind.DateTime => "global::System.DateTimeOffset",
        ValueKind.Any => "global::System.Text.Json.JsonElement",
        ValueKind.Object => TypeName(value.ObjectTypeName!, options),
        ValueKind.Array => $"global::System.Collections.Generic.IReadOnlyList<{ClrType(value.Element!, options)}?>",
        _ => throw new System.ArgumentOutOfRangeException(nameof(value)),
    };

    internal static string TypeName(string name, GeneratorOptions options) => $"global::{options.Namespace}.{name}";

    private static bool IsValueType(ValueSpec value) =>
        value.Kind is ValueKind.Integer or ValueKind.Number or ValueKind.Boolean or ValueKind.DateTime or ValueKind.Any;

    private static string KindName(ValueSpec value) => value.Kind switch
    {
        ValueKind.DateTime => "date-time",
        ValueKind.Object => value.ObjectTypeName ?? "object",
        _ => value.Kind.ToString().ToLowerInvariant(),
    };
}
