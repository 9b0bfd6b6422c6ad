namespace Salla.Codegen.Generator.Model;

/// <summary>The canonical kind of a value, as the specs' <c>type</c> / <c>x-salla-type</c> say.</summary>
internal enum ValueKind
{
    String,
    Integer,
    Number,
    Boolean,
    DateTime,
    Object,
    Array,
    Any,
}

/// <summary>The type of a property or of array items: a scalar kind, a named object type, or an array of another value type.</summary>
internal sealed record ValueSpec(ValueKind Kind, string? ObjectTypeName, ValueSpec? Element)
{
    public static ValueSpec Scalar(ValueKind kind) => new(kind, null, null);

    public static ValueSpec Object(string typeName) => new(ValueKind.Object, typeName, null);

    public static ValueSpec ArrayOf(ValueSpec element) => new(ValueKind.Array, null, element);
}

/// <summary>A deprecation notice from <c>x-salla-deprecated</c> on a field.</summary>
internal sealed record FieldDeprecation(string Since, string Replacement, string? Note);

/// <summary>One member of a generated object type; <paramref name="MaxLength"/> is the spec's <c>maxLength</c> for text.</summary>
internal sealed record PropertySpec(
    string JsonName,
    string ClrName,
    string Description,
    ValueSpec Value,
    bool IsNullable,
    bool IsRequired,
    EquatableArray<string> EnumValues,
    FieldDeprecation? Deprecation,
    int? MaxLength = null);

/// <summary>
/// A named object type (a schema with a <c>title</c>). <paramref name="ScalarMember"/> names the member a
/// bare number or string fills when Salla sends one where the object is expected (<c>x-salla-scalar-member</c>).
/// </summary>
internal sealed record TypeSpec(string Name, string Description, string SourceFile, EquatableArray<PropertySpec> Properties, string? ScalarMember = null);

/// <summary>An event deprecation from an <c>x-salla-events</c> entry.</summary>
internal sealed record EventDeprecation(string Since, EquatableArray<string> ReplacedBy, string? Note);

/// <summary>One documented event and the model its <c>data</c> carries.</summary>
internal sealed record EventSpec(
    string Name,
    string ClassName,
    string Group,
    string Description,
    string? Added,
    EventDeprecation? Deprecation,
    string DataTypeName,
    string SourceFile);

/// <summary>Everything the specs say, as plain equatable data.</summary>
internal sealed record SpecCatalogue(EquatableArray<EventSpec> Events, EquatableArray<TypeSpec> Types)
{
    public static readonly SpecCatalogue Empty = new(EquatableArray<EventSpec>.Empty, EquatableArray<TypeSpec>.Empty);
}

/// <summary>A problem found in a spec, located by file and position (no Roslyn <c>Location</c> in the model).</summary>
internal sealed record SpecProblem(string FilePath, int Line, int Column, string Message);

/// <summary>The result of reading a set of spec documents.</summary>
internal sealed record SpecParseResult(SpecCatalogue Catalogue, EquatableArray<SpecProblem> Problems)
{
    /// <summary>No spec read: the project reuses a referenced catalogue and has no spec of its own.</summary>
    public static readonly SpecParseResult NotRead = new(SpecCatalogue.Empty, EquatableArray<SpecProblem>.Empty);
}
