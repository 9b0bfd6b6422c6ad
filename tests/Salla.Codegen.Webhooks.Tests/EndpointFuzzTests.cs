using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Salla.Codegen.AspNetCore;
using Salla.Codegen.Receiver;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;
using Xunit.Abstractions;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>
/// Correctly signed mutations of every documented example, posted through the real endpoint to the
/// sample receiver's own handlers. The contract: every answer is 200 or 400, and every accepted
/// delivery reaches the handlers exactly once, however often it is sent.
/// </summary>
public class EndpointFuzzTests(ITestOutputHelper output)
{
    // SALLA_FUZZ_SEED replays another run; each mutation is rebuilt from (seed, index) alone.
    private const int DefaultSeed = 20250519;
    private const int TargetCount = 4000;
    private const int MinimumCount = 3000;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Signed_mutations_of_every_example_are_answered_200_or_400_and_dispatched_at_most_once()
    {
        var seed = Environment.GetEnvironmentVariable("SALLA_FUZZ_SEED") is { Length: > 0 } text
            ? int.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeed;
        var examples = RepoPaths.ExampleFiles()
            .Select(f => Path.GetFileName(f))
            .Select(name => new Example(name, RepoPaths.ExampleBody(name)))
            .ToList();
        Assert.NotEmpty(examples);

        await using var rig = await FuzzRig.StartAsync();
        var bodies = new List<byte[]>();
        var firstAnswer = new Dictionary<string, (int Status, string Text, int Index)>();
        var failures = new List<string>();
        var failureKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var statusCounts = new SortedDictionary<int, int>();
        var byKind = new SortedDictionary<string, SortedDictionary<int, int>>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, (int Count, string Sample)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();

        var index = 0;
        for (; index < TargetCount && (index < MinimumCount || clock.Elapsed < Budget); index++)
        {
            var mutation = Mutator.Build(seed, index, examples, bodies);
            bodies.Add(mutation.Body);
            var key = Key(mutation.Body);

            int status;
            string answer;
            try
            {
                (status, answer) = await rig.PostAsync(mutation.Body);
            }
            catch (Exception ex)
            {
                failures.Add(Describe(seed, index, mutation, $"exception escaped: {ex.GetType().Name}: {ex.Message}"));
                continue;
            }

            statusCounts[status] = statusCounts.GetValueOrDefault(status) + 1;
            var kindCounts = byKind.TryGetValue(mutation.Kind, out var counts) ? counts : byKind[mutation.Kind] = new SortedDictionary<int, int>();
            kindCounts[status] = kindCounts.GetValueOrDefault(status) + 1;
            var serverErrors = rig.TakeErrors();

            if (status is not (200 or 400))
            {
                var what = $"{mutation.Kind} -> {status} {serverErrors.FirstOrDefault()?.Split(' ')[0]}";
                failureKinds[what] = failureKinds.GetValueOrDefault(what) + 1;
                failures.Add(Describe(seed, index, mutation, $"answered {status} '{answer}'" + (serverErrors.Count == 0 ? string.Empty : "; server: " + string.Join(" | ", serverErrors))));
                continue;
            }

            if (status == 400)
            {
                var shape = ReasonShape(answer);
                reasons[shape] = reasons.TryGetValue(shape, out var seen) ? (seen.Count + 1, seen.Sample) : (1, answer);
            }

            if (firstAnswer.TryGetValue(key, out var first))
            {
                // A body sent before: acknowledged as a duplicate if it was accepted, refused the same way if not.
                var expected = first.Status == 200 ? (200, "duplicate delivery; acknowledged") : (400, first.Text);
                if ((status, answer) != expected)
                {
                    failures.Add(Describe(seed, index, mutation, $"resent body (first sent at index {first.Index}, answered {first.Status} '{first.Text}') answered {status} '{answer}', expected {expected.Item1} '{expected.Item2}'"));
                }
            }
            else
            {
                firstAnswer[key] = (status, answer, index);
            }
        }

        var total = index;
        foreach (var (key, first) in firstAnswer)
        {
            var dispatched = rig.Dispatches.GetValueOrDefault(key);
            var expected = first.Status == 200 ? 1 : 0;
            if (dispatched != expected)
            {
                var mutation = Mutator.Build(seed, first.Index, examples, bodies.Take(first.Index).ToList());
                failures.Add(Describe(seed, first.Index, mutation, $"dispatched {dispatched} time(s) after answering {first.Status} '{first.Text}' (expected {expected})"));
            }
        }

        output.WriteLine($"seed {seed}: {total} signed mutations of {examples.Count} examples in {clock.Elapsed.TotalSeconds:0.0} s, {firstAnswer.Count} distinct bodies, {rig.Dispatches.Values.Sum()} dispatches");
        output.WriteLine("status counts: " + string.Join(", ", statusCounts.Select(kv => $"{kv.Key}: {kv.Value}")));
        foreach (var (kind, counts) in byKind)
        {
            output.WriteLine($"  {kind,-18} " + string.Join(", ", counts.Select(kv => $"{kv.Key}: {kv.Value}")));
        }

        output.WriteLine("sample 400 reasons:");
        foreach (var (shape, (count, sample)) in reasons.OrderByDescending(r => r.Value.Count).Take(8))
        {
            output.WriteLine($"  {count,5} x {Cut(sample, 160)}");
        }

        Assert.True(total >= MinimumCount, $"only {total} mutations were sent");
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {total} mutations broke the contract (seed {seed}; set SALLA_FUZZ_SEED to replay). By kind: "
            + string.Join(", ", failureKinds.Select(kv => $"{kv.Key} x{kv.Value}")) + ". First ones:\n" + string.Join("\n", failures.Take(12)));
    }

    private static string Key(byte[] body) => Convert.ToHexStringLower(SHA256.HashData(body));

    private static string Describe(int seed, int index, Mutation mutation, string problem) =>
        $"- seed {seed} index {index} [{mutation.Kind}] {mutation.Example}: {mutation.Description} -> {problem}\n  body ({mutation.Body.Length} bytes): {Cut(Encoding.UTF8.GetString(mutation.Body), 300)}";

    private static string Cut(string text, int length)
    {
        var clean = text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return clean.Length <= length ? clean : clean[..length] + "…";
    }

    // A 400 reason without its JSON path's indexes and positions, to group similar refusals.
    private static string ReasonShape(string reason)
    {
        var shape = new StringBuilder(reason.Length);
        foreach (var c in reason)
        {
            if (!char.IsDigit(c))
            {
                shape.Append(c);
            }
        }

        return shape.ToString();
    }
}

