using System;
using BenchmarkDotNet.Running;

namespace Salla.Codegen.Benchmarks.Generator;

public static class Program
{
    public static void Main(string[] args)
    {
        // benchmarks/analyzer-build-cost.sh compiles AnalyzerCost's consumer with the real SDK; it asks for the files here.
        if (args.Length == 2 && args[0] == "--write-analyzer-consumer")
        {
            var count = AnalyzerCost.WriteConsumer(args[1]);
            Console.WriteLine($"Wrote {count} handler files to {args[1]}.");
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
