using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Salla.Codegen.Generator.Parsing;
using Xunit;

namespace Salla.Codegen.Generator.Tests;

/// <summary>The same inputs give the same text, byte for byte, on every run and whatever the machine's culture.</summary>
[Collection(CultureSensitive.Name)]
public class DeterminismTests
{
    private static readonly IReadOnlyDictionary<string, string> Options = GeneratorHost.Properties(("SallaCodegenNamespace", "Shop.Events"));

    [Fact]
    public void Two_runs_generate_identical_text()
    {
        var first = Generate();
        var second = Generate();

        Assert.True(first.Count > GeneratorHost.DocumentedEventCount);
        Assert.Equal(first.Keys.OrderBy(k => k, StringComparer.Ordinal), second.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(first, pair => Assert.Equal(pair.Value, second[pair.Key]));
        Assert.All(first.Values, text => Assert.DoesNotContain('\r', text));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    [InlineData("fa-IR")]
    public void Culture_does_not_change_the_generated_text(string cultureName)
    {
        var expected = Generate();
        var culture = CultureInfo.GetCultureInfo(cultureName);
        Assert.Equal(cultureName, culture.Name); // ICU is on (InvariantGlobalization=false), so this is the real culture
        Assert.NotEqual("I", "i".ToUpper(CultureInfo.GetCultureInfo("tr-TR")));

        IReadOnlyDictionary<string, string> actual;
        var (savedCulture, savedUiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            actual = Generate();
        }
        finally
        {
            CultureInfo.CurrentCulture = savedCulture;
            CultureInfo.CurrentUICulture = savedUiCulture;
        }

        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        Assert.All(expected, pair => Assert.Equal(pair.Value, actual[pair.Key]));
    }

    [Theory]
    [InlineData("tr-TR")]
    [InlineData("ar-SA")]
    public void Culture_does_not_change_what_the_specs_parse_to(string cultureName)
    {
        // The built-in specs are parsed once per process, so the run above may reuse a parse made under another
        // culture; parse them again here, under the culture.
        var expected = SpecParser.Parse(BuiltInSpecs.Documents);
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(cultureName);
            var actual = SpecParser.Parse(BuiltInSpecs.Documents);
            Assert.Equal(expected, actual);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    private static IReadOnlyDictionary<string, string> Generate()
    {
        // A user spec too: it is parsed on every run (the built-in specs only once per process), under the current culture.
        var run = GeneratorHost.Run(
            GeneratorHost.Consumer,
            Options,
            new[] { UserSpecs.File("loyalty.salla.json", UserSpecs.Loyalty), UserSpecs.File("storetax.salla.json", UserSpecs.StoreTaxOverride) });
        run.AssertNoCrash();
        Assert.Empty(run.Result.Diagnostics);
        return run.Texts;
    }
}

/// <summary>Tests that change the process-wide current culture run one at a time, apart from the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CultureSensitive
{
    public const string Name = "Culture-sensitive";
}