internal sealed record Example(string Name, byte[] Body);

internal sealed record Mutation(string Kind, string Example, string Description, byte[] Body);

/// <summary>Makes one reproducible mutation of an example per (seed, index).</summary>
internal static class Mutator
{
    private static readonly string[] PhpValues = ["[]", "{}", "false", "\"\"", "\"null\""];
    private static readonly string[] HugeNumbers = ["1e400", "-1e400", "123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "1.7976931348623157e309", "0.0000000000000000000000000000000000001", "79228162514264337593543950336", "1E+30", "-0"];
    private static readonly string[] CommaDecimals = ["\"12,5\"", "\"1.234,56\"", "\"12,50 SAR\"", "\"196,00\"", "\"0,0\""];
    private static readonly string[] EventNames = ["\"ORDER.CREATED\"", "\"Infinity\"", "\"349\"", "349", "\"\"", "null", "\"order.created \"", "\"order.created\\u0000\"", "true", "[\"order.created\"]", "{\"name\":\"order.created\"}"];
    private static readonly string[] Envelope = ["event", "data", "merchant", "created_at"];

    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("php-value", 12), ("null", 8), ("number-string", 8), ("remove-member", 10), ("duplicate-member", 8),
        ("null-item", 6), ("empty-array", 5), ("deep-nesting", 3), ("truncate", 5), ("random-bytes", 4),
        ("huge-number", 6), ("comma-decimal", 5), ("wrong-type", 8), ("envelope", 8), ("combined", 6), ("redeliver", 6),
    ];

