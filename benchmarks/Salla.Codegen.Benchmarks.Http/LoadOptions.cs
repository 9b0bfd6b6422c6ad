using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;

namespace Salla.Codegen.Benchmarks.Http;

internal sealed class LoadOptions
{
    public const string Usage = """
        usage: dotnet run -c Release --project benchmarks/Salla.Codegen.Benchmarks.Http -- [options]
          --warmup SECONDS        warm-up of each phase, not measured (default 3)
          --duration SECONDS      measured window of each phase (default 10)
          --reps N                repetitions; which server goes first rotates each one (default 3)
          --concurrency 1,16,64   concurrent connections (= workers) per phase (default 1,16,64)
          --quick                 smoke run: --warmup 1 --duration 2 --reps 1
          --breakdown             also run receiver variants (--no-dedup, --no-dedup --unsigned) at one concurrency
          --breakdown-concurrency N   that concurrency (default 16)
          --help
        """;

    public double WarmupSeconds { get; private set; } = 3;

    public double DurationSeconds { get; private set; } = 10;

    public int Repetitions { get; private set; } = 3;

    public IReadOnlyList<int> Concurrencies { get; private set; } = [1, 16, 64];

    public bool Quick { get; private set; }

    public bool Breakdown { get; private set; }

    public int BreakdownConcurrency { get; private set; } = 16;

    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);

    public TimeSpan Duration => TimeSpan.FromSeconds(DurationSeconds);

    /// <summary>False with a null problem for --help.</summary>
    public static bool TryParse(string[] args, [NotNullWhen(true)] out LoadOptions? options, out string? problem)
    {
        var result = new LoadOptions();
        options = null;
        problem = null;
        double? warmup = null, duration = null;
        int? reps = null;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{args[i]} needs a value");
                switch (args[i])
                {
                    case "--warmup":
                        warmup = double.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--duration":
                        duration = double.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--reps":
                        reps = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--concurrency":
                        result.Concurrencies = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(c => int.Parse(c, CultureInfo.InvariantCulture)).Distinct().ToArray();
                        break;
                    case "--quick":
                        result.Quick = true;
                        break;
                    case "--breakdown":
                        result.Breakdown = true;
                        break;
                    case "--breakdown-concurrency":
                        result.BreakdownConcurrency = int.Parse(Value(), CultureInfo.InvariantCulture);
                        break;
                    case "--help" or "-h":
                        return false;
                    default:
                        throw new FormatException($"unknown option '{args[i]}'");
                }
            }
        }
        catch (FormatException ex)
        {
            problem = ex.Message;
            return false;
        }

        if (result.Quick)
        {
            (result.WarmupSeconds, result.DurationSeconds, result.Repetitions) = (1, 2, 1);
        }

        result.WarmupSeconds = warmup ?? result.WarmupSeconds;
        result.DurationSeconds = duration ?? result.DurationSeconds;
        result.Repetitions = reps ?? result.Repetitions;
        if (result.WarmupSeconds < 0 || result.DurationSeconds <= 0 || result.Repetitions < 1
            || result.Concurrencies.Count == 0 || result.Concurrencies.Any(c => c < 1) || result.BreakdownConcurrency < 1)
        {
            problem = "warm-up must be ≥ 0, duration > 0, reps ≥ 1 and every concurrency ≥ 1";
            return false;
        }

        options = result;
        return true;
    }
}
