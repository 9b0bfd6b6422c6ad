using System.IO;
using System.Text.Json;
using System.Text;
using System;
using BenchmarkDotNet.Attributes;
using Newtonsoft.Json;
using Salla.Codegen.Metadata;
using Salla.Codegen;
using Salla.Events;

namespace Salla.Codegen.Benchmarks;

/// <summary>
/// Parses Salla's published order.created example (12 KB) four ways. Every method starts from the same UTF-8 bytes,
/// loaded once; Newtonsoft.Json decodes them to a string inside the benchmark, as it cannot read UTF-8 bytes directly.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 5, iterationCount: 20)]
public class ParseOrderCreated
{
    private const long OrderId = 2116149737;
    private const string FirstName = "Mohammed";

    private byte[] _body = Array.Empty<byte>();

    [GlobalSetup]
    public void Setup()
    {
        _body = File.ReadAllBytes(Salla.Codegen.TestSupport.RepoPaths.Example("order.created.json"));

        // The comparisons are only fair between parsers that work: check each one's result once.
        var generated = Generated();
        Check("Generated", generated.Data?.Id, generated.Data?.Customer?.FirstName);
        Require("Generated keeps the envelope's pickup_branch", generated.ExtensionData.ContainsKey("pickup_branch"));

        var stj = SystemTextJsonSourceGen();
        Check("SystemTextJsonSourceGen", stj?.Data?.Id, stj?.Data?.Customer?.FirstName);
        Require("SystemTextJsonSourceGen keeps the envelope's pickup_branch", stj!.ExtensionData?.ContainsKey("pickup_branch") == true);
        Require("SystemTextJsonSourceGen reads the numeric-string tax percent", stj.Data!.Amounts?.Tax?.Percent == 0m && stj.Data.Items![0].Product!.Calories == 600m);
        Require("SystemTextJsonSourceGen reads mobile as a JSON number", stj.Data.Customer!.Mobile?.ValueKind == JsonValueKind.Number);

        var newtonsoft = NewtonsoftJson();
        Check("NewtonsoftJson", newtonsoft?.Data?.Id, newtonsoft?.Data?.Customer?.FirstName);
        Require("NewtonsoftJson keeps the envelope's pickup_branch", (long?)newtonsoft!.NewtonsoftExtensionData?["pickup_branch"]?["id"] == 1345871747);
        Require("NewtonsoftJson reads the numeric-string tax percent", newtonsoft.Data!.Amounts?.Tax?.Percent == 0m && newtonsoft.Data.Items![0].Product!.Calories == 600m);
        Require("NewtonsoftJson reads mobile as a JSON number", newtonsoft.Data.Customer!.Mobile?.ValueKind == JsonValueKind.Number);

        Require("RawReaderWalk reads the body", RawReaderWalk() > 0);
        Require("RawReaderWalkWithoutComments reads the body as RawReaderWalk does", RawReaderWalkWithoutComments() == RawReaderWalk());

        // The models are meant to be equivalent: show which members each kept as unknown.
        Console.WriteLine("// Unknown members kept, Generated: " + string.Join(", ", UnknownMembers.Of(generated)));
        Console.WriteLine("// Unknown members kept, SystemTextJsonSourceGen: " + string.Join(", ", UnknownMembers.Of(stj)));
        Console.WriteLine("// Unknown members kept, NewtonsoftJson: " + string.Join(", ", UnknownMembers.Of(newtonsoft)));
    }

    /// <summary>The generated reader: <c>Salla.Events.OrderCreatedEvent.Parse</c>.</summary>
    [Benchmark(Baseline = true)]
    public OrderCreatedEvent Generated() => OrderCreatedEvent.Parse(_body);

    /// <summary>System.Text.Json with source-generated metadata over the hand models.</summary>
    [Benchmark]
    public HandOrderCreated? SystemTextJsonSourceGen() =>
        System.Text.Json.JsonSerializer.Deserialize(_body, HandModelsContext.Default.HandOrderCreated);

    /// <summary>Newtonsoft.Json over the same hand models, including the UTF-8 decoding of the body to a string.</summary>
    [Benchmark]
    public HandOrderCreated? NewtonsoftJson() =>
        JsonConvert.DeserializeObject<HandOrderCreated>(Encoding.UTF8.GetString(_body), NewtonsoftSetup.Settings);

    /// <summary>The floor: a Utf8JsonReader that reads every token and touches every value, building nothing.</summary>
    [Benchmark]
    public long RawReaderWalk() => Walk(_body, SallaJson.ReaderOptions);

    /// <summary>
    /// The same walk with comments refused: what the receiver's reader options (comments skipped, as Salla's
    /// published examples need) cost against the strictest ones.
    /// </summary>
    [Benchmark]
    public long RawReaderWalkWithoutComments() =>
        Walk(_body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false, MaxDepth = SallaJson.ReaderOptions.MaxDepth });

    /// <summary>Reads every token of <paramref name="body"/> and touches every value, building nothing.</summary>
    internal static long Walk(ReadOnlySpan<byte> body, JsonReaderOptions options)
    {
        var reader = new Utf8JsonReader(body, options);
        long sum = 0;
        while (reader.Read())
        {
            sum += reader.ValueSpan.Length + (int)reader.TokenType;
        }

        return sum;
    }

    private static void Check(string method, long? id, string? firstName)
    {
        if (id != OrderId || firstName != FirstName)
        {
            throw new InvalidOperationException($"{method} read order id {id?.ToString() ?? "null"} and first name '{firstName}'; expected {OrderId} and '{FirstName}'.");
        }
    }

    private static void Require(string what, bool holds)
    {
        if (!holds)
        {
            throw new InvalidOperationException("Check failed: " + what + ".");
        }
    }
}
