using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text;
using System.Text.Json;

namespace Salla.Codegen.Metadata;

/// <summary>
/// One member of a generated type, everything about it in one row: the name Salla sends, the spec's type for it,
/// whether it must be sent and may be null, and how to read it into the object and write it back. Rows are made by
/// <see cref="SallaMemberFactory{T}"/> and listed in a <see cref="SallaObjectMembers{T}"/>.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SallaMember<T>
    where T : SallaObject
{
    private protected SallaMember(string jsonName, string type, bool isRequired, bool isNullable, bool isScalar)
    {
        JsonName = jsonName ?? throw new ArgumentNullException(nameof(jsonName));
        Type = type;
        IsRequired = isRequired;
        IsNullable = isNullable;
        IsScalar = isScalar;
        Utf8Name = Encoding.UTF8.GetBytes(jsonName);
        EncodedName = JsonEncodedText.Encode(jsonName, SallaJson.WriterOptions.Encoder);
    }

    /// <summary>The member's name as Salla sends it.</summary>
    public string JsonName { get; }

    /// <summary>The spec's type for the member (<c>integer</c>, <c>date-time</c>, a model name, …), named in errors.</summary>
    public string Type { get; }

    /// <summary>Whether a body without the member is refused.</summary>
    public bool IsRequired { get; }

    /// <summary>Whether JSON <c>null</c> is a value of the member; otherwise it is refused.</summary>
    public bool IsNullable { get; }

    /// <summary>Whether a bare number or string sent where the object is expected is this member's value (Salla sends some amounts either way).</summary>
    public bool IsScalar { get; }

    internal byte[] Utf8Name { get; }

    internal JsonEncodedText EncodedName { get; }

    /// <summary>Refuses a null value of a member the spec does not let be null.</summary>
    private protected void RefuseNull(bool isNull)
    {
        if (isNull && !IsNullable)
        {
            throw SallaRequired.Null(Type);
        }
    }

    /// <summary>Starts writing the member: false when there is no value to write, after writing null for a required member.</summary>
    private protected bool StartWrite(Utf8JsonWriter writer, bool isNull)
    {
        if (isNull)
        {
            if (IsRequired)
            {
                writer.WriteNull(EncodedName);
            }

            return false;
        }

        writer.WritePropertyName(EncodedName);
        return true;
    }

    /// <summary>Reads the member's value, the reader on its first token, into <paramref name="target"/>.</summary>
    internal abstract void Read(ref Utf8JsonReader reader, T target);

    /// <summary>Writes the member of <paramref name="source"/>: left out when null and not required.</summary>
    internal abstract void Write(Utf8JsonWriter writer, T source);
}

/// <summary>How a scalar kind of value is read and written; a struct per kind, so that each member's calls are direct.</summary>
internal interface ISallaValueKind<TValue>
{
    static abstract TValue Read(ref Utf8JsonReader reader);

    static abstract void Write(Utf8JsonWriter writer, TValue value);
}

internal readonly struct SallaStringKind : ISallaValueKind<string?>
{
    public static string? Read(ref Utf8JsonReader reader) => SallaJson.ReadString(ref reader);

    public static void Write(Utf8JsonWriter writer, string? value) => writer.WriteStringValue(value);
}

internal readonly struct SallaInt64Kind : ISallaValueKind<long?>
{
    public static long? Read(ref Utf8JsonReader reader) => SallaJson.ReadInt64(ref reader);

    public static void Write(Utf8JsonWriter writer, long? value) => SallaJson.WriteInt64Value(writer, value);
}

internal readonly struct SallaDecimalKind : ISallaValueKind<decimal?>
{
    public static decimal? Read(ref Utf8JsonReader reader) => SallaJson.ReadDecimal(ref reader);

    public static void Write(Utf8JsonWriter writer, decimal? value) => SallaJson.WriteDecimalValue(writer, value);
}

internal readonly struct SallaBooleanKind : ISallaValueKind<bool?>
{
    public static bool? Read(ref Utf8JsonReader reader) => SallaJson.ReadBoolean(ref reader);

    public static void Write(Utf8JsonWriter writer, bool? value) => SallaJson.WriteBooleanValue(writer, value);
}

internal readonly struct SallaAnyKind : ISallaValueKind<JsonElement?>
{
    public static JsonElement? Read(ref Utf8JsonReader reader) => SallaJson.ReadAny(ref reader);

    public static void Write(Utf8JsonWriter writer, JsonElement? value) => SallaJson.WriteAnyValue(writer, value);
}

