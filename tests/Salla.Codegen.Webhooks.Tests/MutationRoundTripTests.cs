using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Salla.Codegen.Consumer.Tests;
using Salla.Codegen.TestSupport;
using Salla.Events;
using Xunit;

namespace Salla.Codegen.Webhooks.Tests;

/// <summary>
/// The write path over the fuzz test's seeded mutations: every mutated body the parser accepts is written,
/// read again, and must give the same typed values and extension members, and write the same bytes twice.
/// </summary>
public class MutationRoundTripTests
{
    private const int Seed = 20250519;
    private const int Count = 3000;

    [Fact]
    public void Every_accepted_mutation_of_every_example_round_trips()
    {
        var examples = RepoPaths.ExampleFiles()
            .Select(f => Path.GetFileName(f))
            .Select(name => new Example(name, RepoPaths.ExampleBody(name)))
            .ToList();
        var bodies = new List<byte[]>();
        var failures = new List<string>();
        var accepted = 0;

        for (var index = 0; index < Count; index++)
        {
            var mutation = Mutator.Build(Seed, index, examples, bodies);
            bodies.Add(mutation.Body);
            SallaEvent parsed;
            try
            {
                parsed = SallaEvents.Parse(mutation.Body);
            }
            catch (SallaPayloadException)
            {
                continue;
            }

            accepted++;
            var written = parsed.ToJson();
            var reparsed = SallaEvents.Parse(written);
            var differences = TypedComparer.Differences(parsed, reparsed);
            if (differences.Count > 0 || !written.AsSpan().SequenceEqual(reparsed.ToJson()))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"#{index} {mutation.Kind} of {mutation.Example}: {string.Join("; ", differences.Take(3))}"));
            }
        }

        Assert.True(accepted > Count / 4, $"only {accepted} of {Count} mutations were accepted, too few to say much");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(20)));
    }
}