    public static Mutation Build(int seed, int index, IReadOnlyList<Example> examples, IReadOnlyList<byte[]> earlier)
    {
        var random = new Random(unchecked((seed * 486187739) + index));
        var kind = Pick(random);
        if (kind == "redeliver" && earlier.Count > 0)
        {
            var of = random.Next(earlier.Count);
            return new Mutation(kind, "-", $"the body of index {of} again", earlier[of]);
        }

        if (kind == "redeliver")
        {
            kind = "php-value";
        }

        var example = examples[random.Next(examples.Count)];
        if (kind is "truncate" or "random-bytes")
        {
            var (description, bytes) = kind == "truncate" ? Truncate(random, example.Body) : RandomBytes(random, example.Body);
            return new Mutation(kind, example.Name, description, bytes);
        }

        var root = Node.Parse(example.Body);
        var descriptions = new List<string>();
        if (kind == "combined")
        {
            var steps = random.Next(2, 5);
            for (var i = 0; i < steps; i++)
            {
                var step = Kinds[random.Next(Kinds.Length - 2)].Kind;
                if (step is "truncate" or "random-bytes" or "combined" or "redeliver")
                {
                    step = "php-value";
                }

                descriptions.Add(step + ": " + Apply(random, step, ref root));
            }
        }
        else
        {
            descriptions.Add(Apply(random, kind, ref root));
        }

        return new Mutation(kind, example.Name, string.Join("; ", descriptions), Encoding.UTF8.GetBytes(root.ToJson()));
    }

    private static string Pick(Random random)
    {
        var roll = random.Next(Kinds.Sum(k => k.Weight));
        foreach (var (kind, weight) in Kinds)
        {
            if ((roll -= weight) < 0)
            {
                return kind;
            }
        }

        return Kinds[0].Kind;
    }