/// <summary>A member of a scalar kind: text, an integer, a decimal, a flag, or raw JSON.</summary>
internal sealed class SallaScalarMember<T, TValue, TKind> : SallaMember<T>
    where T : SallaObject
    where TKind : struct, ISallaValueKind<TValue>
{
    private readonly Func<T, TValue> _get;
    private readonly Action<T, TValue> _set;

    public SallaScalarMember(string jsonName, string type, Func<T, TValue> get, Action<T, TValue> set, bool isRequired, bool isNullable, bool isScalar)
        : base(jsonName, type, isRequired, isNullable, isScalar)
    {
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _set = set ?? throw new ArgumentNullException(nameof(set));
    }

    internal override void Read(ref Utf8JsonReader reader, T target)
    {
        var value = TKind.Read(ref reader);
        RefuseNull(value is null);

        _set(target, value);
    }

    internal override void Write(Utf8JsonWriter writer, T source)
    {
        var value = _get(source);
        if (StartWrite(writer, value is null))
        {
            TKind.Write(writer, value);
        }
    }
}

/// <summary>An object member of a generated type; one that may not be null also refuses PHP's empty <c>[]</c>.</summary>
internal sealed class SallaObjectMember<T, TValue> : SallaMember<T>
    where T : SallaObject
    where TValue : SallaObject
{
    private readonly SallaReader<TValue> _read;
    private readonly Func<T, TValue?> _get;
    private readonly Action<T, TValue?> _set;

    public SallaObjectMember(string jsonName, SallaReader<TValue> read, Func<T, TValue?> get, Action<T, TValue?> set, bool isRequired, bool isNullable, bool isScalar)
        : base(jsonName, typeof(TValue).Name, isRequired, isNullable, isScalar)
    {
        _read = read ?? throw new ArgumentNullException(nameof(read));
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _set = set ?? throw new ArgumentNullException(nameof(set));
    }

    internal override void Read(ref Utf8JsonReader reader, T target)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            _set(target, IsNullable ? null : throw SallaJson.Unexpected(ref reader, "object", "a required object is null"));
            return;
        }

        if (!IsNullable && reader.TokenType == JsonTokenType.StartArray)
        {
            SallaJson.RefuseEmptyArray(ref reader);
        }

        _set(target, _read(ref reader));
    }

    internal override void Write(Utf8JsonWriter writer, T source)
    {
        var value = _get(source);
        if (StartWrite(writer, value is null))
        {
            value!.WriteTo(writer);
        }
    }
}

/// <summary>A list member, item for item: a <c>null</c> item keeps its place.</summary>
internal sealed class SallaListMember<T, TItem> : SallaMember<T>
    where T : SallaObject
{
    private readonly SallaReader<TItem?> _readItem;
    private readonly SallaValueWriter<TItem?> _writeItem;
    private readonly Func<T, IReadOnlyList<TItem?>?> _get;
    private readonly Action<T, IReadOnlyList<TItem?>?> _set;

    public SallaListMember(string jsonName, SallaReader<TItem?> readItem, SallaValueWriter<TItem?> writeItem, Func<T, IReadOnlyList<TItem?>?> get, Action<T, IReadOnlyList<TItem?>?> set, bool isRequired, bool isNullable, bool isScalar)
        : base(jsonName, "array", isRequired, isNullable, isScalar)
    {
        _readItem = readItem ?? throw new ArgumentNullException(nameof(readItem));
        _writeItem = writeItem ?? throw new ArgumentNullException(nameof(writeItem));
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _set = set ?? throw new ArgumentNullException(nameof(set));
    }

    internal override void Read(ref Utf8JsonReader reader, T target)
    {
        var value = SallaJson.ReadList(ref reader, _readItem);
        RefuseNull(value is null);

        _set(target, value);
    }

    internal override void Write(Utf8JsonWriter writer, T source)
    {
        var value = _get(source);
        if (StartWrite(writer, value is null))
        {
            SallaJson.WriteListValue(writer, value, _writeItem);
        }
    }
}

/// <summary>A member of the envelope an event is posted in, read by the envelope reader; <see cref="SallaEvent"/> writes the envelope.</summary>
internal sealed class SallaEnvelopeMember<T> : SallaMember<T>
    where T : SallaObject
{
    private readonly SallaDataReader<T> _read;

    public SallaEnvelopeMember(string jsonName, string type, SallaDataReader<T> read, bool isRequired)
        : base(jsonName, type, isRequired, isNullable: true, isScalar: false) =>
        _read = read ?? throw new ArgumentNullException(nameof(read));

    internal override void Read(ref Utf8JsonReader reader, T target) => _read(ref reader, target);

    internal override void Write(Utf8JsonWriter writer, T source) =>
        throw new NotSupportedException("The envelope is written by SallaEvent.");
}

