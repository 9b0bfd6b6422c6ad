using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Salla.Codegen.TestSupport;

namespace Salla.Codegen.Benchmarks.Http;

/// <summary>Starts the servers, runs every phase, prints the Markdown report.</summary>
internal static class LoadRun
{
    // What reads well: the receiver's rate at least 0.8x the bare endpoint's, its p99 at most 1.5x; against the
    // endpoints a user would write by hand, at least as fast and no slower at p99.
    private const double RateTarget = 0.8;
    private const double P99Target = 1.5;
    private const double ByHandRateTarget = 1.0;
    private const double ByHandP99Target = 1.0;

    // A first guess for how many deliveries to pre-sign per second of a phase; later phases use what was measured.
    private const double FirstRateGuess = 30000;

    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        var loadBefore = LoadAverage();
        var deliveries = new Deliveries();
        var servers = new List<ServerProcess>();

        // However this process ends short of the finally below (an unhandled exception, SIGTERM), the servers go too;
        // a kill -9 closes their stdin, which stops them.
        void KillAll(object? sender, EventArgs e)
        {
            foreach (var server in servers.ToArray())
            {
                server.Dispose();
            }
        }

        AppDomain.CurrentDomain.ProcessExit += KillAll;
        try
        {
            var variants = new List<(string Kind, string[] Arguments, string Strategy)>
            {
                ("bare", [], "Signature"),
                ("receiver", [], "Signature"),
                (Serve.ByHandDocument, [], "Signature"),
                (Serve.ByHandStj, [], "Signature"),
            };
            if (options.Breakdown)
            {
                variants.Add(("receiver", ["--no-dedup"], "Signature"));
                variants.Add(("receiver", ["--no-dedup", "--unsigned"], "None"));
            }

            foreach (var (kind, arguments, _) in variants)
            {
                servers.Add(await ServerProcess.StartAsync(kind, arguments, cancellationToken).ConfigureAwait(false));
            }

            var bare = servers[0];
            var receiver = servers[1];
            var compared = servers.Take(4).ToArray();
            Console.Error.WriteLine($"bare pid {bare.ProcessId} at {bare.BaseAddress}, receiver pid {receiver.ProcessId} at {receiver.BaseAddress}; body {deliveries.BodyLength} B");
            var rates = new Dictionary<(string, int), double>();
            var results = new List<PhaseResult>();
            var maxConcurrency = options.Concurrencies.Max();

            async Task<PhaseResult> Phase(ServerProcess server, string strategy, int concurrency)
            {
                rates.TryGetValue((server.Name, concurrency), out var known);
                var sameConcurrency = rates.Where(r => r.Key.Item2 == concurrency).Select(r => r.Value).DefaultIfEmpty(0).Max();
                var rate = sameConcurrency > 0
                    ? sameConcurrency * 1.6
                    : Math.Max(FirstRateGuess, rates.Count > 0 ? rates.Values.Max() * 3 : 0);
                var count = (int)Math.Clamp(rate * (options.WarmupSeconds + options.DurationSeconds), 1000, 3_000_000);
                var batch = deliveries.Sign(count);
                var result = await LoadPhase.RunAsync(
                    server, batch, strategy, concurrency, options.Warmup, options.Duration, concurrency == maxConcurrency, cancellationToken).ConfigureAwait(false);
                rates[(server.Name, concurrency)] = Math.Max(result.RequestsPerSecond, known);
                results.Add(result);
                Console.Error.WriteLine(
                    $"  {server.Name,-28} c={concurrency,-3} {result.RequestsPerSecond,9:0} req/s  p50 {result.P50Milliseconds,7:0.000} ms  p99 {result.P99Milliseconds,7:0.000} ms  " +
                    $"ok {result.Succeeded}  errors {result.Errors}  handled {result.Handled}  signed late {result.SignedLate}" +
                    (result.FirstError is null ? "" : $"  first error: {result.FirstError}"));
                return result;
            }

            // Every server first takes one unrecorded phase at the highest concurrency, so none is measured while its
            // code is still being compiled (tier 0, then tier 1 with dynamic PGO).
            Console.Error.WriteLine("priming each server (not recorded)");
            foreach (var (server, index) in servers.Select((s, i) => (s, i)))
            {
                var priming = deliveries.Sign(20_000);
                await LoadPhase.RunAsync(server, priming, variants[index].Strategy, maxConcurrency, TimeSpan.Zero, TimeSpan.FromSeconds(Math.Max(1, options.WarmupSeconds)), false, cancellationToken).ConfigureAwait(false);
            }

            for (var rep = 0; rep < options.Repetitions; rep++)
            {
                Console.Error.WriteLine($"repetition {rep + 1}/{options.Repetitions}");
                foreach (var concurrency in options.Concurrencies)
                {
                    // Rotate which server goes first, so drift in the machine's load does not favour one.
                    var order = compared.Skip(rep % compared.Length).Concat(compared.Take(rep % compared.Length)).ToArray();
                    foreach (var server in order)
                    {
                        await Phase(server, "Signature", concurrency).ConfigureAwait(false);
                    }
                }

                if (options.Breakdown)
                {
                    // The receiver and its variants; the by-hand endpoints are not library options.
                    foreach (var (server, index) in servers.Select((s, i) => (s, i)).Where(x => x.i == 1 || x.i >= compared.Length))
                    {
                        await Phase(server, variants[index].Strategy, options.BreakdownConcurrency).ConfigureAwait(false);
                    }
                }
            }

            var report = Report(options, results, servers, deliveries.BodyLength, started, loadBefore, out var exitCode);
            Console.WriteLine(report);
            return exitCode;
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= KillAll;
            KillAll(null, EventArgs.Empty);
        }
    }

    private static string Report(
        LoadOptions options,
        List<PhaseResult> results,
        List<ServerProcess> servers,
        int bodyLength,
        DateTime started,
        string loadBefore,
        out int exitCode)
    {
        exitCode = 0;
        var text = new StringBuilder();
        var bare = servers[0].Name;
        var receiver = servers[1].Name;
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Receiver vs bare endpoint over loopback HTTP/1.1");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Signed order.created, {bodyLength} B, distinct per request; {options.Repetitions} repetition(s) of {options.WarmupSeconds:0.#} s warm-up + {options.DurationSeconds:0.#} s measured; medians over repetitions.");
        text.AppendLine();
        text.AppendLine("| concurrency | bare req/s | receiver req/s | ratio | bare p50 | receiver p50 | bare p99 | receiver p99 | p99 ratio | errors (bare / receiver) | receiver handled = 2xx sent |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|");
        foreach (var concurrency in options.Concurrencies)
        {
            var b = results.Where(r => r.Server == bare && r.Concurrency == concurrency).ToList();
            var r = results.Where(r => r.Server == receiver && r.Concurrency == concurrency).ToList();
            var rate = Median(r, x => x.RequestsPerSecond) / Median(b, x => x.RequestsPerSecond);
            var p99 = Median(r, x => x.P99Milliseconds) / Median(b, x => x.P99Milliseconds);
            var errors = b.Sum(x => x.Errors) + r.Sum(x => x.Errors);
            var exactlyOnce = r.All(x => x.Handled == x.Succeeded) && b.All(x => x.Handled == x.Succeeded);
            if (errors > 0 || !exactlyOnce)
            {
                exitCode = 1;
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {concurrency} | {Median(b, x => x.RequestsPerSecond):0} | {Median(r, x => x.RequestsPerSecond):0} | {rate:0.00}{Mark(rate >= RateTarget)} " +
                $"| {Median(b, x => x.P50Milliseconds):0.000} ms | {Median(r, x => x.P50Milliseconds):0.000} ms " +
                $"| {Median(b, x => x.P99Milliseconds):0.000} ms | {Median(r, x => x.P99Milliseconds):0.000} ms | {p99:0.00}{Mark(p99 <= P99Target)} " +
                $"| {b.Sum(x => x.Errors)} / {r.Sum(x => x.Errors)} | {(exactlyOnce ? "yes" : "NO")}: {r.Sum(x => x.Handled)} of {r.Sum(x => x.Succeeded)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reads well: ratio ≥ {RateTarget} (✓, else ✗), p99 ratio ≤ {P99Target}. \"handled = 2xx\": the receiver's typed handler ran once per delivery answered 2xx (its GET /stats count, warm-up included).");
        text.AppendLine();
        text.AppendLine("## Receiver vs the endpoint a user would write by hand");
        text.AppendLine();
        text.AppendLine("Each by-hand endpoint reads the body into a `MemoryStream`, checks the hex HMAC-SHA256 with `CryptographicOperations.FixedTimeEquals`, then parses with `JsonDocument` and reads the order id (document), or deserializes with System.Text.Json's source-generated context into the parse benchmark's hand-written models (stj). Neither deduplicates, logs, traces or counts.");
        text.AppendLine();
        text.AppendLine("| concurrency | receiver req/s | by hand (document) req/s | ratio | p99 ratio | by hand (stj) req/s | ratio | p99 ratio | errors | by-hand handled = 2xx |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---|");
        foreach (var concurrency in options.Concurrencies)
        {
            var r = results.Where(x => x.Server == receiver && x.Concurrency == concurrency).ToList();
            var d = results.Where(x => x.Server == Serve.ByHandDocument && x.Concurrency == concurrency).ToList();
            var j = results.Where(x => x.Server == Serve.ByHandStj && x.Concurrency == concurrency).ToList();
            var errors = d.Sum(x => x.Errors) + j.Sum(x => x.Errors);
            var exactlyOnce = d.All(x => x.Handled == x.Succeeded) && j.All(x => x.Handled == x.Succeeded);
            if (errors > 0 || !exactlyOnce)
            {
                exitCode = 1;
            }

            double Ratio(List<PhaseResult> over, Func<PhaseResult, double> value) => Median(r, value) / Median(over, value);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {concurrency} | {Median(r, x => x.RequestsPerSecond):0} " +
                $"| {Median(d, x => x.RequestsPerSecond):0} | {Ratio(d, x => x.RequestsPerSecond):0.00}{Mark(Ratio(d, x => x.RequestsPerSecond) >= ByHandRateTarget)} | {Ratio(d, x => x.P99Milliseconds):0.00}{Mark(Ratio(d, x => x.P99Milliseconds) <= ByHandP99Target)} " +
                $"| {Median(j, x => x.RequestsPerSecond):0} | {Ratio(j, x => x.RequestsPerSecond):0.00}{Mark(Ratio(j, x => x.RequestsPerSecond) >= ByHandRateTarget)} | {Ratio(j, x => x.P99Milliseconds):0.00}{Mark(Ratio(j, x => x.P99Milliseconds) <= ByHandP99Target)} " +
                $"| {errors} | {(exactlyOnce ? "yes" : "NO")} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Reads well: ratio ≥ {ByHandRateTarget} and p99 ratio ≤ {ByHandP99Target} (receiver ÷ by hand).");
        text.AppendLine();

        var max = options.Concurrencies.Max();
        text.AppendLine(CultureInfo.InvariantCulture, $"Resident set of each server process (VmRSS sampled every 100 ms during the {max}-connection runs; VmHWM is the process's lifetime peak at the end):");
        text.AppendLine();
        text.AppendLine("| server | peak VmRSS under load | VmHWM at end |");
        text.AppendLine("|---|---:|---:|");
        foreach (var server in servers)
        {
            var peak = results.Where(r => r.Server == server.Name && r.Concurrency == max).Select(r => r.PeakRssBytes).DefaultIfEmpty(0).Max();
            text.AppendLine(CultureInfo.InvariantCulture, $"| {server.Name} | {Mb(peak)} | {Mb(server.Memory().Peak)} |");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Per request, each whole {max}-connection phase (warm-up included; medians over repetitions): the server's CPU time and allocation, its collections, the share of the phase it spent paused for GC, and the load generator's CPU time:");
        text.AppendLine();
        text.AppendLine("| server | server CPU µs/req | allocated B/req | gen0 / gen1 / gen2 per 10k req | GC pause % of phase | load generator CPU µs/req |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var server in servers)
        {
            var rows = results.Where(r => r.Server == server.Name && r.Concurrency == max && r.Requests > 0).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {server.Name} | {Median(rows, x => x.ServerSpent.CpuMilliseconds * 1000 / x.Requests):0.0} | {Median(rows, x => (double)x.ServerSpent.AllocatedBytes / x.Requests):0} " +
                $"| {Median(rows, x => x.ServerSpent.Gen0 * 10000.0 / x.Requests):0.0} / {Median(rows, x => x.ServerSpent.Gen1 * 10000.0 / x.Requests):0.0} / {Median(rows, x => x.ServerSpent.Gen2 * 10000.0 / x.Requests):0.0} " +
                $"| {Median(rows, x => x.ServerSpent.PauseMilliseconds * 100 / x.PhaseMilliseconds):0.0} | {Median(rows, x => x.ClientCpuMilliseconds * 1000 / x.Requests):0.0} |");
        }

        if (options.Breakdown)
        {
            var c = options.BreakdownConcurrency;
            var reference = results.Where(r => r.Server == receiver && r.Concurrency == c).ToList();
            var bareAtC = results.Where(r => r.Server == bare && r.Concurrency == c).ToList();
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Where the time goes, at concurrency {c} (receiver variants; options the library already has):");
            text.AppendLine();
            text.AppendLine("| server | req/s | vs receiver | vs bare | p50 | p99 | server CPU µs/req | allocated B/req | errors | handled = 2xx |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|:---|");
            foreach (var name in servers.Select(s => s.Name))
            {
                var rows = results.Where(r => r.Server == name && r.Concurrency == c).ToList();
                if (rows.Count == 0)
                {
                    continue;
                }

                var rate = Median(rows, x => x.RequestsPerSecond);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {name} | {rate:0} | {(reference.Count > 0 ? rate / Median(reference, x => x.RequestsPerSecond) : double.NaN):0.00} " +
                    $"| {(bareAtC.Count > 0 ? rate / Median(bareAtC, x => x.RequestsPerSecond) : double.NaN):0.00} " +
                    $"| {Median(rows, x => x.P50Milliseconds):0.000} ms | {Median(rows, x => x.P99Milliseconds):0.000} ms " +
                    $"| {Median(rows, x => x.ServerSpent.CpuMilliseconds * 1000 / Math.Max(1, x.Requests)):0.0} | {Median(rows, x => (double)x.ServerSpent.AllocatedBytes / Math.Max(1, x.Requests)):0} | {rows.Sum(x => x.Errors)} | {(rows.All(x => x.Handled == x.Succeeded) ? "yes" : "NO")} |");
            }

            text.AppendLine();
            text.AppendLine("`--no-dedup`: Deduplication = false (no SHA-256 delivery key, no in-memory store). `--unsigned`: SecurityStrategy None with AllowUnverified (no HMAC). Logging, telemetry, the DI scope and handler resolution stay.");
        }

        var signedLate = results.Sum(r => r.SignedLate);
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- Date: {started:yyyy-MM-dd HH:mm} – {DateTime.UtcNow:HH:mm} UTC; load average before {loadBefore}, after {LoadAverage()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Machine: {Environment.ProcessorCount} cores ({CpuModel()}); {RuntimeInformation.OSDescription}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- .NET {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "Server" : "Workstation")} GC (every process: the same executable)");
        text.AppendLine(CultureInfo.InvariantCulture, $"- Commit: {Commit()}");
        if (signedLate > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {signedLate} deliveries were signed during their phase (the pre-signed batch ran out); the load generator spent that HMAC time in the loop.");
        }

        return text.ToString();
    }

    private static string Mark(bool met) => met ? " ✓" : " ✗";

    private static string Mb(long bytes) => bytes > 0 ? $"{bytes / (1024.0 * 1024.0):0.0} MiB" : "n/a";

    private static double Median(List<PhaseResult> rows, Func<PhaseResult, double> value)
    {
        if (rows.Count == 0)
        {
            return double.NaN;
        }

        var sorted = rows.Select(value).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    private static string Commit()
    {
        var head = Git("rev-parse --short HEAD");
        if (head is null)
        {
            return "n/a";
        }

        var dirty = Git("status --porcelain");
        return string.IsNullOrWhiteSpace(dirty) ? head : head + " plus uncommitted changes";
    }

    private static string? Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = RepoPaths.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 ? output : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
