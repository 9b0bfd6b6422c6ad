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

    private static void EmitReader(SourceWriter w, TypeSpec type, GeneratorOptions options)
    {
        w.Line($"/// <summary>Reads a <see cref=\"{type.Name}\"/> at the reader's position, leniently, keeping unknown members in <see cref=\"global::Salla.Codegen.SallaObject.ExtensionData\"/>.</summary>");
        w.Line("/// <exception cref=\"global::Salla.Codegen.SallaPayloadException\">The value cannot be taken as this type, a required member is missing or null, or a member is sent twice.</exception>");
        w.Open($"public static {type.Name} Read(ref global::System.Text.Json.Utf8JsonReader reader)");
        w.Line($"var result = new {type.Name}();");
        if (type.ScalarMember is { } scalarName)
        {
            var scalar = type.Properties.First(p => p.JsonName == scalarName);
            w.Open("if (reader.TokenType is global::System.Text.Json.JsonTokenType.Number or global::System.Text.Json.JsonTokenType.String)");
            w.Line($"result.{scalar.ClrName} = {ReadExpression(scalar.Value, options, "reader")};");
            w.Line("return result;");
            w.Close();
        }

        // Every member is tracked: a second one of a name is refused, and required ones must be there.
        foreach (var property in type.Properties)
        {
            w.Line($"var seen{property.ClrName} = false;");
        }

        w.Open($"if ({Json}.TryStartObject(ref reader))");
        w.Line("string? member = null;");
        w.Open("try");
        w.Open($"while ({Json}.NextMember(ref reader))");
        var first = true;
        foreach (var property in type.Properties)
        {
            w.Open($"{(first ? "if" : "else if")} (reader.ValueTextEquals({SourceWriter.Literal(property.JsonName)}u8))");
            w.Line($"member = {SourceWriter.Literal(property.JsonName)};");
            w.Line($"global::Salla.Codegen.SallaRequired.Once(ref seen{property.ClrName});");
            w.Line("reader.Read();");
            if (property.IsNullable)
            {
                w.Line($"result.{property.ClrName} = {ReadExpression(property.Value, options, "reader")};");
            }
            else if (property.Value.Kind == ValueKind.Object)
            {
                w.Line($"result.{property.ClrName} = {Json}.ReadRequiredObject(ref reader, {TypeName(property.Value.ObjectTypeName!, options)}.Read);");
            }
            else
            {
                w.Line($"result.{property.ClrName} = {ReadExpression(property.Value, options, "reader")} ?? throw global::Salla.Codegen.SallaRequired.Null({SourceWriter.Literal(KindName(property.Value))});");
            }

            w.Close();
            first = false;
        }

        if (first)
        {
            w.Open("if (true)");
        }
        else
        {
            w.Open("else");
        }

        w.Line("member = reader.GetString()!;");
        w.Line("reader.Read();");
        w.Line($"result.AddExtensionMember(member, {Json}.ReadAny(ref reader));");
        w.Close();
        w.Line("member = null;");
        w.Close();
        w.Close();
        w.Open($"catch (global::System.Exception ex) when ({Json}.IsReadFailure(ex))");
        w.Line($"throw {Json}.AtMember(ex, member, ref reader);");
        w.Close();
        w.Close();
        w.Line();
        foreach (var property in type.Properties.Where(p => p.IsRequired))
        {
            w.Open($"if (!seen{property.ClrName})");
            w.Line($"throw global::Salla.Codegen.SallaRequired.Missing({SourceWriter.Literal(property.JsonName)}, {SourceWriter.Literal(KindName(property.Value))});");
            w.Close();
        }

        w.Line("return result;");
        w.Close();
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
