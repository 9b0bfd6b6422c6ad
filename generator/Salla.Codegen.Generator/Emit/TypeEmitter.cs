using System.Linq;
using Salla.Codegen.Generator.Model;
using Salla.Codegen.Generator.Parsing;

namespace Salla.Codegen.Generator.Emit;

/// <summary>Emits one payload type: its properties, the known values of its open enums, and its reader.</summary>
internal static class TypeEmitter
{
    private const string Json = "global::Salla.Codegen.SallaJson";

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

        EmitReader(w, type, options);
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

        if (maxLength is not null)
        {
            w.Line($"[global::System.ComponentModel.DataAnnotations.MaxLength({maxLength})]");
        }

        w.Line($"[global::Salla.Codegen.SallaMember({SourceWriter.Literal(property.JsonName)})]");
        var clrType = ClrType(property.Value, options);
        var initializer = property.IsNullable || IsValueType(property.Value) ? string.Empty : " = null!;";
        w.Line($"public {clrType}{(property.IsNullable ? "?" : string.Empty)} {property.ClrName} {{ get; set; }}{initializer}");
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
        w.Line($"private static readonly global::Salla.Codegen.SallaObjectReader<{type.Name}> Reader = new(");
        w.Indent();
        w.Line("ReadMember,");
        w.Line("new global::Salla.Codegen.SallaMemberSpec[]");
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
        w.Line($"public static {type.Name} Read(ref global::System.Text.Json.Utf8JsonReader reader) => Reader.Read(ref reader, new {type.Name}());");
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
    private static string MemberValue(PropertySpec property, GeneratorOptions options)
    {
        if (property.IsNullable)
        {
            return ReadExpression(property.Value, options, "reader");
        }

        return property.Value.Kind == ValueKind.Object
            ? $"{Json}.ReadRequiredObject(ref reader, {TypeName(property.Value.ObjectTypeName!, options)}.Read)"
            : $"{ReadExpression(property.Value, options, "reader")} ?? throw global::Salla.Codegen.SallaRequired.Null({SourceWriter.Literal(KindName(property.Value))})";
    }

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
