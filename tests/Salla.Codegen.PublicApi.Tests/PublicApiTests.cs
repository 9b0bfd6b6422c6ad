using System.IO;
using System.Reflection;
using System;
using PublicApiGenerator;
using Salla.Codegen.Metadata;
using Salla.Codegen.TestSupport;
using Xunit;

namespace Salla.Codegen.PublicApi.Tests;

/// <summary>
/// The public surface of each shipped library, compared with the baseline checked in beside this
/// file, so the API changes only on purpose: a change shows up as a diff of the baseline in review.
/// Set SALLA_UPDATE_PUBLIC_API=1 to rewrite the baselines from the current build.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Libraries => new()
    {
        typeof(SallaJson).Assembly.GetName().Name!,
        typeof(Salla.Codegen.AspNetCore.SallaWebhookEndpointRouteBuilderExtensions).Assembly.GetName().Name!,
        typeof(Salla.Codegen.EntityFrameworkCore.SallaInboxModelBuilderExtensions).Assembly.GetName().Name!,
        typeof(Salla.Codegen.Testing.SallaExamples).Assembly.GetName().Name!,
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public void Public_api_matches_its_baseline(string library)
    {
        var assembly = Assembly.Load(library);
        var api = assembly.GeneratePublicApi(new ApiGeneratorOptions { IncludeAssemblyAttributes = false }).Replace("\r\n", "\n", StringComparison.Ordinal);
        var baseline = Path.Combine(RepoPaths.Root, "tests", "Salla.Codegen.PublicApi.Tests", "Baselines", library + ".txt");

        if (Environment.GetEnvironmentVariable("SALLA_UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(baseline, api);
        }

        Assert.True(File.Exists(baseline), $"No baseline for {library}; run the tests with SALLA_UPDATE_PUBLIC_API=1 and review the new file.");
        var expected = File.ReadAllText(baseline).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, api);
    }
}
