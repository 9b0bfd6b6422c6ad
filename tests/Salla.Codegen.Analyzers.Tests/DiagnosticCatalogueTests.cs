using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Salla.Codegen.Generator.Diagnostics;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Analyzers.Tests;

/// <summary>
/// The descriptor catalogue (<see cref="SallaDiagnostics"/>) against what ships with it: one prefix,
/// unique IDs, a documentation page with a bad and a good example behind every help link, a line in
/// the analyzer release files, and something that reports each descriptor.
/// </summary>
public class DiagnosticCatalogueTests
{
    private static readonly string DocsFolder = Path.Combine(RepoPaths.Root, "docs", "diagnostics");

    /// <summary>Every descriptor field of the catalogue, by field name.</summary>
    private static IReadOnlyList<(string Field, DiagnosticDescriptor Descriptor)> Catalogue() =>
        typeof(SallaDiagnostics)
            .GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (f.Name, (DiagnosticDescriptor)f.GetValue(null)!))
            .OrderBy(d => d.Item2.Id, StringComparer.Ordinal)
            .ToList();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var (_, descriptor) in Catalogue())
        {
            data.Add(descriptor.Id);
        }

        return data;
    }

    private static DiagnosticDescriptor Descriptor(string id) => Catalogue().Single(d => d.Descriptor.Id == id).Descriptor;

    [Fact]
    public void The_catalogue_is_not_empty_and_every_ID_has_the_prefix_once()
    {
        var ids = Catalogue().Select(d => d.Descriptor.Id).ToList();

        Assert.NotEmpty(ids);
        Assert.All(ids, id => Assert.Matches("^SALLA[0-9]{3}$", id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_has_a_page_with_a_bad_and_a_good_example(string id)
    {
        var path = Path.Combine(DocsFolder, id + ".md");
        Assert.True(File.Exists(path), $"{id} has no documentation page at docs/diagnostics/{id}.md.");
        var page = File.ReadAllText(path);
        var descriptor = Descriptor(id);

        Assert.StartsWith("# " + id, page, StringComparison.Ordinal);
        Assert.Contains($"| Category | {descriptor.Category} |", page, StringComparison.Ordinal);
        Assert.Contains($"| Default severity | {descriptor.DefaultSeverity} |", page, StringComparison.Ordinal);
        AssertSectionWithCode(page, "## Bad example", id);
        AssertSectionWithCode(page, "## Good example", id);
        Assert.Contains($"dotnet_diagnostic.{id}.severity", page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_help_link_points_at_its_page(string id)
    {
        var link = Descriptor(id).HelpLinkUri;

        Assert.StartsWith("https://", link, StringComparison.Ordinal);
        Assert.EndsWith($"docs/diagnostics/{id}.md", link, StringComparison.Ordinal);
        Assert.True(Uri.TryCreate(link, UriKind.Absolute, out _), $"{link} is not a URL.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_is_in_the_index_page(string id)
    {
        var index = File.ReadAllText(Path.Combine(DocsFolder, "README.md"));

        Assert.Contains($"[{id}]({id}.md)", index, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_belongs_to_a_descriptor()
    {
        var ids = Catalogue().Select(d => d.Descriptor.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(DocsFolder, "SALLA*.md").Select(Path.GetFileNameWithoutExtension).ToList();

        Assert.All(pages, page => Assert.Contains(page!, ids));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_is_in_the_release_tracking_files_as_it_is(string id)
    {
        var released = ReleasedRules();
        var descriptor = Descriptor(id);

        Assert.True(released.TryGetValue(id, out var entry), $"{id} is in neither analyzers/AnalyzerReleases.Shipped.md nor Unshipped.md.");
        Assert.Equal(descriptor.Category, entry.Category);
        Assert.Equal(descriptor.DefaultSeverity.ToString(), entry.Severity);
    }

    [Fact]
    public void The_release_tracking_files_name_no_rule_that_is_not_in_the_catalogue()
    {
        var ids = Catalogue().Select(d => d.Descriptor.Id).ToHashSet(StringComparer.Ordinal);

        Assert.All(ReleasedRules().Keys, id => Assert.Contains(id, ids));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_is_reported_by_an_analyzer_or_the_generator(string id)
    {
        var field = Catalogue().Single(d => d.Descriptor.Id == id).Field;
        var analyzers = typeof(DeprecatedMemberAnalyzer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), false).Length > 0)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToList();
        var byAnalyzer = analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == id)).Select(a => a.GetType().Name).ToList();
        var byGenerator = GeneratorSourcesReporting(field);

        Assert.True(
            byAnalyzer.Count > 0 || byGenerator.Count > 0,
            $"{id} (SallaDiagnostics.{field}) is supported by no DiagnosticAnalyzer in {typeof(DeprecatedMemberAnalyzer).Assembly.GetName().Name} and reported nowhere in the generator.");
    }

    private static void AssertSectionWithCode(string page, string heading, string id)
    {
        var start = page.IndexOf(heading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/diagnostics/{id}.md has no '{heading}' section.");
        var next = page.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        var section = next < 0 ? page.Substring(start) : page.Substring(start, next - start);
        Assert.True(Regex.IsMatch(section, "```(csharp|xml|json)\\n[\\s\\S]+?\\n```"), $"The '{heading}' section of docs/diagnostics/{id}.md has no code block.");
    }

    /// <summary>Rule ID → (category, severity) from the release tracking files; Unshipped overrides Shipped.</summary>
    private static Dictionary<string, (string Category, string Severity)> ReleasedRules()
    {
        var rules = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = string.Empty;
            foreach (var raw in File.ReadAllLines(Path.Combine(RepoPaths.Root, "analyzers", file)))
            {
                var line = raw.Trim();
                if (line.StartsWith("###", StringComparison.Ordinal))
                {
                    section = line.TrimStart('#').Trim();
                    continue;
                }

                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length < 3 || !cells[0].StartsWith("SALLA", StringComparison.Ordinal))
                {
                    continue;
                }

                if (section == "Removed Rules")
                {
                    rules.Remove(cells[0]);
                }
                else
                {
                    // New Rules: ID | Category | Severity | Notes; Changed Rules: ID | New Category | New Severity | Old … .
                    rules[cells[0]] = (cells[1], cells[2]);
                }
            }
        }

        return rules;
    }

    /// <summary>Generator sources (other than the catalogue) that report <c>SallaDiagnostics.&lt;field&gt;</c>.</summary>
    private static List<string> GeneratorSourcesReporting(string field)
    {
        var generator = Path.Combine(RepoPaths.Root, "generator", "Salla.Codegen.Generator");
        var pattern = new Regex(@"Diagnostic\.Create\(\s*SallaDiagnostics\." + Regex.Escape(field) + @"\b");
        return Directory.GetFiles(generator, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Where(f => pattern.IsMatch(File.ReadAllText(f)))
            .Select(Path.GetFileName)
            .ToList()!;
    }
}
