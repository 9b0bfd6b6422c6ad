using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>
/// The exact text generated, checked by Microsoft.CodeAnalysis.Testing against the files in Snapshots/&lt;case&gt;/,
/// compiled against the net8.0 reference assemblies: a small built-in event (storetax.created), and a spec made to
/// reach every path of the emitters (required, nullable-required and optional members, open enums, lists of text,
/// values, dates, objects and lists, dates, a type read from a bare scalar, free-form JSON, a deprecated and
/// length-limited member, a deprecated event, the catalogue and the dispatcher). To accept a deliberate change of
/// the output, run the tests with SALLA_UPDATE_SNAPSHOTS=1 and review the diff of Snapshots/.
/// </summary>
public class SnapshotTests
{
    private const string StoreTaxSource = """
        namespace App
        {
            internal sealed class StoreTaxHandler : global::Salla.Events.IStoretaxCreatedHandler
            {
                public global::System.Threading.Tasks.ValueTask HandleAsync(global::Salla.Events.StoretaxCreatedEvent salla, global::System.Threading.CancellationToken cancellationToken)
                {
                    global::Salla.Events.StoreTax tax = salla.Data;
                    return tax.Status == global::Salla.Events.StoreTax.StatusValues.Active ? default : default;
                }
            }
        }
        """;

    private const string EveryPathSource = """
        namespace App
        {
            internal sealed class ParcelHandler : global::Salla.Events.ISnapshotParcelSentHandler
            {
                public global::System.Threading.Tasks.ValueTask HandleAsync(global::Salla.Events.SnapshotParcelSentEvent salla, global::System.Threading.CancellationToken cancellationToken)
                {
                    global::Salla.Events.SnapshotParcel parcel = salla.Data;
                    return parcel.Sender.Name == parcel.Labels[0] ? default : default;
                }
            }
        }
        """;

