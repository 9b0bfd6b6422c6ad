using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;

namespace Salla.Codegen.Benchmarks;

/// <summary>
/// <c>--paired [ROUNDS]</c>: the parsers of <see cref="ParseOrderCreated"/> alternated in one process, 300 calls
/// each per round, the order flipped every round; prints the medians and the median of the round-by-round
/// ratios. One process per method (BenchmarkDotNet's way) lets a slow phase of a shared machine land on one
/// method only; pairing cancels it out of the ratio.
/// </summary>
internal static class PairedParse
{
    private const int CallsPerRound = 300;

    public static void Run(int rounds)
    {
        var parse = new ParseOrderCreated();
        parse.Setup();
        for (var i = 0; i < 2_000; i++)
        {
            parse.Generated();
            parse.RawReaderWalk();
            parse.SystemTextJsonSourceGen();
        }

        var generated = new List<double>();
        var raw = new List<double>();
        var stj = new List<double>();
        var toRaw = new List<double>();
        var toStj = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            double g, r, s;
            if (round % 2 == 0)
            {
                g = Time(() => parse.Generated());
                r = Time(() => parse.RawReaderWalk());
                s = Time(() => parse.SystemTextJsonSourceGen());
            }
            else
            {
                s = Time(() => parse.SystemTextJsonSourceGen());
                r = Time(() => parse.RawReaderWalk());
                g = Time(() => parse.Generated());
            }

            generated.Add(g);
            raw.Add(r);
            stj.Add(s);
            toRaw.Add(g / r);
            toStj.Add(g / s);
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{rounds} rounds: Generated {Median(generated):F2} us, RawReaderWalk {Median(raw):F2} us, SystemTextJsonSourceGen {Median(stj):F2} us; " +
            $"Generated / RawReaderWalk {Median(toRaw):F3}x, Generated / SystemTextJsonSourceGen {Median(toStj):F3}x (medians of the paired ratios)"));
    }

    private static double Time(Action call)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < CallsPerRound; i++)
        {
            call();
        }

        return clock.Elapsed.TotalMicroseconds / CallsPerRound;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted[sorted.Count / 2];
    }
}