    private static string Apply(Random random, string kind, ref Node root)
    {
        var slots = Slot.All(root);
        var slot = slots[random.Next(slots.Count)];
        switch (kind)
        {
            case "php-value":
                return Replace(ref root, slot, PhpValues[random.Next(PhpValues.Length)]);
            case "null":
                return Replace(ref root, slot, "null");
            case "number-string":
            {
                var numbers = slots.Where(s => s.Node is Leaf { Raw: [(>= '0' and <= '9') or '-', ..] }).ToList();
                var numericStrings = slots.Where(s => s.Node is Leaf leaf && leaf.Raw.Length > 2 && leaf.Raw[0] == '"' && double.TryParse(leaf.Raw[1..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out _)).ToList();
                if (numbers.Count > 0 && (numericStrings.Count == 0 || random.Next(2) == 0))
                {
                    var number = numbers[random.Next(numbers.Count)];
                    return Replace(ref root, number, "\"" + ((Leaf)number.Node).Raw + "\"");
                }

                if (numericStrings.Count > 0)
                {
                    var text = numericStrings[random.Next(numericStrings.Count)];
                    return Replace(ref root, text, ((Leaf)text.Node).Raw[1..^1]);
                }

                var strings = slots.Where(s => s.Node is Leaf { Raw: ['"', ..] }).ToList();
                return strings.Count > 0 ? Replace(ref root, strings[random.Next(strings.Count)], random.Next(2) == 0 ? "0" : "12.5") : Replace(ref root, slot, "1");
            }

            case "remove-member":
            {
                var members = slots.Where(s => s.Parent is Obj).ToList();
                if (members.Count == 0)
                {
                    return Replace(ref root, slot, "{}");
                }

                var member = members[random.Next(members.Count)];
                ((Obj)member.Parent!).Members.RemoveAt(member.Index);
                return $"removed {member.Path}";
            }

            case "duplicate-member":
            {
                var members = slots.Where(s => s.Parent is Obj).ToList();
                if (members.Count == 0)
                {
                    return Replace(ref root, slot, "{\"a\":1,\"a\":2}");
                }

                var member = members[random.Next(members.Count)];
                var obj = (Obj)member.Parent!;
                var (name, value) = obj.Members[member.Index];
                var copy = random.Next(3) switch
                {
                    0 => value.Clone(),
                    1 => new Leaf(PhpValues[random.Next(PhpValues.Length)]),
                    _ => new Leaf("null"),
                };
                obj.Members.Insert(random.Next(2) == 0 ? member.Index + 1 : obj.Members.Count, (name, copy));
                return $"duplicated {member.Path} as {Preview(copy)}";
            }

            case "null-item":
            {
                var arrays = slots.Where(s => s.Node is Arr).ToList();
                if (arrays.Count == 0)
                {
                    return Replace(ref root, slot, "[null]");
                }

                var target = arrays[random.Next(arrays.Count)];
                var items = ((Arr)target.Node).Items;
                items.Insert(random.Next(items.Count + 1), new Leaf("null"));
                return $"null item in {target.Path}";
            }

            case "empty-array":
            {
                var arrays = slots.Where(s => s.Node is Arr { Items.Count: > 0 }).ToList();
                return arrays.Count == 0 ? Replace(ref root, slot, "[]") : Replace(ref root, arrays[random.Next(arrays.Count)], "[]");
            }

            case "deep-nesting":
            {
                int[] depths = [16, 127, 128, 129, 1000, 5000];
                var depth = depths[random.Next(depths.Length)];
                var inner = random.Next(2) == 0 ? "null" : slot.Node.ToJson();
                var text = random.Next(2) == 0
                    ? new string('[', depth) + inner + new string(']', depth)
                    : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + inner + new string('}', depth);
                Replace(ref root, slot, text);
                return $"nested {slot.Path} {depth} levels deep";
            }

            case "huge-number":
            {
                var numbers = slots.Where(s => s.Node is Leaf { Raw: [(>= '0' and <= '9') or '-', ..] }).ToList();
                var target = numbers.Count > 0 && random.Next(4) != 0 ? numbers[random.Next(numbers.Count)] : slot;
                return Replace(ref root, target, HugeNumbers[random.Next(HugeNumbers.Length)]);
            }

            case "comma-decimal":
            {
                var numeric = slots.Where(s => s.Node is Leaf { Raw: [(>= '0' and <= '9') or '-' or '"', ..] }).ToList();
                var target = numeric.Count > 0 ? numeric[random.Next(numeric.Count)] : slot;
                return Replace(ref root, target, CommaDecimals[random.Next(CommaDecimals.Length)]);
            }

            case "wrong-type":
            {
                var replacement = slot.Node switch
                {
                    Obj => random.Next(3) switch { 0 => "\"text\"", 1 => "1", _ => "[{}]" },
                    Arr => random.Next(3) switch { 0 => "{}", 1 => "\"a,b\"", _ => "7" },
                    Leaf { Raw: ['"', ..] } => random.Next(4) switch { 0 => "{\"x\":1}", 1 => "[\"x\"]", 2 => "true", _ => "42" },
                    Leaf { Raw: "true" or "false" } => random.Next(2) == 0 ? "\"yes\"" : "1",
                    Leaf { Raw: "null" } => random.Next(2) == 0 ? "{}" : "\"x\"",
                    _ => random.Next(3) switch { 0 => "\"abc\"", 1 => "true", _ => "{}" },
                };
                return Replace(ref root, slot, replacement);
            }

            case "envelope":
            {
                if (root is not Obj envelope)
                {
                    return Replace(ref root, slot, "{}");
                }

                var name = Envelope[random.Next(Envelope.Length)];
                var at = envelope.Members.FindIndex(m => m.Name == name);
                var choice = random.Next(4);
                if (at < 0 || choice == 0)
                {
                    if (at >= 0)
                    {
                        envelope.Members.RemoveAt(at);
                    }

                    return $"removed .{name}";
                }

                var value = name == "event" && choice == 1
                    ? EventNames[random.Next(EventNames.Length)]
                    : choice == 2 ? "null" : PhpValues[random.Next(PhpValues.Length)];
                envelope.Members[at] = (name, new Leaf(value));
                return $".{name} = {value}";
            }

            default:
                throw new InvalidOperationException(kind);
        }
    }

    private static string Replace(ref Node root, Slot slot, string raw)
    {
        var value = new Leaf(raw);
        switch (slot.Parent)
        {
            case null:
                root = value;
                break;
            case Obj obj:
                obj.Members[slot.Index] = (obj.Members[slot.Index].Name, value);
                break;
            case Arr arr:
                arr.Items[slot.Index] = value;
                break;
        }

        return $"{slot.Path} = {Preview(value)}";
    }

    private static string Preview(Node node)
    {
        var json = node.ToJson();
        return json.Length <= 40 ? json : json[..40] + "…";
    }

    private static (string, byte[]) Truncate(Random random, byte[] body)
    {
        var length = random.Next(body.Length);
        return ($"cut to {length} of {body.Length} bytes", body[..length]);
    }

    private static (string, byte[]) RandomBytes(Random random, byte[] body)
    {
        switch (random.Next(3))
        {
            case 0:
            {
                var bytes = new byte[random.Next(1, 257)];
                random.NextBytes(bytes);
                return ($"{bytes.Length} random bytes", bytes);
            }

            case 1:
            {
                var copy = (byte[])body.Clone();
                var at = random.Next(copy.Length);
                var span = copy.AsSpan(at, Math.Min(copy.Length - at, random.Next(1, 17)));
                random.NextBytes(span);
                return ($"{span.Length} random bytes over offset {at}", copy);
            }

            default:
            {
                var insert = new byte[random.Next(1, 17)];
                random.NextBytes(insert);
                var at = random.Next(body.Length + 1);
                return ($"{insert.Length} random bytes inserted at offset {at}", [.. body[..at], .. insert, .. body[at..]]);
            }
        }
    }
}

/// <summary>A JSON tree that keeps member order and allows a name twice; leaves keep their raw text.</summary>
internal abstract class Node
{
    public static Node Parse(byte[] utf8)
    {
        using var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        return From(document.RootElement);
    }

