using System;
using System.Collections.Generic;
using System.Linq;
using Salla.Codegen.Generator.Model;
using Xunit;

namespace Salla.Codegen.Specs.Tests;

public class DeprecationTests
{
    [Fact]
    public void Every_deprecated_field_names_a_replacement_that_exists_in_the_same_model()
    {
        var deprecatedCount = 0;
        foreach (var root in ModelRoots())
        {
            foreach (var (path, property) in Fields(root.Type, "data"))
            {
                if (property.Deprecation is null)
                {
                    continue;
                }

                deprecatedCount++;
                Assert.True(
                    ResolvesFromAnAncestor(root.Type, path, property.Deprecation.Replacement),
                    $"{root.File}: {path} is deprecated in favour of {property.Deprecation.Replacement}, which the model does not have");
                Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", property.Deprecation.Since);
            }
        }

        Assert.True(deprecatedCount > 0);
    }

    [Theory]
    [InlineData("order.created", "data.checkout_url", "data.urls.checkout", "2025-05-25")]
    [InlineData("order.created", "data.rating_link", "data.urls.rating", "2025-05-25")]
    [InlineData("order.created", "data.items[].codes", "data.urls.digital_content", "2025-02-05")]
    [InlineData("order.created", "data.items[].files", "data.urls.digital_content", "2025-02-05")]
    [InlineData("order.shipment.creating", "data.checkout_url", "data.urls.checkout", "2025-05-25")]
    [InlineData("order.shipment.creating", "data.rating_link", "data.urls.rating", "2025-05-25")]
    public void Documented_field_deprecation_is_in_the_spec(string eventName, string path, string replacement, string since)
    {
        var model = Specs.Catalogue.Types.Single(t => t.Name == Specs.Catalogue.Events.Single(e => e.Name == eventName).DataTypeName);

        var property = Fields(model, "data").SingleOrDefault(f => f.Path == path).Property;

        Assert.True(property is not null, $"{eventName}'s model has no {path}");
        Assert.NotNull(property!.Deprecation);
        Assert.Equal(replacement, property.Deprecation!.Replacement);
        Assert.Equal(since, property.Deprecation.Since);
    }

    private static IEnumerable<(string File, TypeSpec Type)> ModelRoots() =>
        Specs.Catalogue.Events.Select(e => (e.SourceFile, e.DataTypeName)).Distinct()
            .Select(x => (x.SourceFile, Specs.Catalogue.Types.Single(t => t.Name == x.DataTypeName)));

    /// <summary>Every field reachable from <paramref name="type"/>, by envelope path (<c>data.items[].codes</c>).</summary>
    internal static IEnumerable<(string Path, PropertySpec Property)> Fields(TypeSpec type, string prefix, HashSet<string>? seen = null)
    {
        seen ??= new HashSet<string>(StringComparer.Ordinal);
        if (!seen.Add(type.Name))
        {
            yield break;
        }

        foreach (var property in type.Properties)
        {
            var path = prefix + "." + property.JsonName;
            yield return (path, property);
            var value = property.Value;
            while (value.Kind == ValueKind.Array && value.Element is not null)
            {
                value = value.Element;
                path += "[]";
            }

            if (value.ObjectTypeName is not null)
            {
                foreach (var nested in Fields(Specs.Catalogue.Types.Single(t => t.Name == value.ObjectTypeName), path, new HashSet<string>(seen, StringComparer.Ordinal)))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>
    /// A replacement path starts at <c>data.</c>, the model object; when the model sits nested in another
    /// (the order inside order.status.updated), <c>data.</c> stands for that nested object, one of the field's ancestors.
    /// </summary>
    private static bool ResolvesFromAnAncestor(TypeSpec root, string fieldPath, string replacement)
    {
        var all = Fields(root, "data").Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var rest = replacement.Substring("data".Length);
        for (var ancestor = fieldPath; ancestor.Contains('.'); ancestor = ancestor.Substring(0, ancestor.LastIndexOf('.')))
        {
            var prefix = ancestor.Substring(0, ancestor.LastIndexOf('.'));
            if (all.Contains(prefix + rest))
            {
                return true;
            }
        }

        return false;
    }
}
