using System.IO;
using System.Linq;
using NJsonSchema;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Specs.Tests;

public class SpecLoadingTests
{
    public static TheoryData<string> SpecFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepoPaths.SpecFiles())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SpecFileNames))]
    public void Spec_loads_with_NJsonSchema_and_every_ref_resolves(string fileName)
    {
        var schema = Specs.Load(fileName);

        var unresolved = Walk(schema).Where(s => s.HasReference && s.Reference is null).ToList();
        Assert.Empty(unresolved);
        Assert.False(string.IsNullOrWhiteSpace(schema.Description), $"{fileName} has no description");
    }

    [Fact]
    public void Generator_parser_reads_every_spec_without_a_problem()
    {
        var problems = Specs.Parsed.Problems.Select(p => $"{p.FilePath}: {p.Message}").ToList();

        Assert.Empty(problems);
        Assert.NotEmpty(Specs.Catalogue.Types);
    }

    [Fact]
    public void Spec_folder_has_the_shared_definitions_file()
    {
        var common = Specs.Load("common.schema.json");

        foreach (var name in new[] { "Envelope", "DateTime", "Money", "Customer" })
        {
            Assert.True(common.Definitions.ContainsKey(name), $"common.schema.json lacks {name}");
        }
    }

    private static System.Collections.Generic.IEnumerable<JsonSchema> Walk(JsonSchema root)
    {
        var seen = new System.Collections.Generic.HashSet<JsonSchema>();
        var stack = new System.Collections.Generic.Stack<JsonSchema>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            if (!seen.Add(s))
            {
                continue;
            }

            yield return s;
            foreach (var child in s.Properties.Values.Cast<JsonSchema>()
                         .Concat(s.Definitions.Values)
                         .Concat(s.AnyOf).Concat(s.OneOf).Concat(s.AllOf)
                         .Concat(s.Item is null ? Enumerable.Empty<JsonSchema>() : new[] { s.Item }))
            {
                stack.Push(child);
            }
        }
    }
}
