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

        EmitConstructors(w, type.Name, "ref global::System.Text.Json.Utf8JsonReader reader", $"{MembersField}.Read(ref reader, this)", baseCall: null);
        EmitMembers(w, type, options);
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

    /// <summary>The generated type's member table; the parser gives a JSON member of this name a suffix.</summary>
    private const string MembersField = "SallaMembers";

    // One row per member, the only place its JSON name is written: the runtime reads and writes the type from the
    // rows (names, duplicates, extension data, paths, required members), so nothing ties a member to a position.
    private static void EmitMembers(SourceWriter w, TypeSpec type, GeneratorOptions options)
    {
        var table = $"global::Salla.Codegen.Metadata.SallaObjectMembers<{type.Name}>";
        if (type.Properties.Count == 0)
        {
            w.Line($"private static readonly {table} {MembersField} = new(static _ => global::System.Array.Empty<global::Salla.Codegen.Metadata.SallaMember<{type.Name}>>());");
        }
        else
        {
            w.Line($"private static readonly {table} {MembersField} = new(static m => new[]");
            w.Line("{");
            w.Indent();
            foreach (var property in type.Properties)
            {
                w.Line(MemberRow(property, type.ScalarMember == property.JsonName, options) + ",");
            }

            w.Unindent();
            w.Line("});");
        }

        w.Line();
        w.Line($"/// <summary>Reads a <see cref=\"{type.Name}\"/> at the reader's position, leniently, keeping unknown members in <see cref=\"global::Salla.Codegen.SallaObject.ExtensionData\"/>.</summary>");
        w.Line("/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The value cannot be taken as this type, a required member is missing or null, or a member is sent twice.</exception>");
        w.Line($"public static {type.Name} Read(ref global::System.Text.Json.Utf8JsonReader reader) => new(ref reader);");
        w.Line();
        w.Line("/// <inheritdoc />");
        w.Line($"protected override void WriteMembers(global::System.Text.Json.Utf8JsonWriter writer) => {MembersField}.Write(writer, this);");
    }

    // m.Int64("id", static t => t.Id, static (t, v) => t.Id = v, required: true): a member the spec does not let be
    // null is refused when null (a required object also when PHP's []), so its setter can take the value as not null.
    private static string MemberRow(PropertySpec property, bool isScalar, GeneratorOptions options)
    {
        var value = property.Value;
        var name = SourceWriter.Literal(property.JsonName);
        var kind = value.Kind switch
        {
            ValueKind.Object => $"Object<{TypeName(value.ObjectTypeName!, options)}>({name}, {TypeName(value.ObjectTypeName!, options)}.Read, ",
            ValueKind.Array => $"List<{ItemType(value.Element!, options)}>({name}, {ItemReader(value.Element!, options)}, {ItemWriter(value.Element!)}, ",
            _ => $"{WriterName(value)}({name}, ",
        };
        var notNull = property.IsNullable ? string.Empty : IsValueType(value) ? "!.Value" : "!";
        var row = $"m.{kind}static t => t.{property.ClrName}, static (t, v) => t.{property.ClrName} = v{notNull}";
        if (property.IsRequired)
        {
            row += ", required: true";
        }

        if (!property.IsNullable)
        {
            row += ", nullable: false";
        }

        return isScalar ? row + ", scalar: true)" : row + ")";
    }

    /// <summary>
    /// A public constructor for building the type in code (the compiler asks for the required members), and a
    /// private one that reads it, which sets every member the spec requires or throws.
    /// </summary>
    internal static void EmitConstructors(SourceWriter w, string typeName, string readingParameters, string reading, string? baseCall)
    {
        var chained = baseCall is null ? string.Empty : " : " + baseCall;
        w.Line($"/// <summary>Creates a <see cref=\"{typeName}\"/> in code, such as in a test; the compiler asks for the members the spec requires.</summary>");
        w.Line($"public {typeName}(){chained}");
        w.Line("{");
        w.Line("}");
        w.Line();
        w.Line("// Reading sets every member the spec requires, and refuses a body without one; the compiler cannot see that.");
        w.Line("#pragma warning disable CS8618");
        w.Line("[global::System.Diagnostics.CodeAnalysis.SetsRequiredMembers]");
        w.Line($"private {typeName}({readingParameters}){chained} => {reading};");
        w.Line("#pragma warning restore CS8618");
        w.Line();
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

    // Items are nullable: a null item keeps its place, so the list reads back as long and in the order sent.
    private static string ItemType(ValueSpec element, GeneratorOptions options) =>
        ClrType(element, options) + (IsValueType(element) ? "?" : string.Empty);

    private static string ItemReader(ValueSpec element, GeneratorOptions options) => element.Kind switch
    {
        ValueKind.Object => $"{TypeName(element.ObjectTypeName!, options)}.Read",
        ValueKind.String => $"{Json}.ReadString",
        ValueKind.Integer => $"{Json}.ReadInt64",
        ValueKind.Number => $"{Json}.ReadDecimal",
        ValueKind.Boolean => $"{Json}.ReadBoolean",
        ValueKind.DateTime => $"{Json}.ReadDateTime",
        ValueKind.Any => $"{Json}.ReadAny",
        ValueKind.Array => $"static (ref global::System.Text.Json.Utf8JsonReader item) => {Json}.ReadList<{ItemType(element.Element!, options)}>(ref item, {ItemReader(element.Element!, options)})",
        _ => throw new System.ArgumentOutOfRangeException(nameof(element)),
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
}