/// <summary>A date member: the object remembers how each date was sent, so that writing it back keeps the encoding.</summary>
internal sealed class SallaDateMember<T> : SallaMember<T>
    where T : SallaObject
{
    private readonly Func<T, DateTimeOffset?> _get;
    private readonly Action<T, DateTimeOffset?> _set;

    public SallaDateMember(string jsonName, Func<T, DateTimeOffset?> get, Action<T, DateTimeOffset?> set, bool isRequired, bool isNullable, bool isScalar)
        : base(jsonName, "date-time", isRequired, isNullable, isScalar)
    {
        _get = get ?? throw new ArgumentNullException(nameof(get));
        _set = set ?? throw new ArgumentNullException(nameof(set));
    }

    internal override void Read(ref Utf8JsonReader reader, T target)
    {
        var value = SallaJson.ReadDateTime(ref reader, target, JsonName);
        RefuseNull(value is null);

        _set(target, value);
    }

    internal override void Write(Utf8JsonWriter writer, T source)
    {
        var value = _get(source);
        if (StartWrite(writer, value is null))
        {
            SallaJson.WriteDateTime(writer, JsonName, value!.Value, source);
        }
    }
}

/// <summary>
/// Makes the rows of a generated type's <see cref="SallaObjectMembers{T}"/>, one method per kind of value. A member
/// that is neither <c>required</c> nor non-<c>nullable</c> may be missing or null; <c>scalar</c> marks the member a
/// bare value stands for.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SallaMemberFactory<T>
    where T : SallaObject
{
    internal static readonly SallaMemberFactory<T> Instance = new();

    private SallaMemberFactory()
    {
    }

    /// <summary>A member of an event's envelope, read as <paramref name="read"/> says.</summary>
    internal SallaMember<T> Envelope(string name, string type, SallaDataReader<T> read, bool required) =>
        new SallaEnvelopeMember<T>(name, type, read, required);

    /// <summary>A text member.</summary>
    public SallaMember<T> String(string name, Func<T, string?> get, Action<T, string?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaScalarMember<T, string?, SallaStringKind>(name, "string", get, set, required, nullable, scalar);

    /// <summary>An integer member.</summary>
    public SallaMember<T> Int64(string name, Func<T, long?> get, Action<T, long?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaScalarMember<T, long?, SallaInt64Kind>(name, "integer", get, set, required, nullable, scalar);

    /// <summary>A decimal member, written back with the scale it was sent with.</summary>
    public SallaMember<T> Decimal(string name, Func<T, decimal?> get, Action<T, decimal?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaScalarMember<T, decimal?, SallaDecimalKind>(name, "number", get, set, required, nullable, scalar);

    /// <summary>A boolean member.</summary>
    public SallaMember<T> Boolean(string name, Func<T, bool?> get, Action<T, bool?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaScalarMember<T, bool?, SallaBooleanKind>(name, "boolean", get, set, required, nullable, scalar);

    /// <summary>A date member.</summary>
    public SallaMember<T> DateTime(string name, Func<T, DateTimeOffset?> get, Action<T, DateTimeOffset?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaDateMember<T>(name, get, set, required, nullable, scalar);

    /// <summary>A member of any JSON, kept as sent.</summary>
    public SallaMember<T> Any(string name, Func<T, JsonElement?> get, Action<T, JsonElement?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaScalarMember<T, JsonElement?, SallaAnyKind>(name, "any", get, set, required, nullable, scalar);

    /// <summary>An object member of the generated type <typeparamref name="TValue"/>; one that may not be null also refuses PHP's empty <c>[]</c>.</summary>
    public SallaMember<T> Object<TValue>(string name, SallaReader<TValue> read, Func<T, TValue?> get, Action<T, TValue?> set, bool required = false, bool nullable = true, bool scalar = false)
        where TValue : SallaObject =>
        new SallaObjectMember<T, TValue>(name, read, get, set, required, nullable, scalar);

    /// <summary>A list member, item for item (a <c>null</c> item keeps its place).</summary>
    public SallaMember<T> List<TItem>(string name, SallaReader<TItem?> readItem, SallaValueWriter<TItem?> writeItem, Func<T, IReadOnlyList<TItem?>?> get, Action<T, IReadOnlyList<TItem?>?> set, bool required = false, bool nullable = true, bool scalar = false) =>
        new SallaListMember<T, TItem>(name, readItem, writeItem, get, set, required, nullable, scalar);
}