    /// <summary>A user spec that reaches every emitter path.</summary>
    internal const string EveryPathSpec = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "title": "SnapshotParcel",
          "description": "A parcel that reaches every shape the generator emits.",
          "x-salla-events": [
            { "name": "snapshot.parcel.sent", "group": "shipment", "description": "A parcel was sent.", "added": "2025-01-01", "deprecated": null },
            { "name": "snapshot.parcel.posted", "group": "shipment", "description": "A parcel was posted.", "added": null, "deprecated": { "since": "2025-06-01", "replacedBy": ["snapshot.parcel.sent"], "note": "Renamed." } }
          ],
          "type": "object",
          "required": ["id", "status", "weight_note", "sender", "labels"],
          "properties": {
            "id": { "type": ["integer", "string"], "x-salla-type": "integer", "description": "Required number." },
            "status": { "type": "string", "x-salla-enum": ["sent", "lost", "in_transit"], "description": "Required text with known values." },
            "weight_note": { "type": ["string", "null"], "description": "Required, but may be null." },
            "sender": { "$ref": "#/definitions/SnapshotParty", "description": "Required object." },
            "receiver": { "anyOf": [{ "$ref": "#/definitions/SnapshotParty" }, { "type": "null" }], "description": "Optional object." },
            "labels": { "type": "array", "items": { "type": "string" }, "description": "Required list of text." },
            "scans": { "type": "array", "items": { "$ref": "#/definitions/SnapshotScan" }, "description": "List of objects." },
            "scan_times": { "type": "array", "items": { "$ref": "common.schema.json#/definitions/DateTime" }, "description": "List of dates." },
            "sizes": { "type": "array", "items": { "type": "integer" }, "description": "List of numbers." },
            "grid": { "type": "array", "items": { "type": "array", "items": { "type": "number" } }, "description": "List of lists." },
            "sent_at": { "$ref": "common.schema.json#/definitions/DateTime", "description": "A date." },
            "price": { "$ref": "common.schema.json#/definitions/Money", "description": "An object Salla may send as a bare number." },
            "insured": { "type": ["boolean", "integer"], "x-salla-type": "boolean", "description": "A flag." },
            "ratio": { "type": "number", "description": "A decimal." },
            "tracking_url": { "type": "string", "maxLength": 300, "x-salla-deprecated": { "since": "2025-05-25", "replacement": "data.urls.tracking", "note": "Moved." }, "description": "Deprecated, length-limited text." },
            "urls": { "$ref": "#/definitions/SnapshotUrls", "description": "Links." },
            "meta": { "type": "object", "x-salla-type": "any", "description": "Free-form JSON." }
          },
          "definitions": {
            "SnapshotParty": {
              "title": "SnapshotParty",
              "description": "Someone a parcel goes between.",
              "type": "object",
              "required": ["name"],
              "properties": { "name": { "type": "string", "description": "Name." } }
            },
            "SnapshotScan": {
              "title": "SnapshotScan",
              "description": "A scan of a parcel.",
              "type": "object",
              "properties": {
                "place": { "type": "string", "description": "Where." },
                "at": { "$ref": "common.schema.json#/definitions/DateTime", "description": "When." }
              }
            },
            "SnapshotUrls": {
              "title": "SnapshotUrls",
              "description": "Links of a parcel.",
              "type": "object",
              "properties": { "tracking": { "type": "string", "description": "Tracking page." } }
            }
          }
        }
        """;

    private const string SpecPath = "/consumer/specs/snapshot.salla.json";

    public static TheoryData<string> Cases() => new() { "StoreTax", "EveryPath" };

    private static (string Filter, string Source, string? Spec) Case(string name) => name switch
    {
        "StoreTax" => ("storetax.created", StoreTaxSource, null),
        "EveryPath" => ("snapshot.*", EveryPathSource, EveryPathSpec),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    // Snapshots name the generator's version as a placeholder, so a version bump rewrites none of them.
    private const string VersionPlaceholder = "{version}";

    private static readonly string GeneratorVersion = typeof(SallaEventsGenerator).Assembly.GetName().Version!.ToString(3);

    private static string GeneratedCodeOf(string version) => "GeneratedCode(\"Salla.Codegen\", \"" + version + "\")";

    private static string SnapshotDirectory(string name) => Path.Combine(AppContext.BaseDirectory, "Snapshots", name);

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Generated_sources_match_the_snapshots(string name)
    {
        var (filter, source, spec) = Case(name);
        if (Environment.GetEnvironmentVariable("SALLA_UPDATE_SNAPSHOTS") == "1")
        {
            UpdateSnapshots(name, filter, spec);
        }

        var snapshots = Directory.GetFiles(SnapshotDirectory(name), "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "SallaEvents.g.cs");
        Assert.Contains(snapshots, f => Path.GetFileName(f) == "SallaEventDispatcher.g.cs");

        var test = new CSharpSourceGeneratorTest<SallaEventsGenerator, DefaultVerifier>
        {
            ReferenceAssemblies = ReferenceAssemblies.Net.Net80,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        };
        test.TestState.Sources.Add(source);
        test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nbuild_property.SallaCodegenEvents = " + filter + "\n"));
        if (spec is not null)
        {
            test.TestState.AdditionalFiles.Add((SpecPath, spec));
        }

        test.TestState.AdditionalReferences.Add(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "runtime-net8.0", "Salla.Codegen.dll")));
        foreach (var snapshot in snapshots)
        {
            // Read as the generator writes: '\n' line ends (whatever a checkout did to them), UTF-8.
            var text = File.ReadAllText(snapshot).Replace("\r\n", "\n", StringComparison.Ordinal).Replace(VersionPlaceholder, GeneratorVersion, StringComparison.Ordinal);
            test.TestState.GeneratedSources.Add((typeof(SallaEventsGenerator), Path.GetFileName(snapshot), SourceText.From(text, Encoding.UTF8)));
        }

        await test.RunAsync();
    }

    [Fact]
    public void The_every_path_spec_reaches_every_emitter_path()
    {
        var text = string.Concat(Directory.GetFiles(SnapshotDirectory("EveryPath"), "*.cs").Select(File.ReadAllText));

        foreach (var expected in new[]
        {
            "SallaJson.ReadRequiredObject(ref reader, global::Salla.Events.SnapshotParty.Read)",
            "SallaJson.ReadObject(ref reader, global::Salla.Events.SnapshotParty.Read)",
            "SallaJson.ReadList<string>(ref reader, global::Salla.Codegen.Metadata.SallaJson.ReadString) ?? throw",
            "SallaJson.ReadList<global::Salla.Events.SnapshotScan>(",
            "SallaJson.ReadList<global::System.DateTimeOffset?>(",
            "SallaJson.ReadList<long?>(",
            "SallaJson.ReadList<global::System.Collections.Generic.IReadOnlyList<decimal?>>(",
            "new(\"weight_note\", \"string\", IsRequired: true),",
            "SallaRequired.Null(\"integer\")",
            "[global::Salla.Codegen.SallaDeprecated(\"2025-05-25\", \"data.urls.tracking\")]",
            "[global::System.ComponentModel.DataAnnotations.StringLength(300)]",
            "public static class StatusValues",
            "global::System.Text.Json.JsonElement? Meta",
            "scalarMember: 0);",
            "Deprecated by Salla since 2025-06-01",
        })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Rewrites Snapshots/&lt;case&gt;/ in the source tree from what the generator emits now.</summary>
    private static void UpdateSnapshots(string name, string filter, string? spec)
    {
        var additional = spec is null ? null : new[] { new InMemoryAdditionalText(SpecPath, spec) };
        var run = GeneratorHost.Run(GeneratorHost.Consumer, GeneratorHost.Properties(("SallaCodegenEvents", filter)), additional);
        run.AssertNoCrash();
        foreach (var directory in new[] { Path.Combine(RepoPaths.Root, "tests", "Salla.Codegen.Generator.Tests", "Snapshots", name), SnapshotDirectory(name) })
        {
            Directory.CreateDirectory(directory);
            foreach (var stale in Directory.GetFiles(directory, "*.cs"))
            {
                File.Delete(stale);
            }

            foreach (var (hintName, text) in run.Texts)
            {
                File.WriteAllText(Path.Combine(directory, hintName), text.Replace(GeneratedCodeOf(GeneratorVersion), GeneratedCodeOf(VersionPlaceholder), StringComparison.Ordinal), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            }
        }
    }
}