    public abstract Node Clone();

    public string ToJson()
    {
        var builder = new StringBuilder();
        Write(builder);
        return builder.ToString();
    }

    public abstract void Write(StringBuilder builder);

    private static Node From(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new Obj(element.EnumerateObject().Select(p => (p.Name, From(p.Value))).ToList()),
        JsonValueKind.Array => new Arr(element.EnumerateArray().Select(From).ToList()),
        _ => new Leaf(element.GetRawText()),
    };
}

internal sealed class Obj(List<(string Name, Node Value)> members) : Node
{
    public List<(string Name, Node Value)> Members { get; } = members;

    public override Node Clone() => new Obj(Members.Select(m => (m.Name, m.Value.Clone())).ToList());

    public override void Write(StringBuilder builder)
    {
        builder.Append('{');
        for (var i = 0; i < Members.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            builder.Append(JsonSerializer.Serialize(Members[i].Name)).Append(':');
            Members[i].Value.Write(builder);
        }

        builder.Append('}');
    }
}

internal sealed class Arr(List<Node> items) : Node
{
    public List<Node> Items { get; } = items;

    public override Node Clone() => new Arr(Items.Select(i => i.Clone()).ToList());

    public override void Write(StringBuilder builder)
    {
        builder.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            Items[i].Write(builder);
        }

        builder.Append(']');
    }
}

internal sealed class Leaf(string raw) : Node
{
    public string Raw { get; } = raw;

