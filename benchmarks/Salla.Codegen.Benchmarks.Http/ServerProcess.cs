using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Salla.Codegen.Benchmarks.Http;

/// <summary>
/// A server run as a child process of this one (the same executable, <c>serve …</c>), so that it shares neither GC
/// nor thread pool with the load generator. Killed, with its tree, when disposed; it also stops by itself when this
/// process's end closes its standard input.
/// </summary>
internal sealed class ServerProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    /// <summary>What the report calls it, e.g. <c>receiver</c> or <c>receiver --no-dedup</c>.</summary>
    public string Name { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public int ProcessId => _process.Id;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static async Task<ServerProcess> StartAsync(string kind, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var port = FreeLoopbackPort();
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The apphost when there is one; under `dotnet X.dll`, the muxer and this assembly.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add("serve");
        start.ArgumentList.Add(kind);
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var argument in extraArguments)
        {
            start.ArgumentList.Add(argument);
        }

        var name = string.Join(" ", new[] { kind }.Concat(extraArguments));
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process);
        process.OutputDataReceived += (_, e) => server.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnError(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException($"exited with code {SafeExitCode(process)}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start the {name} server ({self}).");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var address = await server._ready.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            server.BaseAddress = new Uri(address);
            return server;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is TimeoutException ? $"not listening after {StartTimeout.TotalSeconds:0} s" : ex.Message;
            server.Dispose();
            throw new InvalidOperationException(
                $"The {name} server did not start ({reason}).{Environment.NewLine}--- its stderr ---{Environment.NewLine}{server.StandardError}" +
                $"--- its stdout ---{Environment.NewLine}{server.StandardOutput}");
        }
    }

    /// <summary>The resident set now and its peak so far (VmRSS, VmHWM of /proc), in bytes; elsewhere the working set twice.</summary>
    public (long Current, long Peak) Memory()
    {
        try
        {
            var status = $"/proc/{_process.Id}/status";
            if (File.Exists(status))
            {
                long current = 0, peak = 0;
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        current = Kilobytes(line);
                    }
                    else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    {
                        peak = Kilobytes(line);
                    }
                }

                return (current, peak);
            }

            _process.Refresh();
            return (_process.WorkingSet64, _process.PeakWorkingSet64);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            return (0, 0);
        }

        static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    public void EnsureRunning()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException(
                $"The {Name} server exited with code {SafeExitCode(_process)}.{Environment.NewLine}--- its stderr ---{Environment.NewLine}{StandardError}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Closing stdin asks it to stop; then it is killed regardless.
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                }

                if (!_process.WaitForExit(2000))
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(2000);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }

        _process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stdout)
        {
            if (_stdout.Length < 64 * 1024)
            {
                _stdout.AppendLine(line);
            }
        }

        if (line.StartsWith(Serve.ReadyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[Serve.ReadyLine.Length..].Trim());
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_stderr)
        {
            // Bounded: a server that logs every request keeps only its first 64 KB here.
            if (_stderr.Length < 64 * 1024)
            {
                _stderr.AppendLine(line);
            }
        }
    }
}
