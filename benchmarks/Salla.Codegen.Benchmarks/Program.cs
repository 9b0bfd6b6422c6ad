using System;
using System.Globalization;
using BenchmarkDotNet.Running;

namespace Salla.Codegen.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "--paired")
        {
            PairedParse.Run(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
