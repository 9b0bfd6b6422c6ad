using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Benchmarks.Http;

/// <summary>One server at one concurrency: what a phase (warm-up, then the measured window) gave.</summary>
internal sealed record PhaseResult(
    string Server,
    int Concurrency,
    double RequestsPerSecond,
    double P50Milliseconds,
    double P99Milliseconds,
    long Succeeded,
    long Errors,
    long Handled,
    int SignedLate,
    long PeakRssBytes,
    RuntimeCounters ServerSpent,
    double ClientCpuMilliseconds,
    double PhaseMilliseconds,
    string? FirstError)
{
    public long Requests => Succeeded + Errors;
}

/// <summary>
/// A closed loop: <c>concurrency</c> workers, each sending its next delivery as soon as its previous answer is in,
/// over as many pooled HTTP/1.1 connections. Requests started and answered inside the measured window give the rate
/// and the latencies; the whole phase (warm-up included) is checked for errors and for the server's handled count.
/// </summary>
internal static class LoadPhase
{
    public static async Task<PhaseResult> RunAsync(
        ServerProcess server,
        SignedBatch batch,
        string strategyHeader,
        int concurrency,
        TimeSpan warmup,
        TimeSpan duration,
        bool sampleMemory,
        CancellationToken cancellationToken)
    {
        server.EnsureRunning();
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var handledBefore = await HandledAsync(client, cancellationToken).ConfigureAwait(false);
        var serverBefore = await RuntimeAsync(client, cancellationToken).ConfigureAwait(false);
        var clientBefore = ClientCpuMilliseconds();
        var phaseStart = Stopwatch.GetTimestamp();

        var measureStart = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureEnd = measureStart + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var workers = new Worker[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = new Worker();
        }

        // Resident set of the server, every 100 ms of the measured window (the peak of those samples).
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peak = 0L;
        var sampler = sampleMemory
            ? Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    if (Stopwatch.GetTimestamp() >= measureStart)
                    {
                        peak = Math.Max(peak, server.Memory().Current);
                    }

                    try
                    {
                        await Task.Delay(100, sampling.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }, CancellationToken.None)
            : Task.CompletedTask;

        var uri = new Uri(server.BaseAddress, Serve.Path);
        await Task.WhenAll(workers.Select(w => Task.Run(() => w.RunAsync(client, uri, batch, strategyHeader, measureStart, measureEnd, cancellationToken), cancellationToken))).ConfigureAwait(false);
        sampling.Cancel();
        await sampler.ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        var phaseMilliseconds = Stopwatch.GetElapsedTime(phaseStart).TotalMilliseconds;
        var clientCpu = ClientCpuMilliseconds() - clientBefore;
        var serverSpent = await RuntimeAsync(client, cancellationToken).ConfigureAwait(false) - serverBefore;
        var handled = await HandledAsync(client, cancellationToken).ConfigureAwait(false) - handledBefore;
        var latencies = workers.SelectMany(w => w.Latencies).ToArray();
        Array.Sort(latencies);
        return new PhaseResult(
            server.Name,
            concurrency,
            latencies.Length / duration.TotalSeconds,
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.99),
            workers.Sum(w => w.Succeeded),
            workers.Sum(w => w.Errors),
            handled,
            batch.SignedLate,
            peak,
            serverSpent,
            clientCpu,
            phaseMilliseconds,
            workers.Select(w => w.FirstError).FirstOrDefault(e => e is not null));
    }

    private static async Task<long> HandledAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync("/stats", cancellationToken).ConfigureAwait(false);
        return long.Parse(text, CultureInfo.InvariantCulture);
    }

    private static async Task<RuntimeCounters> RuntimeAsync(HttpClient client, CancellationToken cancellationToken) =>
        RuntimeCounters.Parse(await client.GetStringAsync("/runtime", cancellationToken).ConfigureAwait(false));

    private static double ClientCpuMilliseconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    private static double Percentile(long[] sortedTicks, double fraction)
    {
        if (sortedTicks.Length == 0)
        {
            return double.NaN;
        }

        var index = Math.Min(sortedTicks.Length - 1, (int)Math.Ceiling(fraction * sortedTicks.Length) - 1);
        return sortedTicks[Math.Max(0, index)] * 1000.0 / Stopwatch.Frequency;
    }

    private sealed class Worker
    {
        public List<long> Latencies { get; } = new(capacity: 64 * 1024);

        public long Succeeded { get; private set; }

        public long Errors { get; private set; }

        public string? FirstError { get; private set; }

        public async Task RunAsync(HttpClient client, Uri uri, SignedBatch batch, string strategyHeader, long measureStart, long measureEnd, CancellationToken cancellationToken)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (id, signature) = batch.Next();
                using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = batch.Content(id) };
                request.Headers.TryAddWithoutValidation("X-Salla-Signature", signature);
                request.Headers.TryAddWithoutValidation("X-Salla-Security-Strategy", strategyHeader);

                var started = Stopwatch.GetTimestamp();
                if (started >= measureEnd)
                {
                    return;
                }

                var ok = false;
                try
                {
                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                    ok = response.IsSuccessStatusCode;
                    if (!ok)
                    {
                        FirstError ??= $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)}";
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    FirstError ??= ex.GetType().Name + ": " + ex.Message;
                }

                var stopped = Stopwatch.GetTimestamp();
                if (ok)
                {
                    Succeeded++;
                }
                else
                {
                    Errors++;
                }

                if (started >= measureStart && stopped <= measureEnd)
                {
                    Latencies.Add(stopped - started);
                }
            }
        }
    }
}