    public override Node Clone() => this;

    public override void Write(StringBuilder builder) => builder.Append(Raw);
}

/// <summary>Where a node sits: its parent (null for the root), its index there, and its JSON path.</summary>
internal sealed record Slot(Node Node, Node? Parent, int Index, string Path)
{
    public static List<Slot> All(Node root)
    {
        var slots = new List<Slot>();
        Walk(root, null, 0, "$", slots);
        return slots;
    }

    private static void Walk(Node node, Node? parent, int index, string path, List<Slot> slots)
    {
        slots.Add(new Slot(node, parent, index, path));
        switch (node)
        {
            case Obj obj:
                for (var i = 0; i < obj.Members.Count; i++)
                {
                    Walk(obj.Members[i].Value, obj, i, path + "." + obj.Members[i].Name, slots);
                }

                break;
            case Arr arr:
                for (var i = 0; i < arr.Items.Count; i++)
                {
                    Walk(arr.Items[i], arr, i, path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", slots);
                }

                break;
        }
    }
}

/// <summary>The sample receiver's handlers behind the real endpoint, plus one that counts what is dispatched.</summary>
internal sealed class FuzzRig : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _client;
    private readonly ErrorLog _errors;

    private FuzzRig(WebApplication app, ErrorLog errors, ConcurrentDictionary<string, int> dispatches)
    {
        _app = app;
        _errors = errors;
        Dispatches = dispatches;
        _client = app.GetTestClient();
    }

    /// <summary>How many times each body (by SHA-256 of its bytes) reached the handlers.</summary>
    public ConcurrentDictionary<string, int> Dispatches { get; }

    public static async Task<FuzzRig> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        var errors = new ErrorLog();
        builder.Logging.ClearProviders().AddProvider(errors).SetMinimumLevel(LogLevel.Information);
        var dispatches = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        builder.Services.AddSingleton(dispatches);
        builder.Services.AddSallaWebhooks<SallaEventDispatcher>(o => o.Secrets.Add(Kit.Secret));
        builder.Services.AddSallaEventHandler<OrderCreatedHandler>();
        builder.Services.AddSallaEventHandler<AppAuthorizeHandler>();
        builder.Services.AddSallaEventHandler<SmsHandler>();
        builder.Services.AddSallaEventHandler<CountingHandler>();
        var app = builder.Build();
        app.MapSallaWebhooks();
        await app.StartAsync();
        return new FuzzRig(app, errors, dispatches);
    }

    public async Task<(int Status, string Text)> PostAsync(byte[] body)
    {
        using var response = await _client.SendAsync(Kit.PostSigned(body));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public List<string> TakeErrors() => _errors.Take();

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class CountingHandler(ConcurrentDictionary<string, int> dispatches) : ISallaAnyEventHandler, ISallaUnknownEventHandler
    {
        public ValueTask HandleAsync(SallaEvent salla, CancellationToken cancellationToken) => Count(salla);

        public ValueTask HandleAsync(SallaUnknownEvent salla, CancellationToken cancellationToken) => Count(salla);

        private ValueTask Count(SallaEvent salla)
        {
            dispatches.AddOrUpdate(Convert.ToHexStringLower(SHA256.HashData(salla.RawBody.Span)), 1, (_, n) => n + 1);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Formats every entry, as a real provider would, and keeps errors with their exception for the failure message.</summary>
    private sealed class ErrorLog : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _errors = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public List<string> Take()
        {
            var taken = new List<string>();
            while (_errors.TryDequeue(out var error))
            {
                taken.Add(error);
            }

            return taken;
        }

        public void Dispose()
        {
        }

        private sealed class Logger(ErrorLog owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var message = formatter(state, exception);
                if (logLevel >= LogLevel.Error)
                {
                    var frame = exception?.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
                    owner._errors.Enqueue(exception is null ? message : $"{exception.GetType().Name}: {exception.Message} {frame}");
                }
            }
        }
    }
}
