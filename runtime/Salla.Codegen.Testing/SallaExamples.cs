using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Salla.Codegen.Testing.Catalogue;

namespace Salla.Codegen.Testing;

/// <summary>
/// Salla's documented example payload of every event the specs define, as a webhook body. An event
/// Salla documents no example of gets the example of another event with the same payload model, its
/// <c>event</c> member changed to the requested name (<see cref="SallaExampleSource.Shared"/>). Where
/// several documented examples exist, the canonical <c>&lt;event&gt;.json</c> is used.
/// </summary>
public static class SallaExamples
{
    private const string DocumentedPrefix = "Documented/";
    private const string SynthesizedPrefix = "Synthesized/";

    // Salla published invoice.created as its bare data object; the envelope it is wrapped in.
    private const string BareEnvelopeMerchant = "1305146709";
    private const string BareEnvelopeCreatedAt = "Mon May 19 2025 12:05:05 GMT+0300";

    private static readonly Lazy<Table> Examples = new(Load);

    /// <summary>Every event name there is an example for, in ordinal order: all the events of the specs.</summary>
    public static IReadOnlyList<string> Names => Examples.Value.Names;

    /// <summary>The example of every event, in the order of <see cref="Names"/>.</summary>
    public static IReadOnlyList<SallaExample> All => Examples.Value.All;

    /// <summary>The example body of <paramref name="eventName"/>, such as <c>order.created</c>.</summary>
    /// <exception cref="ArgumentException">No event of that name is in <see cref="Names"/>.</exception>
    public static ReadOnlyMemory<byte> Get(string eventName) => Describe(eventName).Body;

    /// <summary>The example body of <paramref name="eventName"/>, or false when no event of that name is in <see cref="Names"/>.</summary>
    public static bool TryGet(string eventName, out ReadOnlyMemory<byte> body)
    {
        if (TryDescribe(eventName, out var example))
        {
            body = example.Body;
            return true;
        }

        body = default;
        return false;
    }

    /// <summary>The example of <paramref name="eventName"/> with where it comes from.</summary>
    /// <exception cref="ArgumentException">No event of that name is in <see cref="Names"/>.</exception>
    public static SallaExample Describe(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (TryDescribe(eventName, out var example))
        {
            return example;
        }

        throw new ArgumentException(
            $"No Salla example for the event '{eventName}': it is not an event the specs define. SallaExamples.Names lists the {Names.Count} there are (event names are case-sensitive, such as order.created).",
            nameof(eventName));
    }

    /// <summary>The example of <paramref name="eventName"/> with where it comes from, or false when no event of that name is in <see cref="Names"/>.</summary>
    public static bool TryDescribe(string eventName, out SallaExample example)
    {
        if (eventName is not null && Examples.Value.ByName.TryGetValue(eventName, out var found))
        {
            example = found;
            return true;
        }

        example = null!;
        return false;
    }

    /// <summary>
    /// <paramref name="body"/> with its top-level <c>event</c> member's value replaced by <paramref name="eventName"/>;
    /// every other byte is kept.
    /// </summary>
    internal static byte[] WithEventName(ReadOnlySpan<byte> body, string eventName)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException("The example is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isEvent = reader.ValueTextEquals("event"u8);
            reader.Read();
            if (isEvent && reader.TokenType == JsonTokenType.String)
            {
                var start = checked((int)reader.TokenStartIndex);
                var end = checked((int)reader.BytesConsumed);
                var name = JsonEncodedText.Encode(eventName).EncodedUtf8Bytes;
                var result = new byte[start + 1 + name.Length + 1 + (body.Length - end)];
                body[..start].CopyTo(result);
                result[start] = (byte)'"';
                name.CopyTo(result.AsSpan(start + 1));
                result[start + 1 + name.Length] = (byte)'"';
                body[end..].CopyTo(result.AsSpan(start + name.Length + 2));
                return result;
            }

            reader.Skip();
        }

        throw new InvalidOperationException("The example has no top-level \"event\" member.");
    }

    private static Table Load()
    {
        var assembly = typeof(SallaExamples).Assembly;
        var files = new List<(string Event, SallaExample Example)>();
        foreach (var resource in assembly.GetManifestResourceNames().OrderBy(n => n, StringComparer.Ordinal))
        {
            var source = resource.StartsWith(DocumentedPrefix, StringComparison.Ordinal) ? SallaExampleSource.Documented
                : resource.StartsWith(SynthesizedPrefix, StringComparison.Ordinal) ? SallaExampleSource.Synthesized
                : (SallaExampleSource?)null;
            if (source is null)
            {
                continue;
            }

            var fileName = resource[(resource.IndexOf('/', StringComparison.Ordinal) + 1)..];
            var bytes = Read(assembly, resource);
            var eventName = EventName(bytes);
            var envelopeAdded = false;
            if (eventName is null)
            {
                // A bare data object: the file is named after its event.
                eventName = fileName[..^".json".Length];
                bytes = Envelope(eventName, bytes);
                envelopeAdded = true;
            }

            files.Add((eventName, new SallaExample(eventName, source.Value, fileName, sharedFrom: null, envelopeAdded, bytes)));
        }

        // An event's own example: the canonical <event>.json where there are several, else the first by file name.
        var own = files
            .GroupBy(f => f.Event, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => g.OrderBy(f => f.Example.FileName == g.Key + ".json" ? 0 : 1).ThenBy(f => f.Example.FileName, StringComparer.Ordinal).First().Example,
                StringComparer.Ordinal);

        var events = SallaEvents.All.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var byName = new Dictionary<string, SallaExample>(StringComparer.Ordinal);
        foreach (var info in events)
        {
            if (own.TryGetValue(info.Name, out var example))
            {
                byName.Add(info.Name, example);
                continue;
            }

            // The first event, by name, with the same payload model and an example of its own.
            var donor = events.FirstOrDefault(e => e.DataType == info.DataType && own.ContainsKey(e.Name));
            if (donor is null)
            {
                continue;
            }

            var borrowed = own[donor.Name];
            byName.Add(info.Name, new SallaExample(info.Name, SallaExampleSource.Shared, borrowed.FileName, donor.Name, borrowed.EnvelopeAdded, WithEventName(borrowed.Body.Span, info.Name)));
        }

        var names = byName.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        return new Table(names, names.Select(n => byName[n]).ToArray(), byName);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The kit's resource {resource} is missing.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The top-level <c>event</c> of a body, or null when it has none (a bare data object).</summary>
    private static string? EventName(byte[] body) =>
        SallaEnvelopeHead.TryRead(body, out var head) ? head.EventName : null;

    private static byte[] Envelope(string eventName, byte[] data)
    {
        var head = Encoding.UTF8.GetBytes(
            "{\"event\":\"" + JsonEncodedText.Encode(eventName) + "\",\"merchant\":" + BareEnvelopeMerchant + ",\"created_at\":\"" + BareEnvelopeCreatedAt + "\",\"data\":");
        var result = new byte[head.Length + data.Length + 1];
        head.CopyTo(result, 0);
        data.CopyTo(result, head.Length);
        result[^1] = (byte)'}';
        return result;
    }

    private sealed record Table(IReadOnlyList<string> Names, IReadOnlyList<SallaExample> All, Dictionary<string, SallaExample> ByName);
}
