using System.Collections.Generic;
using System.IO;
using System.Linq;
using Newtonsoft.Json.Linq;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Specs.Tests;

/// <summary>The rules of specs/README.md that JSON Schema itself cannot state, checked on the raw files.</summary>
public class ConventionTests
{
    [Theory]
    [MemberData(nameof(SpecLoadingTests.SpecFileNames), MemberType = typeof(SpecLoadingTests))]
    public void Spec_follows_the_conventions(string fileName)
    {
        var root = JObject.Parse(File.ReadAllText(Path.Combine(RepoPaths.Specs, fileName)));
        var problems = new List<string>();

        Walk(root, "#", problems);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Convention_check_catches_a_closed_enum_and_an_undocumented_property()
    {
        var bad = JObject.Parse("""{"title":"X","type":"object","properties":{"a":{"type":"string","enum":["x"]},"b":{"type":["integer","string"]}}}""");
        var problems = new List<string>();

        Walk(bad, "#", problems);

        Assert.Contains(problems, p => p.Contains("uses enum"));
        Assert.Contains(problems, p => p.Contains("no x-salla-type"));
        Assert.Contains(problems, p => p.Contains("/properties/a: no description"));
    }

    private static void Walk(JToken token, string path, List<string> problems)
    {
        if (token is JArray array)
        {
            var i = 0;
            foreach (var item in array)
            {
                Walk(item, $"{path}[{i++}]", problems);
            }

            return;
        }

        if (token is not JObject o)
        {
            return;
        }

        var types = o["type"] switch
        {
            JArray a => a.Select(x => (string)x!).ToList(),
            JValue v => new List<string> { (string)v! },
            _ => new List<string>(),
        };
        var nonNull = types.Where(t => t != "null").ToList();
        if (nonNull.Count > 1 && o["x-salla-type"] is null)
        {
            problems.Add($"{path}: several types ({string.Join(", ", nonNull)}) but no x-salla-type");
        }

        if (o["properties"] is JObject && o["title"] is null && (string?)o["x-salla-type"] != "any")
        {
            problems.Add($"{path}: an object with properties has no title");
        }

        if (o["enum"] is not null)
        {
            problems.Add($"{path}: uses enum, which would reject values Salla adds later; use x-salla-enum");
        }

        if (o["additionalProperties"] is JValue { Type: JTokenType.Boolean } closed && !(bool)closed! && nonNull.SequenceEqual(new[] { "object" }))
        {
            problems.Add($"{path}: additionalProperties false on a payload object would drop members Salla adds");
        }

        if (nonNull.SequenceEqual(new[] { "array" }) && o["items"] is null)
        {
            problems.Add($"{path}: an array without items");
        }

        foreach (var property in o.Properties())
        {
            if (property.Name.StartsWith("x-salla", System.StringComparison.Ordinal) || property.Name == "required")
            {
                continue;
            }

            if (property.Name == "properties" && property.Value is JObject members)
            {
                foreach (var member in members.Properties())
                {
                    if (member.Value is JObject m && m["description"] is null && m["$ref"] is null)
                    {
                        problems.Add($"{path}/properties/{member.Name}: no description");
                    }

                    Walk(member.Value, $"{path}/properties/{member.Name}", problems);
                }
            }
            else
            {
                Walk(property.Value, $"{path}/{property.Name}", problems);
            }
        }
    }
}
