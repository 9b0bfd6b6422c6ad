using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.Specs.Tests;

public class EventCatalogueTests
{
    /// <summary>The event names of the documented event table (specs/examples/EVENTS.md), up to the list of names that are not webhooks.</summary>
    internal static IReadOnlyList<string> DocumentedEventNames()
    {
        var text = File.ReadAllText(Path.Combine(RepoPaths.Examples, "EVENTS.md"));
        var start = text.IndexOf("## 1. Event table", StringComparison.Ordinal);
        var end = text.IndexOf("### Names that appear in official material but are NOT", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "EVENTS.md no longer has the event table this test reads");
        return Regex.Matches(text[start..end], @"^\| `([A-Za-z.]+)` \|", RegexOptions.Multiline)
            .Select(m => m.Groups[1].Value)
            .ToList();
    }

    [Fact]
    public void Events_md_documents_84_distinct_events()
    {
        var names = DocumentedEventNames();

        Assert.Equal(84, names.Count);
        Assert.Equal(84, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Every_documented_event_maps_to_exactly_one_model()
    {
        var mapped = Specs.Catalogue.Events.GroupBy(e => e.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var missing = DocumentedEventNames().Where(n => !mapped.ContainsKey(n)).ToList();
        var twice = mapped.Where(p => p.Value > 1).Select(p => p.Key).ToList();

        Assert.True(missing.Count == 0, "Not mapped by any spec: " + string.Join(", ", missing));
        Assert.True(twice.Count == 0, "Mapped more than once: " + string.Join(", ", twice));
    }

    [Fact]
    public void Specs_map_no_event_that_events_md_does_not_document()
    {
        var documented = DocumentedEventNames().ToHashSet(StringComparer.Ordinal);

        var extra = Specs.Catalogue.Events.Select(e => e.Name).Where(n => !documented.Contains(n)).ToList();

        Assert.True(extra.Count == 0, "Mapped but not documented: " + string.Join(", ", extra));
    }

    [Fact]
    public void Every_event_has_a_group_description_and_model()
    {
        foreach (var e in Specs.Catalogue.Events)
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Description), $"{e.Name} has no description");
            Assert.Contains(e.Group, Salla.Codegen.Generator.Parsing.SpecParser.Groups);
            Assert.Contains(Specs.Catalogue.Types, t => t.Name == e.DataTypeName);
        }
    }

    [Theory]
    [InlineData("product.updated")]
    [InlineData("product.available")]
    public void Deprecated_product_events_name_the_six_granular_events(string name)
    {
        var e = Specs.Catalogue.Events.Single(x => x.Name == name);

        Assert.NotNull(e.Deprecation);
        Assert.Equal("2025-12-15", e.Deprecation!.Since);
        Assert.Equal(
            new[] { "product.brand.updated", "product.category.updated", "product.image.updated", "product.price.updated", "product.status.updated", "product.tags.updated" },
            e.Deprecation.ReplacedBy.OrderBy(x => x, StringComparer.Ordinal));
        var known = Specs.Catalogue.Events.Select(x => x.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(e.Deprecation.ReplacedBy, r => Assert.Contains(r, known));
    }

    [Fact]
    public void Only_the_two_documented_product_events_are_deprecated()
    {
        var deprecated = Specs.Catalogue.Events.Where(e => e.Deprecation is not null).Select(e => e.Name).OrderBy(n => n, StringComparer.Ordinal);

        Assert.Equal(new[] { "product.available", "product.updated" }, deprecated);
    }

    [Fact]
    public void Recurring_payment_events_have_an_open_data_model()
    {
        var events = Specs.Catalogue.Events.Where(e => e.Group == "recurring-payments").ToList();

        Assert.Equal(5, events.Count);
        var model = Specs.Load(events[0].SourceFile);
        Assert.Contains("name", model.Description ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }
}
